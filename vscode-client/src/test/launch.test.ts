// The launch module: what the extension spawns and sends, computed from settings.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { API_KEY_ENV, configurationChange, expandPath, loadServerInfo, moduleProbeArgs, serverLaunch, serverSettings } from '../common/launch';
import { EXTENSION_ROOT, PYTHON } from './session';

const serverInfo = { name: 'backendbot', module: 'backendbot' };

describe('serverLaunch', () => {
    it('runs `<python> -m <module> lsp` in the workspace folder', () => {
        const launch = serverLaunch({ python: '/venv/bin/python', serverInfo, settings: {}, baseEnv: {}, cwd: '/repo' });
        assert.equal(launch.command, '/venv/bin/python');
        assert.deepEqual(launch.args, ['-m', 'backendbot', 'lsp']);
        assert.equal(launch.cwd, '/repo');
    });

    it('inherits the environment and adds the stored API key', () => {
        const launch = serverLaunch({ python: 'python3', serverInfo, settings: {}, baseEnv: { PATH: '/bin', UNSET: undefined }, apiKey: 'sk-ant-test' });
        assert.equal(launch.env.PATH, '/bin');
        assert.equal(launch.env[API_KEY_ENV], 'sk-ant-test');
        assert.equal('UNSET' in launch.env, false);
    });

    it('leaves an inherited key alone when none is stored', () => {
        const launch = serverLaunch({ python: 'python3', serverInfo, settings: {}, baseEnv: { [API_KEY_ENV]: 'from-shell' } });
        assert.equal(launch.env[API_KEY_ENV], 'from-shell');
    });

    it('initializes the server with the settings', () => {
        const settings = { engine: 'scaffold', stack: 'express', layout: { api_routes: 'app/api/' } };
        const launch = serverLaunch({ python: 'python3', serverInfo, settings, baseEnv: {} });
        assert.deepEqual(launch.initializationOptions, settings);
        assert.deepEqual(configurationChange(settings), { settings });
    });
});

describe('serverSettings', () => {
    it('keeps the server keys unchanged and drops the extension-only and empty ones', () => {
        const section = { interpreter: '/py', engine: 'openai', model: '', stack: 'fastapi', layout: {}, 'trace.server': 'off' };
        assert.deepEqual(serverSettings(section), { engine: 'openai', stack: 'fastapi' });
    });

    it('passes invalid values through for the server to report', () => {
        assert.deepEqual(serverSettings({ engine: 'nope', layout: { tests: 'test/' } }), { engine: 'nope', layout: { tests: 'test/' } });
    });
});

describe('expandPath', () => {
    it('expands ${workspaceFolder}, ${userHome} and ~', () => {
        assert.equal(expandPath('${workspaceFolder}/.venv/bin/python', '/repo', '/home/me'), '/repo/.venv/bin/python');
        assert.equal(expandPath('${userHome}/py', undefined, '/home/me'), '/home/me/py');
        assert.equal(expandPath('~/py', undefined, '/home/me'), '/home/me/py');
        assert.equal(expandPath('/a~/py', undefined, '/home/me'), '/a~/py');
    });
});

describe('loadServerInfo', () => {
    it('reads serverInfo from package.json', () => {
        assert.deepEqual(loadServerInfo(EXTENSION_ROOT), serverInfo);
    });
});

describe('moduleProbeArgs', () => {
    it('succeeds where the server module is installed', () => {
        const probe = spawnSync(PYTHON, moduleProbeArgs(serverInfo));
        assert.equal(probe.status, 0, probe.stderr.toString());
    });

    it('exits 3 for a module that is not installed', () => {
        const probe = spawnSync(PYTHON, moduleProbeArgs({ name: 'x', module: 'backendbot_no_such_module' }));
        assert.equal(probe.status, 3, probe.stderr.toString());
    });
});

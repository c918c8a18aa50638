// The launch module: what the extension spawns and sends, computed from settings.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { KEY_PROVIDERS } from '../common/ids';
import { configurationChange, describeStoredKeys, settingsForLog, expandPath, loadServerInfo, moduleProbeArgs, serverLaunch, serverSettings } from '../common/launch';
import { EXTENSION_ROOT, PYTHON } from './session';

const serverInfo = { name: 'backendbot', module: 'backendbot' };

describe('serverLaunch', () => {
    it('runs `<python> -m <module> lsp` in the workspace folder', () => {
        const launch = serverLaunch({ python: '/venv/bin/python', serverInfo, settings: {}, baseEnv: {}, cwd: '/repo' });
        assert.equal(launch.command, '/venv/bin/python');
        assert.deepEqual(launch.args, ['-m', 'backendbot', 'lsp']);
        assert.equal(launch.cwd, '/repo');
    });

    it('inherits the environment and adds each stored API key under its own variable', () => {
        const apiKeys = { anthropic: 'sk-ant-test', openai: 'sk-oai-test' };
        const launch = serverLaunch({ python: 'python3', serverInfo, settings: {}, baseEnv: { PATH: '/bin', UNSET: undefined }, apiKeys });
        assert.equal(launch.env.PATH, '/bin');
        assert.equal(launch.env.ANTHROPIC_API_KEY, 'sk-ant-test');
        assert.equal(launch.env.OPENAI_API_KEY, 'sk-oai-test');
        assert.equal('UNSET' in launch.env, false);
    });

    it('replaces an inherited key with a stored one and leaves the others alone', () => {
        const baseEnv = { ANTHROPIC_API_KEY: 'from-shell', OPENAI_API_KEY: 'openai-from-shell' };
        const launch = serverLaunch({ python: 'python3', serverInfo, settings: {}, baseEnv, apiKeys: { openai: 'stored' } });
        assert.equal(launch.env.ANTHROPIC_API_KEY, 'from-shell');
        assert.equal(launch.env.OPENAI_API_KEY, 'stored');
    });

    it('puts the keys in the environment only, never in the arguments or settings', () => {
        const settings = { engine: 'openai', openai_base_url: 'http://127.0.0.1:11434/v1' };
        const launch = serverLaunch({ python: 'python3', serverInfo, settings, baseEnv: {}, apiKeys: { anthropic: 'sk-ant-secret', openai: 'sk-oai-secret' } });
        const visible = JSON.stringify([launch.command, launch.args, launch.initializationOptions, launch.cwd]);
        assert.doesNotMatch(visible, /secret/);
    });

    it('initializes the server with the settings', () => {
        const settings = { engine: 'scaffold', stack: 'express', layout: { api_routes: 'app/api/' } };
        const launch = serverLaunch({ python: 'python3', serverInfo, settings, baseEnv: {} });
        assert.deepEqual(launch.initializationOptions, settings);
        assert.deepEqual(configurationChange(settings), { settings });
    });
});

describe('describeStoredKeys', () => {
    it('says yes or no per provider and never shows a key', () => {
        const line = describeStoredKeys({ openai: 'sk-oai-secret' });
        assert.equal(line, 'API keys from secret storage: Anthropic no, OpenAI-compatible yes');
        assert.equal(describeStoredKeys({}), 'API keys from secret storage: Anthropic no, OpenAI-compatible no');
    });
});

describe('settingsForLog', () => {
    it('shows the settings but masks credentials in the base URL', () => {
        assert.equal(settingsForLog({ engine: 'openai', openai_base_url: 'http://127.0.0.1:11434/v1' }), '{"engine":"openai","openai_base_url":"http://127.0.0.1:11434/v1"}');
        const masked = settingsForLog({ openai_base_url: 'https://me:s3cret@llm.example.com/v1' });
        assert.equal(masked, '{"openai_base_url":"https://***@llm.example.com/v1"}');
        assert.doesNotMatch(settingsForLog({ openai_base_url: 'me:s3cret@nowhere' }), /s3cret/);
    });
});

describe('KEY_PROVIDERS', () => {
    it('keeps each key under its own secret, variable and commands', () => {
        const providers = Object.values(KEY_PROVIDERS);
        for (const field of ['secret', 'env', 'setCommand', 'clearCommand'] as const) {
            const values = providers.map((p) => p[field]);
            assert.equal(new Set(values).size, values.length, field);
        }
        assert.deepEqual(providers.map((p) => p.env), ['ANTHROPIC_API_KEY', 'OPENAI_API_KEY']);
    });
});

describe('serverSettings', () => {
    it('keeps the server keys unchanged and drops the extension-only and empty ones', () => {
        const section = { interpreter: '/py', engine: 'openai', model: '', stack: 'fastapi', layout: {}, openai_base_url: 'http://127.0.0.1:8000/v1', 'trace.server': 'off' };
        assert.deepEqual(serverSettings(section), { engine: 'openai', stack: 'fastapi', openai_base_url: 'http://127.0.0.1:8000/v1' });
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

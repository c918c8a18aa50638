// The extension's settings, interpreter discovery and key storage, against a stand-in for the
// `vscode` module (VS Code itself cannot run here). checkServerModule runs the real interpreter.
import assert from 'node:assert/strict';
import { before, beforeEach, describe, it } from 'node:test';
import { FakeUri, FakeVscode, installFakeVscode } from './fakeVscode';
import { PYTHON } from './session';

let vscode: FakeVscode;
let settings: typeof import('../common/settings');
let python: typeof import('../common/python');
let secrets: typeof import('../common/secrets');

before(async () => {
    vscode = installFakeVscode();
    settings = await import('../common/settings');
    python = await import('../common/python');
    secrets = await import('../common/secrets');
});

beforeEach(() => {
    vscode = installFakeVscode();
});

/** The Python extension as VS Code hands it out, with an active environment at `executable`. */
function pythonExtension(executable: string | undefined, onActivate: () => void = () => undefined): { fire(): void } {
    const listeners: (() => void)[] = [];
    const api = {
        ready: Promise.resolve(),
        environments: {
            getActiveEnvironmentPath: () => ({ id: 'venv', path: '/project/.venv' }),
            resolveEnvironment: (env: { path: string }) =>
                Promise.resolve(env.path === '/project/.venv' ? { executable: { uri: executable ? FakeUri.file(executable) : undefined } } : undefined),
            onDidChangeActiveEnvironmentPath: (listener: () => void) => {
                listeners.push(listener);
                return { dispose: () => undefined };
            },
        },
    };
    vscode.extensions['ms-python.python'] = {
        isActive: false,
        exports: api,
        activate: () => {
            onActivate();
            return Promise.resolve(api);
        },
    };
    return { fire: () => listeners.forEach((l) => l()) };
}

describe('readServerSettings', () => {
    it('sends only what the user set, the most specific scope first', () => {
        vscode.settings = {
            'backendbot.engine': { defaultValue: 'anthropic', globalValue: 'openai', workspaceValue: 'scaffold' },
            'backendbot.model': { defaultValue: '', globalValue: 'llama3' },
            'backendbot.stack': { defaultValue: 'fastapi' },
            'backendbot.layout': { defaultValue: {}, workspaceFolderValue: { tests: 'test/' } },
            'backendbot.interpreter': { globalValue: '/usr/bin/python3' },
        };
        assert.deepEqual(settings.readServerSettings(), { engine: 'scaffold', model: 'llama3', layout: { tests: 'test/' } });
    });

    it('takes openai_base_url from the user settings only, never from a workspace', () => {
        vscode.settings = {
            'backendbot.openai_base_url': { defaultValue: '', globalValue: 'http://127.0.0.1:11434/v1', workspaceValue: 'https://elsewhere.example/v1' },
        };
        assert.deepEqual(settings.readServerSettings(), { openai_base_url: 'http://127.0.0.1:11434/v1' });
        vscode.settings = { 'backendbot.openai_base_url': { defaultValue: '', workspaceFolderValue: 'https://elsewhere.example/v1' } };
        assert.deepEqual(settings.readServerSettings(), {});
    });
});

describe('readInterpreterSetting', () => {
    it('expands ${workspaceFolder} and treats blank as unset', () => {
        const folder = { uri: FakeUri.file('/project'), name: 'project', index: 0 };
        vscode.settings = { 'backendbot.interpreter': { globalValue: '${workspaceFolder}/.venv/bin/python' } };
        assert.equal(settings.readInterpreterSetting(folder as never), '/project/.venv/bin/python');
        vscode.settings = { 'backendbot.interpreter': { globalValue: '   ' } };
        assert.equal(settings.readInterpreterSetting(folder as never), undefined);
    });
});

describe('classifyChange', () => {
    const change = (...keys: string[]): never => ({ affectsConfiguration: (s: string) => keys.includes(s) }) as never;

    it('restarts for the interpreter, notifies for server settings, ignores the rest', () => {
        assert.deepEqual(settings.classifyChange(change('backendbot.interpreter')), { launch: true, server: false });
        assert.deepEqual(settings.classifyChange(change('backendbot.layout')), { launch: false, server: true });
        assert.deepEqual(settings.classifyChange(change('backendbot.openai_base_url')), { launch: false, server: true });
        assert.deepEqual(settings.classifyChange(change('editor.fontSize')), { launch: false, server: false });
    });
});

describe('findInterpreter', () => {
    it('takes the setting first, without activating the Python extension', async () => {
        let activated = false;
        pythonExtension('/project/.venv/bin/python', () => (activated = true));
        vscode.settings = { 'backendbot.interpreter': { globalValue: '/opt/py/bin/python' } };
        assert.deepEqual(await python.findInterpreter(), { path: '/opt/py/bin/python', source: 'setting' });
        assert.equal(activated, false);
    });

    it("then the Python extension's active environment", async () => {
        pythonExtension('/project/.venv/bin/python');
        assert.deepEqual(await python.findInterpreter(), { path: '/project/.venv/bin/python', source: 'python extension' });
    });

    it('then python3, when the Python extension is absent', async () => {
        assert.deepEqual(await python.findInterpreter(), { path: 'python3', source: 'PATH' });
    });

    it('then python3, when the environment has no executable', async () => {
        pythonExtension(undefined);
        assert.deepEqual(await python.findInterpreter(), { path: 'python3', source: 'PATH' });
    });

    it('then python3, when the Python extension fails to activate', async () => {
        pythonExtension('/x', () => {
            throw new Error('broken');
        });
        assert.deepEqual(await python.findInterpreter(), { path: 'python3', source: 'PATH' });
    });
});

describe('onDidChangePythonEnvironment', () => {
    it('calls back when another environment is selected', async () => {
        const extension = pythonExtension('/project/.venv/bin/python');
        let calls = 0;
        const subscription = await python.onDidChangePythonEnvironment(() => calls++);
        assert.ok(subscription);
        extension.fire();
        assert.equal(calls, 1);
    });

    it('is undefined without the Python extension', async () => {
        assert.equal(await python.onDidChangePythonEnvironment(() => undefined), undefined);
    });
});

describe('checkServerModule', () => {
    const serverInfo = { name: 'backendbot', module: 'backendbot' };

    it('accepts an interpreter that can import the server', async () => {
        assert.equal(await python.checkServerModule(PYTHON, serverInfo, process.env), undefined);
    });

    it('names the missing module and how to install it', async () => {
        const problem = await python.checkServerModule(PYTHON, { name: 'x', module: 'backendbot_no_such_module' }, process.env);
        assert.match(problem ?? '', /cannot import "backendbot_no_such_module".*pip install/);
    });

    it('says when the interpreter cannot be run', async () => {
        const problem = await python.checkServerModule('/nonexistent/python', serverInfo, process.env);
        assert.match(problem ?? '', /\/nonexistent\/python could not be run/);
    });
});

describe('ApiKeyStore', () => {
    /** An in-memory SecretStorage that fires onDidChange as VS Code does. */
    function memoryStorage(): { stored: Map<string, string>; storage: never } {
        const stored = new Map<string, string>();
        const listeners: ((e: { key: string }) => void)[] = [];
        const storage = {
            get: (key: string) => Promise.resolve(stored.get(key)),
            store: (key: string, value: string) => {
                stored.set(key, value);
                listeners.forEach((l) => l({ key }));
                return Promise.resolve();
            },
            delete: (key: string) => {
                stored.delete(key);
                listeners.forEach((l) => l({ key }));
                return Promise.resolve();
            },
            onDidChange: (listener: (e: { key: string }) => void) => {
                listeners.push(listener);
                return { dispose: () => undefined };
            },
        };
        return { stored, storage: storage as never };
    }

    it("keeps each provider's key under its own name and reports only their changes", async () => {
        const { stored, storage } = memoryStorage();
        const keys = new secrets.ApiKeyStore(storage);
        const changes: string[] = [];
        keys.onDidChange((provider) => changes.push(provider));
        await keys.store('anthropic', 'sk-ant-1');
        await keys.store('openai', 'sk-oai-1');
        assert.equal(await keys.get('anthropic'), 'sk-ant-1');
        assert.equal(await keys.get('openai'), 'sk-oai-1');
        assert.deepEqual([...stored.keys()].sort(), ['backendbot.anthropicApiKey', 'backendbot.openaiApiKey']);
        await (storage as { store(k: string, v: string): Promise<void> }).store('someone.else', 'x');
        await keys.delete('anthropic');
        assert.equal(await keys.get('anthropic'), undefined);
        assert.equal(await keys.get('openai'), 'sk-oai-1');
        assert.deepEqual(changes, ['anthropic', 'openai', 'anthropic']);
    });

    it('getAll returns the stored keys only', async () => {
        const { storage } = memoryStorage();
        const keys = new secrets.ApiKeyStore(storage);
        assert.deepEqual(await keys.getAll(), {});
        await keys.store('openai', 'sk-oai-2');
        assert.deepEqual(await keys.getAll(), { openai: 'sk-oai-2' });
    });
});

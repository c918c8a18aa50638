// A stand-in for the `vscode` module (VS Code cannot run here), for the modules that only read
// settings, secrets and the Python extension. Installed into Node's module loader on demand.
import Module from 'node:module';

type Listener<T> = (value: T) => void;

export class Emitter<T> {
    private readonly listeners: Listener<T>[] = [];
    readonly event = (listener: Listener<T>): { dispose(): void } => {
        this.listeners.push(listener);
        return { dispose: () => this.listeners.splice(this.listeners.indexOf(listener), 1) };
    };
    fire(value: T): void {
        this.listeners.forEach((listener) => listener(value));
    }
}

export interface Inspected {
    defaultValue?: unknown;
    globalValue?: unknown;
    workspaceValue?: unknown;
    workspaceFolderValue?: unknown;
}

export interface FakeExtension {
    isActive: boolean;
    exports: unknown;
    activate(): Promise<unknown>;
}

export class FakeUri {
    private constructor(readonly fsPath: string) {}
    static file(fsPath: string): FakeUri {
        return new FakeUri(fsPath);
    }
}

/** The state the tests set; the fake module reads it. */
export class FakeVscode {
    /** `backendbot.<key>` → what `inspect` reports. */
    settings: Record<string, Inspected> = {};
    extensions: Record<string, FakeExtension> = {};
    workspaceFolders: { uri: FakeUri; name: string; index: number }[] | undefined = undefined;

    /** What `workspace.getConfiguration(section)` answers. */
    configuration(section: string): unknown {
        const inspect = (key: string): Inspected | undefined => this.settings[`${section}.${key}`];
        return {
            inspect,
            get: (key: string, fallback?: unknown): unknown => {
                const i = inspect(key);
                return i?.workspaceFolderValue ?? i?.workspaceValue ?? i?.globalValue ?? i?.defaultValue ?? fallback;
            },
        };
    }
}

let current: FakeVscode | undefined;

function fake(): FakeVscode {
    if (current === undefined) {
        throw new Error('installFakeVscode() was not called');
    }
    return current;
}

/** The module object every `require('vscode')` gets; it reads the current state on each call. */
const vscodeModule = {
    Uri: FakeUri,
    EventEmitter: Emitter,
    workspace: {
        getConfiguration: (section: string): unknown => fake().configuration(section),
        get workspaceFolders(): unknown {
            return fake().workspaceFolders;
        },
    },
    extensions: { getExtension: (id: string): FakeExtension | undefined => fake().extensions[id] },
};

/** Any other name is a placeholder class, so code that subclasses vscode types at load still loads. */
const withPlaceholders = new Proxy<Record<string | symbol, unknown>>(vscodeModule, {
    get: (target, name) => {
        if (name in target || name === '__esModule' || name === 'then' || typeof name === 'symbol') {
            return target[name];
        }
        return class Placeholder {};
    },
});

/** Make `require('vscode')` return the fake, with fresh state to configure per test. */
export function installFakeVscode(): FakeVscode {
    if (current === undefined) {
        const loader = Module as unknown as { _load(request: string, parent: unknown, isMain: boolean): unknown };
        const load = loader._load.bind(loader);
        loader._load = (request, parent, isMain) => (request === 'vscode' ? withPlaceholders : load(request, parent, isMain));
    }
    current = new FakeVscode();
    return current;
}

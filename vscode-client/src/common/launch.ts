// How the language server is started: command, arguments, environment and the settings it is
// initialized with. Pure Node (no `vscode` import), so the Node test launches the server exactly
// as the extension does.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { KEY_PROVIDERS, PROVIDER_IDS, ProviderId } from './ids';

/** `serverInfo` in package.json: the one place that names the server and its Python module. */
export interface ServerInfo {
    readonly name: string;
    readonly module: string;
}

/** The settings the server understands, as the user set them (unset keys are left out). */
export interface ServerSettings {
    engine?: string;
    model?: string;
    stack?: string;
    layout?: Readonly<Record<string, string>>;
    openai_base_url?: string;
    verify?: boolean;
}

/** The keys of the `backendbot` settings section that are handed to the server. */
export const SERVER_SETTING_KEYS = ['engine', 'model', 'stack', 'layout', 'openai_base_url', 'verify'] as const;

/**
 * Server settings taken from the user's settings only, never from a workspace: where a stored key
 * is sent must not be chosen by a repository someone else wrote (`"scope": "machine"` in package.json).
 */
export const USER_ONLY_SETTING_KEYS: readonly (typeof SERVER_SETTING_KEYS)[number][] = ['openai_base_url'];

/** The API keys from SecretStorage by provider; a provider without a stored key is absent. */
export type StoredKeys = Partial<Record<ProviderId, string>>;

export interface LaunchInput {
    readonly python: string;
    readonly serverInfo: ServerInfo;
    readonly settings: ServerSettings;
    /** Environment of the extension host (process.env); the server inherits it. */
    readonly baseEnv: Readonly<Record<string, string | undefined>>;
    /** The keys the user stored in SecretStorage. */
    readonly apiKeys?: StoredKeys;
    /** Working directory: the first workspace folder. */
    readonly cwd?: string;
}

export interface ServerLaunch {
    readonly command: string;
    readonly args: string[];
    readonly env: Record<string, string>;
    readonly cwd?: string;
    readonly initializationOptions: ServerSettings;
}

/** Read and check `serverInfo` from the extension's package.json. */
export function loadServerInfo(extensionRoot: string): ServerInfo {
    const manifestPath = path.join(extensionRoot, 'package.json');
    const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as { serverInfo?: unknown };
    const info = manifest.serverInfo as Partial<ServerInfo> | undefined;
    if (typeof info?.name !== 'string' || typeof info.module !== 'string') {
        throw new Error(`${manifestPath}: "serverInfo" needs string fields "name" and "module"`);
    }
    return { name: info.name, module: info.module };
}

/** Keep the server's keys of a settings section, dropping empty values; values pass unchanged. */
export function serverSettings(section: Readonly<Record<string, unknown>>): ServerSettings {
    const picked: Record<string, unknown> = {};
    for (const key of SERVER_SETTING_KEYS) {
        const value = section[key];
        if (value === undefined || value === null || value === '') {
            continue;
        }
        if (typeof value === 'object' && Object.keys(value).length === 0) {
            continue;
        }
        picked[key] = value;
    }
    return picked;
}

/** The parameters of `workspace/didChangeConfiguration` for new settings. */
export function configurationChange(settings: ServerSettings): { settings: ServerSettings } {
    return { settings };
}

/** Everything needed to spawn the server: `<python> -m <module> lsp` over stdio. */
export function serverLaunch(input: LaunchInput): ServerLaunch {
    const env: Record<string, string> = {};
    for (const [key, value] of Object.entries(input.baseEnv)) {
        if (value !== undefined) {
            env[key] = value;
        }
    }
    env.PYTHONUNBUFFERED = '1';
    for (const provider of PROVIDER_IDS) {
        const key = input.apiKeys?.[provider];
        if (key) {
            env[KEY_PROVIDERS[provider].env] = key;
        }
    }
    return {
        command: input.python,
        args: ['-m', input.serverInfo.module, 'lsp'],
        env,
        cwd: input.cwd,
        initializationOptions: input.settings,
    };
}

/** For the log: which keys came from secret storage, never the keys themselves. */
export function describeStoredKeys(keys: StoredKeys): string {
    const each = PROVIDER_IDS.map((id) => `${KEY_PROVIDERS[id].label} ${keys[id] ? 'yes' : 'no'}`);
    return `API keys from secret storage: ${each.join(', ')}`;
}

/** The settings as the log shows them: a URL's user name and password are masked. */
export function settingsForLog(settings: ServerSettings): string {
    const shown: ServerSettings = { ...settings };
    if (shown.openai_base_url !== undefined) {
        shown.openai_base_url = withoutCredentials(shown.openai_base_url);
    }
    return JSON.stringify(shown);
}

function withoutCredentials(value: string): string {
    let url: URL | undefined;
    try {
        url = new URL(value);
    } catch {
        url = undefined;
    }
    if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
        return value.includes('@') ? '(not an http(s) URL; not shown)' : value;
    }
    if (url.username === '' && url.password === '') {
        return value;
    }
    url.username = '***';
    url.password = '';
    return url.href;
}

/** Arguments for `<python> …` that exit 0 only if the server's module can be imported. */
export function moduleProbeArgs(serverInfo: ServerInfo): string[] {
    const code = 'import importlib.util, sys; sys.exit(0 if importlib.util.find_spec(sys.argv[1]) else 3)';
    return ['-c', code, serverInfo.module];
}

/** Expand `${workspaceFolder}`, `${userHome}` and a leading `~` in a configured path. */
export function expandPath(value: string, workspaceFolder: string | undefined, home: string): string {
    let expanded = value.replace(/\$\{userHome\}/g, home);
    if (workspaceFolder !== undefined) {
        expanded = expanded.replace(/\$\{workspaceFolder\}/g, workspaceFolder);
    }
    if (expanded === '~' || expanded.startsWith('~/')) {
        expanded = home + expanded.slice(1);
    }
    return expanded;
}

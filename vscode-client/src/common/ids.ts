// Names the extension contributes in package.json. Pure (no `vscode` import) so the Node test can
// check that package.json and the code agree.

/** The settings section. */
export const SECTION = 'backendbot';

/** Settings of the section that are read by the extension itself, not by the server. */
export const CLIENT_SETTING_KEYS = ['interpreter', 'trace.server'] as const;

/** A model provider whose API key the extension can keep in SecretStorage. */
export interface KeyProvider {
    /** How the key is named in prompts, command titles and logs. */
    readonly label: string;
    /** The SecretStorage key under which it is kept. */
    readonly secret: string;
    /** The environment variable the server (and the provider's SDK) reads it from. */
    readonly env: string;
    /** The commands that store and remove it. */
    readonly setCommand: string;
    readonly clearCommand: string;
}

/** Every stored key, by the engine that uses it. */
export const KEY_PROVIDERS = {
    anthropic: {
        label: 'Anthropic',
        secret: 'backendbot.anthropicApiKey',
        env: 'ANTHROPIC_API_KEY',
        setCommand: 'backendbot.setApiKey',
        clearCommand: 'backendbot.clearApiKey',
    },
    openai: {
        label: 'OpenAI-compatible',
        secret: 'backendbot.openaiApiKey',
        env: 'OPENAI_API_KEY',
        setCommand: 'backendbot.setOpenAIApiKey',
        clearCommand: 'backendbot.clearOpenAIApiKey',
    },
} as const satisfies Record<string, KeyProvider>;

export type ProviderId = keyof typeof KEY_PROVIDERS;

/** The providers in a fixed order (for logs and loops). */
export const PROVIDER_IDS = Object.keys(KEY_PROVIDERS) as ProviderId[];

export const COMMANDS = {
    restart: 'backendbot.restart',
    showLogs: 'backendbot.showLogs',
} as const;

/** Every command id package.json must contribute. */
export const ALL_COMMANDS: readonly string[] = [
    ...Object.values(COMMANDS),
    ...PROVIDER_IDS.flatMap((id) => [KEY_PROVIDERS[id].setCommand, KEY_PROVIDERS[id].clearCommand]),
];

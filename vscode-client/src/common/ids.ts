// Names the extension contributes in package.json. Pure (no `vscode` import) so the Node test can
// check that package.json and the code agree.

/** The settings section. */
export const SECTION = 'backendbot';

/** Settings of the section that are read by the extension itself, not by the server. */
export const CLIENT_SETTING_KEYS = ['interpreter', 'trace.server'] as const;

export const COMMANDS = {
    restart: 'backendbot.restart',
    setApiKey: 'backendbot.setApiKey',
    clearApiKey: 'backendbot.clearApiKey',
    showLogs: 'backendbot.showLogs',
} as const;

/** The SecretStorage key under which the Anthropic API key is kept. */
export const API_KEY_SECRET = 'backendbot.anthropicApiKey';

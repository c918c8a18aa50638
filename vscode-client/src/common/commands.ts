// The commands the extension contributes (see `contributes.commands` in package.json).
import * as vscode from 'vscode';
import { COMMANDS, KEY_PROVIDERS, PROVIDER_IDS, ProviderId } from './ids';
import { Logger } from './logging';
import { ApiKeyStore, promptForApiKey } from './secrets';
import { ServerController } from './server';

export function registerCommands(server: ServerController, apiKeys: ApiKeyStore, logger: Logger): vscode.Disposable[] {
    return [
        vscode.commands.registerCommand(COMMANDS.restart, () => server.restart('restart command')),
        vscode.commands.registerCommand(COMMANDS.showLogs, () => logger.show()),
        ...PROVIDER_IDS.flatMap((provider) => keyCommands(provider, apiKeys, logger)),
    ];
}

/** Set and clear one provider's key; either fires the secret-change listener, which restarts the server. */
function keyCommands(provider: ProviderId, apiKeys: ApiKeyStore, logger: Logger): vscode.Disposable[] {
    const { label, setCommand, clearCommand } = KEY_PROVIDERS[provider];
    return [
        vscode.commands.registerCommand(setCommand, async () => {
            const key = await promptForApiKey(provider);
            if (key === undefined) {
                return;
            }
            await apiKeys.store(provider, key);
            logger.info(`${label} API key stored in secret storage`);
        }),
        vscode.commands.registerCommand(clearCommand, async () => {
            await apiKeys.delete(provider);
            logger.info(`${label} API key removed from secret storage`);
        }),
    ];
}

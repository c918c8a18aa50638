// The commands the extension contributes (see `contributes.commands` in package.json).
import * as vscode from 'vscode';
import { COMMANDS } from './ids';
import { Logger } from './logging';
import { ApiKeyStore, promptForApiKey } from './secrets';
import { ServerController } from './server';

export function registerCommands(server: ServerController, apiKeys: ApiKeyStore, logger: Logger): vscode.Disposable[] {
    return [
        vscode.commands.registerCommand(COMMANDS.restart, () => server.restart('restart command')),
        vscode.commands.registerCommand(COMMANDS.showLogs, () => logger.show()),
        vscode.commands.registerCommand(COMMANDS.setApiKey, async () => {
            const key = await promptForApiKey();
            if (key === undefined) {
                return;
            }
            // Storing fires the secret-change listener, which restarts the server with the key.
            await apiKeys.store(key);
            logger.info('Anthropic API key stored in secret storage');
        }),
        vscode.commands.registerCommand(COMMANDS.clearApiKey, async () => {
            await apiKeys.delete();
            logger.info('Anthropic API key removed from secret storage');
        }),
    ];
}

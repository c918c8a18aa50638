// Activation: joins the output channel, the server controller, the commands and the listeners
// that restart or update the server.
import * as vscode from 'vscode';
import { registerCommands } from './common/commands';
import { loadServerInfo } from './common/launch';
import { Logger } from './common/logging';
import { onDidChangePythonEnvironment } from './common/python';
import { ApiKeyStore } from './common/secrets';
import { ServerController } from './common/server';
import { classifyChange, readInterpreterSetting, primaryFolder } from './common/settings';

let server: ServerController | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
    const serverInfo = loadServerInfo(context.extensionPath);
    const logger = new Logger(serverInfo.name);
    const apiKeys = new ApiKeyStore(context.secrets);
    server = new ServerController(serverInfo, logger, apiKeys);
    const controller = server;
    context.subscriptions.push(logger, controller, ...registerCommands(controller, apiKeys, logger));

    context.subscriptions.push(
        vscode.workspace.onDidChangeConfiguration((event) => {
            const change = classifyChange(event);
            if (change.launch) {
                void controller.restart('interpreter setting changed');
            } else if (change.server) {
                void controller.sendSettings();
            }
        }),
        apiKeys.onDidChange((provider) => void controller.restart(`${provider} API key changed`)),
    );
    const pythonWatch = await onDidChangePythonEnvironment(() => {
        if (readInterpreterSetting(primaryFolder()) === undefined) {
            void controller.restart('Python environment changed');
        }
    });
    if (pythonWatch !== undefined) {
        context.subscriptions.push(pythonWatch);
    }
    await controller.restart('activation');
}

export async function deactivate(): Promise<void> {
    await server?.stop();
    server = undefined;
}

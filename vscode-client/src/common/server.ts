// Starts, restarts and stops the language server (`<python> -m backendbot lsp` over stdio) and
// keeps it told about the settings.
import * as vscode from 'vscode';
import {
    DidChangeConfigurationNotification,
    LanguageClient,
    LanguageClientOptions,
    ServerOptions,
    TransportKind,
} from 'vscode-languageclient/node';
import { ServerInfo, ServerLaunch, configurationChange, describeStoredKeys, serverLaunch, settingsForLog } from './launch';
import { Logger, describe } from './logging';
import { checkServerModule, findInterpreter } from './python';
import { ApiKeyStore } from './secrets';
import { primaryFolder, readServerSettings } from './settings';

/** The documents the server acts on: backend.yaml specs and Python/TypeScript sources. */
const DOCUMENTS = [
    { scheme: 'file', pattern: '**/backend.{yaml,yml}' },
    { scheme: 'file', language: 'python' },
    { scheme: 'file', language: 'typescript' },
];

export class ServerController implements vscode.Disposable {
    private client: LanguageClient | undefined;
    private pending: Promise<void> = Promise.resolve();

    constructor(
        private readonly serverInfo: ServerInfo,
        private readonly logger: Logger,
        private readonly apiKeys: ApiKeyStore,
    ) {}

    /** Stop the running server (if any) and start a new one; restarts run one after another. */
    restart(reason: string): Promise<void> {
        this.pending = this.pending.then(() => this.replaceClient(reason));
        return this.pending;
    }

    /** Send the current settings with `workspace/didChangeConfiguration`. */
    async sendSettings(): Promise<void> {
        const client = this.client;
        if (client?.isRunning() !== true) {
            return;
        }
        const params = configurationChange(readServerSettings(primaryFolder()?.uri));
        await client.sendNotification(DidChangeConfigurationNotification.type, params);
    }

    async stop(): Promise<void> {
        const client = this.client;
        this.client = undefined;
        if (client !== undefined) {
            try {
                await client.stop();
            } catch (error) {
                this.logger.error('Stopping the server failed', error);
            }
        }
    }

    dispose(): void {
        void this.stop();
    }

    private async replaceClient(reason: string): Promise<void> {
        await this.stop();
        this.logger.info(`Starting the server (${reason})`);
        try {
            const launch = await this.launch();
            if (launch === undefined) {
                return;
            }
            this.client = this.createClient(launch);
            await this.client.start();
            this.logger.info('Server started');
        } catch (error) {
            this.logger.error('The server did not start', error);
            void this.offerLogs(`backendbot: the language server did not start: ${describe(error)}`);
        }
    }

    /** The launch for the current interpreter and settings, or undefined (reported) when it can't run. */
    private async launch(): Promise<ServerLaunch | undefined> {
        const folder = primaryFolder();
        const interpreter = await findInterpreter(folder);
        const apiKeys = await this.apiKeys.getAll();
        const launch = serverLaunch({
            python: interpreter.path,
            serverInfo: this.serverInfo,
            settings: readServerSettings(folder?.uri),
            baseEnv: process.env,
            apiKeys,
            cwd: folder?.uri.fsPath,
        });
        this.logger.info(`Interpreter (${interpreter.source}): ${interpreter.path}`);
        this.logger.info(`Command: ${launch.command} ${launch.args.join(' ')}`);
        this.logger.info(describeStoredKeys(apiKeys));
        this.logger.info(`Settings: ${settingsForLog(launch.initializationOptions)}`);
        const problem = await checkServerModule(launch.command, this.serverInfo, launch.env);
        if (problem !== undefined) {
            this.logger.error(problem);
            void this.offerLogs(`backendbot: ${problem}. Set "backendbot.interpreter" or select another environment.`);
            return undefined;
        }
        return launch;
    }

    private createClient(launch: ServerLaunch): LanguageClient {
        const serverOptions: ServerOptions = {
            command: launch.command,
            args: launch.args,
            transport: TransportKind.stdio,
            options: { env: launch.env, cwd: launch.cwd },
        };
        const clientOptions: LanguageClientOptions = {
            documentSelector: DOCUMENTS,
            initializationOptions: launch.initializationOptions,
            outputChannel: this.logger.channel,
            traceOutputChannel: this.logger.channel,
        };
        return new LanguageClient(this.serverInfo.module, this.serverInfo.name, serverOptions, clientOptions);
    }

    private async offerLogs(message: string): Promise<void> {
        const choice = await vscode.window.showErrorMessage(message, 'Show logs');
        if (choice !== undefined) {
            this.logger.show();
        }
    }
}

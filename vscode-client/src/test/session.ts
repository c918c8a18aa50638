// A language-client session for the tests: spawns the server with the extension's own launch
// module and speaks LSP to it over stdio with vscode-languageserver-protocol.
import { ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
    ApplyWorkspaceEditRequest,
    ClientCapabilities,
    ConfigurationRequest,
    InitializeRequest,
    InitializeResult,
    InitializedNotification,
    ProtocolConnection,
    ShowMessageNotification,
    ShowMessageParams,
    ShowMessageRequest,
    RegistrationRequest,
    UnregistrationRequest,
    WorkDoneProgressCreateRequest,
    createProtocolConnection,
} from 'vscode-languageserver-protocol/node';
import { StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { ServerLaunch, ServerSettings, loadServerInfo, serverLaunch } from '../common/launch';

/** The extension's root folder (this file runs from out/test/). */
export const EXTENSION_ROOT = path.resolve(__dirname, '..', '..');

/** The interpreter CI sets up, else python3 on PATH (what the extension falls back to). */
export const PYTHON = process.env.BACKENDBOT_PYTHON ?? 'python3';

export interface Session {
    readonly connection: ProtocolConnection;
    readonly initializeResult: InitializeResult;
    /** window/showMessage notifications received so far. */
    readonly messages: ShowMessageParams[];
    /** The first window/showMessage, whenever it arrives. */
    readonly firstMessage: Promise<ShowMessageParams>;
    /** Shut the server down politely; resolves with its exit code. */
    close(): Promise<number | null>;
}

export function launchFor(settings: ServerSettings, cwd: string): ServerLaunch {
    return serverLaunch({
        python: PYTHON,
        serverInfo: loadServerInfo(EXTENSION_ROOT),
        settings,
        baseEnv: process.env,
        cwd,
    });
}

export async function startSession(root: string, capabilities: ClientCapabilities, settings: ServerSettings = {}): Promise<Session> {
    const launch = launchFor(settings, root);
    const child = spawn(launch.command, launch.args, { env: launch.env, cwd: launch.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    const stderr: Buffer[] = [];
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    const exited = exitOf(child);
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    const messages: ShowMessageParams[] = [];
    const firstMessage = new Promise<ShowMessageParams>((resolve) => {
        connection.onNotification(ShowMessageNotification.type, (params) => {
            messages.push(params);
            resolve(messages[0]);
        });
    });
    // Requests a server may send: answer as a client that applies nothing.
    connection.onRequest(ConfigurationRequest.type, (params) => params.items.map(() => launch.initializationOptions));
    connection.onRequest(RegistrationRequest.type, () => undefined);
    connection.onRequest(UnregistrationRequest.type, () => undefined);
    connection.onRequest(WorkDoneProgressCreateRequest.type, () => undefined);
    connection.onRequest(ShowMessageRequest.type, () => null);
    connection.onRequest(ApplyWorkspaceEditRequest.type, () => ({ applied: false, failureReason: 'test client' }));
    connection.listen();

    const rootUri = pathToFileURL(root).href;
    const initializeResult = await Promise.race([
        connection.sendRequest(InitializeRequest.type, {
            processId: process.pid,
            rootUri,
            workspaceFolders: [{ uri: rootUri, name: path.basename(root) }],
            capabilities,
            initializationOptions: launch.initializationOptions,
        }),
        exited.then((code) => {
            throw new Error(`server exited (${code}) before answering initialize:\n${Buffer.concat(stderr).toString()}`);
        }),
    ]);
    await connection.sendNotification(InitializedNotification.type, {});

    const close = async (): Promise<number | null> => {
        await connection.sendRequest('shutdown');
        await connection.sendNotification('exit');
        const code = await exited;
        connection.dispose();
        return code;
    };
    return { connection, initializeResult, messages, firstMessage, close };
}

function exitOf(child: ChildProcess): Promise<number | null> {
    return new Promise((resolve, reject) => {
        child.once('error', reject);
        child.once('exit', (code) => resolve(code));
    });
}

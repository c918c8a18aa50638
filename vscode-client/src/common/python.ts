// Which Python runs the server: the `backendbot.interpreter` setting, else the environment the
// Python extension (ms-python.python, optional) has selected, else `python3` on PATH.
import { execFile } from 'node:child_process';
import * as vscode from 'vscode';
import { ServerInfo, moduleProbeArgs } from './launch';
import { readInterpreterSetting } from './settings';

const PYTHON_EXTENSION_ID = 'ms-python.python';
const FALLBACK_PYTHON = 'python3';

export type InterpreterSource = 'setting' | 'python extension' | 'PATH';

export interface Interpreter {
    readonly path: string;
    readonly source: InterpreterSource;
}

/** The part of the Python extension's API this extension uses. */
interface EnvironmentPath {
    readonly id: string;
    readonly path: string;
}

interface PythonExtensionApi {
    readonly ready?: Promise<void>;
    readonly environments?: {
        getActiveEnvironmentPath(resource?: vscode.Uri): EnvironmentPath;
        resolveEnvironment(
            environment: EnvironmentPath | string,
        ): Promise<{ readonly executable: { readonly uri?: vscode.Uri } } | undefined>;
        readonly onDidChangeActiveEnvironmentPath: vscode.Event<EnvironmentPath>;
    };
}

export async function findInterpreter(folder?: vscode.WorkspaceFolder): Promise<Interpreter> {
    const configured = readInterpreterSetting(folder);
    if (configured !== undefined) {
        return { path: configured, source: 'setting' };
    }
    const fromExtension = await activeEnvironmentPython(folder?.uri);
    if (fromExtension !== undefined) {
        return { path: fromExtension, source: 'python extension' };
    }
    return { path: FALLBACK_PYTHON, source: 'PATH' };
}

/** Calls `listener` when the user selects another environment in the Python extension. */
export async function onDidChangePythonEnvironment(listener: () => void): Promise<vscode.Disposable | undefined> {
    const api = await pythonExtensionApi();
    return api?.environments?.onDidChangeActiveEnvironmentPath(() => listener());
}

async function activeEnvironmentPython(resource?: vscode.Uri): Promise<string | undefined> {
    const environments = (await pythonExtensionApi())?.environments;
    if (environments === undefined) {
        return undefined;
    }
    const active = environments.getActiveEnvironmentPath(resource);
    const resolved = await environments.resolveEnvironment(active);
    return resolved?.executable.uri?.fsPath;
}

/** The Python extension's API, or undefined when it is not installed. */
async function pythonExtensionApi(): Promise<PythonExtensionApi | undefined> {
    const extension = vscode.extensions.getExtension<PythonExtensionApi>(PYTHON_EXTENSION_ID);
    if (extension === undefined) {
        return undefined;
    }
    try {
        const api = extension.isActive ? extension.exports : await extension.activate();
        await api.ready;
        return api;
    } catch {
        // A Python extension that fails to activate counts as absent: fall back to PATH.
        return undefined;
    }
}

/** Undefined when `python` can import the server's module; otherwise what went wrong. */
export function checkServerModule(python: string, serverInfo: ServerInfo, env: NodeJS.ProcessEnv): Promise<string | undefined> {
    return new Promise((resolve) => {
        execFile(python, moduleProbeArgs(serverInfo), { env, timeout: 20_000 }, (error) => {
            if (error === null) {
                resolve(undefined);
            } else if (error.code === 3) {
                resolve(`${python} cannot import "${serverInfo.module}"; install it there: pip install '${serverInfo.module}[lsp]'`);
            } else {
                resolve(`${python} could not be run: ${error.message}`);
            }
        });
    });
}

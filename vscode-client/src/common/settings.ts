// The `backendbot` settings section: what the extension reads for itself (interpreter) and what
// it hands to the server (engine, model, stack, layout, openai_base_url, verify).
import * as os from 'node:os';
import * as vscode from 'vscode';
import { SECTION } from './ids';
import { SERVER_SETTING_KEYS, ServerSettings, USER_ONLY_SETTING_KEYS, expandPath, serverSettings } from './launch';

/** Which parts of the extension a configuration change concerns. */
export interface SettingsChange {
    /** The server must be started again (another interpreter). */
    readonly launch: boolean;
    /** The server must be told the new settings. */
    readonly server: boolean;
}

/**
 * The server settings the user set explicitly (folder, then workspace, then user settings).
 * Keys left at their default are not sent, so the server applies its own defaults and the
 * repository's `.backendbot.yml`. USER_ONLY_SETTING_KEYS come from the user's settings alone.
 */
export function readServerSettings(scope?: vscode.Uri): ServerSettings {
    const config = vscode.workspace.getConfiguration(SECTION, scope);
    const section: Record<string, unknown> = {};
    for (const key of SERVER_SETTING_KEYS) {
        const inspected = config.inspect(key);
        section[key] = USER_ONLY_SETTING_KEYS.includes(key) ? inspected?.globalValue : explicitValue(inspected);
    }
    return serverSettings(section);
}

/** `backendbot.interpreter`, with `${workspaceFolder}`, `${userHome}` and `~` expanded; or undefined. */
export function readInterpreterSetting(folder?: vscode.WorkspaceFolder): string | undefined {
    const config = vscode.workspace.getConfiguration(SECTION, folder?.uri);
    const value = config.get<string>('interpreter', '').trim();
    if (value === '') {
        return undefined;
    }
    return expandPath(value, folder?.uri.fsPath, os.homedir());
}

export function classifyChange(event: vscode.ConfigurationChangeEvent): SettingsChange {
    return {
        launch: event.affectsConfiguration(`${SECTION}.interpreter`),
        server: SERVER_SETTING_KEYS.some((key) => event.affectsConfiguration(`${SECTION}.${key}`)),
    };
}

/** The first folder of the workspace: the server's working directory and settings scope. */
export function primaryFolder(): vscode.WorkspaceFolder | undefined {
    return vscode.workspace.workspaceFolders?.[0];
}

function explicitValue<T>(inspected: { workspaceFolderValue?: T; workspaceValue?: T; globalValue?: T } | undefined): T | undefined {
    return inspected?.workspaceFolderValue ?? inspected?.workspaceValue ?? inspected?.globalValue;
}

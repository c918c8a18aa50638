// The Anthropic API key, kept in VS Code's SecretStorage (the OS keychain), never in settings.json.
import * as vscode from 'vscode';
import { API_KEY_SECRET } from './ids';

export class ApiKeyStore {
    constructor(private readonly secrets: vscode.SecretStorage) {}

    get(): Thenable<string | undefined> {
        return this.secrets.get(API_KEY_SECRET);
    }

    store(key: string): Thenable<void> {
        return this.secrets.store(API_KEY_SECRET, key);
    }

    delete(): Thenable<void> {
        return this.secrets.delete(API_KEY_SECRET);
    }

    /** Fires when the key is stored or deleted, from this window or another. */
    onDidChange(listener: () => void): vscode.Disposable {
        return this.secrets.onDidChange((event) => {
            if (event.key === API_KEY_SECRET) {
                listener();
            }
        });
    }
}

/** Ask for a key in a password box; undefined when the user cancels. */
export async function promptForApiKey(): Promise<string | undefined> {
    const key = await vscode.window.showInputBox({
        title: 'backendbot: Anthropic API key',
        prompt: 'Stored in VS Code\'s secret storage and handed to the language server as ANTHROPIC_API_KEY.',
        password: true,
        ignoreFocusOut: true,
        validateInput: (value) => (value.trim() === '' ? 'The key is empty.' : undefined),
    });
    return key?.trim();
}

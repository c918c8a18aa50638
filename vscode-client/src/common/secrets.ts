// Model API keys, kept in VS Code's SecretStorage (the OS keychain), never in settings.json:
// one secret per provider (see KEY_PROVIDERS in ids.ts).
import * as vscode from 'vscode';
import { KEY_PROVIDERS, PROVIDER_IDS, ProviderId } from './ids';
import { StoredKeys } from './launch';

/** The part of vscode.SecretStorage the store uses. */
export type SecretStorageLike = Pick<vscode.SecretStorage, 'get' | 'store' | 'delete' | 'onDidChange'>;

export class ApiKeyStore {
    constructor(private readonly secrets: SecretStorageLike) {}

    get(provider: ProviderId): Thenable<string | undefined> {
        return this.secrets.get(KEY_PROVIDERS[provider].secret);
    }

    /** Every stored key, read one after another. */
    async getAll(): Promise<StoredKeys> {
        const keys: StoredKeys = {};
        for (const provider of PROVIDER_IDS) {
            const key = await this.get(provider);
            if (key !== undefined && key !== '') {
                keys[provider] = key;
            }
        }
        return keys;
    }

    store(provider: ProviderId, key: string): Thenable<void> {
        return this.secrets.store(KEY_PROVIDERS[provider].secret, key);
    }

    delete(provider: ProviderId): Thenable<void> {
        return this.secrets.delete(KEY_PROVIDERS[provider].secret);
    }

    /** Fires when one of the keys is stored or deleted, from this window or another. */
    onDidChange(listener: (provider: ProviderId) => void): vscode.Disposable {
        return this.secrets.onDidChange((event) => {
            const provider = PROVIDER_IDS.find((id) => KEY_PROVIDERS[id].secret === event.key);
            if (provider !== undefined) {
                listener(provider);
            }
        });
    }
}

/** Ask for a provider's key in a password box; undefined when the user cancels. */
export async function promptForApiKey(provider: ProviderId): Promise<string | undefined> {
    const { label, env } = KEY_PROVIDERS[provider];
    const key = await vscode.window.showInputBox({
        title: `backendbot: ${label} API key`,
        prompt: `Stored in VS Code's secret storage and handed to the language server as ${env}.`,
        password: true,
        ignoreFocusOut: true,
        validateInput: (value) => (value.trim() === '' ? 'The key is empty.' : undefined),
    });
    return key?.trim();
}

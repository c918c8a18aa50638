// The extension's output channel, shared by the extension's own messages and the language client.
import * as vscode from 'vscode';

export class Logger implements vscode.Disposable {
    readonly channel: vscode.LogOutputChannel;

    constructor(name: string) {
        this.channel = vscode.window.createOutputChannel(name, { log: true });
    }

    info(message: string): void {
        this.channel.info(message);
    }

    warn(message: string): void {
        this.channel.warn(message);
    }

    error(message: string, error?: unknown): void {
        this.channel.error(error === undefined ? message : `${message}: ${describe(error)}`);
    }

    show(): void {
        this.channel.show(true);
    }

    dispose(): void {
        this.channel.dispose();
    }
}

/** A one-line description of a thrown value. */
export function describe(error: unknown): string {
    return error instanceof Error ? error.message : String(error);
}

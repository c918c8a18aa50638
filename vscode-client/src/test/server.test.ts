// The real language server, launched as the extension launches it, driven over stdio:
// initialize → didOpen backend.yaml → codeAction → codeAction/resolve.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import {
    ClientCapabilities,
    CodeAction,
    CodeActionRequest,
    CodeActionResolveRequest,
    Command,
    CreateFile,
    DidChangeConfigurationNotification,
    MessageType,
    DidOpenTextDocumentNotification,
    TextDocumentEdit,
    WorkspaceEdit,
} from 'vscode-languageserver-protocol/node';
import { SERVER_SETTING_KEYS, ServerSettings, configurationChange, serverSettings } from '../common/launch';
import { EXTENSION_ROOT, Session, startSession } from './session';

const SPEC = fs.readFileSync(path.join(EXTENSION_ROOT, 'src', 'test', 'fixtures', 'backend.yaml'), 'utf8');
const TIMEOUT = { timeout: 120_000 };

/** What VS Code announces; `resourceOperations` decides between documentChanges and changes. */
function capabilities(resourceOperations: ('create' | 'rename' | 'delete')[] | undefined): ClientCapabilities {
    return {
        workspace: {
            applyEdit: true,
            configuration: true,
            workspaceEdit: resourceOperations ? { documentChanges: true, resourceOperations, failureHandling: 'abort' } : {},
            didChangeConfiguration: { dynamicRegistration: false },
        },
        textDocument: {
            synchronization: { didSave: true },
            codeAction: {
                codeActionLiteralSupport: { codeActionKind: { valueSet: ['', 'quickfix', 'refactor', 'refactor.rewrite', 'source'] } },
                resolveSupport: { properties: ['edit'] },
                dataSupport: true,
            },
        },
        window: { workDoneProgress: true, showMessage: {} },
    };
}

interface Workspace {
    readonly root: string;
    readonly rootUri: string;
    readonly specUri: string;
}

function makeWorkspace(): Workspace {
    const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'backendbot-vscode-')));
    const spec = path.join(root, 'backend.yaml');
    fs.writeFileSync(spec, SPEC);
    return { root, rootUri: pathToFileURL(root).href, specUri: pathToFileURL(spec).href };
}

async function openSpec(session: Session, workspace: Workspace): Promise<void> {
    await session.connection.sendNotification(DidOpenTextDocumentNotification.type, {
        textDocument: { uri: workspace.specUri, languageId: 'yaml', version: 1, text: SPEC },
    });
}

async function actionsAt(session: Session, workspace: Workspace, line: number): Promise<CodeAction[]> {
    const result = await session.connection.sendRequest(CodeActionRequest.type, {
        textDocument: { uri: workspace.specUri },
        range: { start: { line, character: 0 }, end: { line, character: 0 } },
        context: { diagnostics: [], triggerKind: 1 },
    });
    return (result ?? []).filter((item): item is CodeAction => !Command.is(item));
}

function byTitle(actions: CodeAction[], title: string): CodeAction {
    const action = actions.find((a) => a.title === title);
    assert.ok(action, `no "${title}" among ${JSON.stringify(actions.map((a) => a.title))}`);
    return action;
}

function lineOf(text: string, needle: string): number {
    const line = text.split('\n').findIndex((l) => l.startsWith(needle));
    assert.ok(line >= 0, needle);
    return line;
}

async function resolved(session: Session, action: CodeAction): Promise<WorkspaceEdit> {
    assert.equal(action.edit, undefined, 'an offline action is listed without its edit');
    const result = await session.connection.sendRequest(CodeActionResolveRequest.type, action);
    assert.ok(result.edit, 'codeAction/resolve returned no edit');
    return result.edit;
}

function assertNonEmptyText(edit: TextDocumentEdit, rootUri: string): void {
    assert.ok(edit.textDocument.uri.startsWith(`${rootUri}/`), `${edit.textDocument.uri} is outside ${rootUri}`);
    assert.ok(edit.edits.some((e) => 'newText' in e && e.newText.length > 0), `no text for ${edit.textDocument.uri}`);
}

/**
 * A server for the enclosing suite: started before its tests, shut down (exit code 0) after.
 * `verify: false` unless the suite says otherwise: a resolve then starts no project checks.
 */
function serverForSuite(caps: ClientCapabilities, settings: ServerSettings = {}): { workspace: Workspace; session: () => Session } {
    const workspace = makeWorkspace();
    let started: Session | undefined;
    before(async () => {
        started = await startSession(workspace.root, caps, { verify: false, ...settings });
        await openSpec(started, workspace);
    });
    after(async () => {
        try {
            if (started !== undefined) {
                assert.equal(await started.close(), 0, 'the server exits 0 after shutdown/exit');
            }
        } finally {
            fs.rmSync(workspace.root, { recursive: true, force: true });
        }
    });
    const session = (): Session => {
        assert.ok(started, 'the server did not start');
        return started;
    };
    return { workspace, session };
}

describe('language server with resource operations (documentChanges)', TIMEOUT, () => {
    const { workspace, session } = serverForSuite(capabilities(['create', 'rename', 'delete']), { engine: 'scaffold' });

    it('announces resolvable code actions', () => {
        const provider = session().initializeResult.capabilities.codeActionProvider;
        assert.ok(typeof provider === 'object' && provider.resolveProvider === true, JSON.stringify(provider));
    });

    it('offers "Generate backend" at line 0 and on resources:, resolving to CreateFile + TextDocumentEdit', async () => {
        byTitle(await actionsAt(session(), workspace, lineOf(SPEC, 'resources:')), 'Generate backend');
        const edit = await resolved(session(), byTitle(await actionsAt(session(), workspace, 0), 'Generate backend'));
        const changes = edit.documentChanges ?? [];
        const created = changes.filter((c): c is CreateFile => 'kind' in c && c.kind === 'create');
        const texts = changes.filter((c): c is TextDocumentEdit => TextDocumentEdit.is(c));
        assert.ok(created.length > 0, 'no CreateFile');
        assert.ok(texts.length > 0, 'no TextDocumentEdit');
        for (const create of created) {
            assert.ok(create.uri.startsWith(`${workspace.rootUri}/`), `${create.uri} is outside the workspace`);
            assert.notEqual(create.options?.overwrite, true, `${create.uri} would overwrite`);
            assert.notEqual(create.options?.ignoreIfExists, true, `${create.uri} would be skipped silently`);
        }
        // The workspace holds only backend.yaml: every file is new, and created before it is filled.
        for (const text of texts) {
            assertNonEmptyText(text, workspace.rootUri);
            const uri = text.textDocument.uri;
            const createdAt = changes.findIndex((c) => 'kind' in c && c.kind === 'create' && c.uri === uri);
            assert.ok(createdAt >= 0 && createdAt < changes.indexOf(text), `${uri} is filled before it is created`);
        }
    });

    it('offers the model and endpoints of a resource on its line', async () => {
        const actions = await actionsAt(session(), workspace, lineOf(SPEC, '  Recipe:'));
        byTitle(actions, 'Generate model: Recipe');
        const edit = await resolved(session(), byTitle(actions, 'Generate endpoints: Recipe'));
        assert.ok((edit.documentChanges ?? []).length > 0, 'empty edit');
    });

    it('keeps answering after workspace/didChangeConfiguration', async () => {
        const params = configurationChange({ engine: 'scaffold', stack: 'fastapi' });
        await session().connection.sendNotification(DidChangeConfigurationNotification.type, params);
        byTitle(await actionsAt(session(), workspace, 0), 'Generate backend');
    });

    it('writes nothing itself: the client applies the edit', () => {
        assert.deepEqual(fs.readdirSync(workspace.root), ['backend.yaml']);
    });
});

describe('language server without resource operations (changes)', TIMEOUT, () => {
    const { workspace, session } = serverForSuite(capabilities(undefined));

    it('resolves "Generate backend" to plain changes', async () => {
        const edit = await resolved(session(), byTitle(await actionsAt(session(), workspace, 0), 'Generate backend'));
        assert.equal(edit.documentChanges, undefined);
        const files = Object.entries(edit.changes ?? {});
        assert.ok(files.length > 0, 'no changes');
        for (const [uri, edits] of files) {
            assert.ok(uri.startsWith(`${workspace.rootUri}/`), `${uri} is outside the workspace`);
            assert.ok(edits.some((e) => e.newText.length > 0), `no text for ${uri}`);
        }
    });
});

describe('language server with an invalid setting', TIMEOUT, () => {
    const { workspace, session } = serverForSuite(capabilities(['create']), { engine: 'no-such-engine' });

    it('tells the user and goes on with the defaults', async () => {
        const message = await session().firstMessage;
        assert.ok(message.type === MessageType.Error || message.type === MessageType.Warning, JSON.stringify(message));
        assert.match(message.message, /engine/);
        byTitle(await actionsAt(session(), workspace, 0), 'Generate backend');
    });
});

describe('settings from the extension reach the server', TIMEOUT, () => {
    const { workspace, session } = serverForSuite(capabilities(['create']), { layout: { api_routes: 'app/api/' } });

    async function createdRoutes(): Promise<string[]> {
        const actions = await actionsAt(session(), workspace, lineOf(SPEC, '  Recipe:'));
        const edit = await resolved(session(), byTitle(actions, 'Generate endpoints: Recipe'));
        return (edit.documentChanges ?? [])
            .filter((c): c is CreateFile => 'kind' in c && c.kind === 'create')
            .map((c) => c.uri.slice(workspace.rootUri.length + 1));
    }

    it('as initializationOptions', async () => {
        const created = await createdRoutes();
        assert.ok(created.some((p) => p.startsWith('app/api/')), created.join(' '));
    });

    it('and again with workspace/didChangeConfiguration', async () => {
        const params = configurationChange({ layout: { api_routes: 'web/routes/' } });
        await session().connection.sendNotification(DidChangeConfigurationNotification.type, params);
        const created = await createdRoutes();
        assert.ok(created.some((p) => p.startsWith('web/routes/')), created.join(' '));
        assert.ok(!created.some((p) => p.startsWith('app/api/')), created.join(' '));
    });
});

describe('every setting the extension contributes is one the server accepts', TIMEOUT, () => {
    // Typed by SERVER_SETTING_KEYS, so a key added to the extension must be added here too.
    const all: Required<Record<(typeof SERVER_SETTING_KEYS)[number], unknown>> = {
        engine: 'openai',
        model: 'llama3.1',
        stack: 'fastapi',
        layout: { api_routes: 'app/api/' },
        openai_base_url: 'http://127.0.0.1:11434/v1',
        verify: false,
    };
    const { workspace, session } = serverForSuite(capabilities(['create']), serverSettings(all));

    it('at initialize and through workspace/didChangeConfiguration, without a warning', async () => {
        const params = configurationChange(serverSettings({ ...all, engine: 'anthropic', openai_base_url: 'https://llm.example.com/v1' }));
        await session().connection.sendNotification(DidChangeConfigurationNotification.type, params);
        // Offline actions answer whatever the engine; the reply comes after any settings warning.
        byTitle(await actionsAt(session(), workspace, 0), 'Generate backend');
        assert.deepEqual(session().messages, []);
    });
});

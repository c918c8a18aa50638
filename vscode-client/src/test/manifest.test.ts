// package.json and the code agree on commands, settings and activation.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { ALL_COMMANDS, CLIENT_SETTING_KEYS, KEY_PROVIDERS, SECTION } from '../common/ids';
import { SERVER_SETTING_KEYS, USER_ONLY_SETTING_KEYS } from '../common/launch';
import { installFakeVscode } from './fakeVscode';
import { EXTENSION_ROOT } from './session';

interface Manifest {
    main: string;
    activationEvents: string[];
    contributes: {
        commands: { command: string; title: string }[];
        configuration: { properties: Record<string, { default?: unknown; enum?: unknown[]; scope?: string }> };
    };
}

const manifest = JSON.parse(fs.readFileSync(path.join(EXTENSION_ROOT, 'package.json'), 'utf8')) as Manifest;

describe('package.json', () => {
    it('contributes exactly the commands the extension registers', () => {
        const contributed = manifest.contributes.commands.map((c) => c.command).sort();
        assert.deepEqual(contributed, [...ALL_COMMANDS].sort());
    });

    it('titles each key command with the provider it stores the key of', () => {
        const titles = new Map(manifest.contributes.commands.map((c) => [c.command, c.title]));
        for (const { label, setCommand, clearCommand } of Object.values(KEY_PROVIDERS)) {
            assert.equal(titles.get(setCommand), `Set ${label} API Key`);
            assert.equal(titles.get(clearCommand), `Clear ${label} API Key`);
        }
    });

    it('lets only user settings choose where a stored key is sent', () => {
        const properties = manifest.contributes.configuration.properties;
        for (const key of USER_ONLY_SETTING_KEYS) {
            assert.equal(properties[`${SECTION}.${key}`].scope, 'machine', key);
        }
    });

    it('contributes exactly the settings the extension reads', () => {
        const contributed = Object.keys(manifest.contributes.configuration.properties).sort();
        const read = [...SERVER_SETTING_KEYS, ...CLIENT_SETTING_KEYS].map((key) => `${SECTION}.${key}`).sort();
        assert.deepEqual(contributed, read);
    });

    it('offers the engines and stacks of the design', () => {
        const properties = manifest.contributes.configuration.properties;
        assert.deepEqual(properties['backendbot.engine'].enum, ['scaffold', 'anthropic', 'openai']);
        assert.deepEqual(properties['backendbot.stack'].enum, ['fastapi', 'express']);
    });

    it('activates on backend.yaml and on YAML, Python and TypeScript files', () => {
        for (const event of ['onLanguage:yaml', 'onLanguage:python', 'onLanguage:typescript', 'workspaceContains:**/backend.yaml']) {
            assert.ok(manifest.activationEvents.includes(event), event);
        }
    });

    it('points main at a bundle that loads and exports activate and deactivate', async () => {
        installFakeVscode();
        const main = (await import(path.join(EXTENSION_ROOT, manifest.main))) as Record<string, unknown>;
        assert.equal(typeof main.activate, 'function');
        assert.equal(typeof main.deactivate, 'function');
    });

    it('ships the helper vscode-languageclient needs to stop a server beside the bundle', () => {
        assert.ok(fs.existsSync(path.join(EXTENSION_ROOT, path.dirname(manifest.main), 'terminateProcess.sh')));
    });
});

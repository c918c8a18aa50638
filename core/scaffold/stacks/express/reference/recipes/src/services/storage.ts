/** Where uploaded files live: a small interface and a local-folder implementation. */
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";

import { NotFound } from "./errors.js";

export interface Storage {
  save(key: string, data: Buffer): Promise<void>;
  load(key: string): Promise<Buffer>;
  delete(key: string): Promise<void>;
}

const KEY = /^[A-Za-z0-9_]+(\/[A-Za-z0-9_]+)*$/;

/** Files under one folder; keys are slash-separated words such as `notes/7/attachment`. */
export class LocalStorage implements Storage {
  constructor(private readonly root: string) {}

  private path(key: string): string {
    if (!KEY.test(key)) throw new Error(`invalid storage key ${JSON.stringify(key)}`);
    return join(this.root, key);
  }

  async save(key: string, data: Buffer): Promise<void> {
    const path = this.path(key);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(`${path}.part`, data);
    await rename(`${path}.part`, path);
  }

  async load(key: string): Promise<Buffer> {
    try {
      return await readFile(this.path(key));
    } catch {
      throw new NotFound(`no file stored for ${key}`);
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.path(key), { force: true });
  }
}

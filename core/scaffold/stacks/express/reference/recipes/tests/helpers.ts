/** A fresh app per test: its own SQLite file (or, with TEST_DATABASE_URL, its own PostgreSQL
 * schema) and upload folder, cheap argon2, a recorded log. */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import type { Express } from "express";
import pg from "pg";
import request from "supertest";
import { afterEach } from "vitest";

import type { Settings } from "../config/settings.js";
import { createApp } from "../src/app.js";
import type { Level } from "../src/context.js";
import { type Database, openDatabase } from "../src/database/connection.js";
import { migrate } from "../src/database/migrate.js";
import type { Storage } from "../src/services/storage.js";

export interface TestApp {
  app: Express;
  database: Database;
  settings: Settings;
  logs: { level: Level; name: string; message: string }[];
}

const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

export function testSettings(folder: string, overrides: Partial<Settings> = {}): Settings {
  return {
    appName: "recipes",
    databaseUrl: `sqlite:///${join(folder, "test.db")}`,
    databasePoolSize: 1,
    corsOrigins: ["https://app.example.com"],
    logLevel: "info",
    maxBodyBytes: 1024 * 1024,
    environment: "test",
    jwtSecret: "s".repeat(40),
    accessTokenMinutes: 60,
    loginFailuresPerAccount: 5,
    loginFailuresPerAddress: 50,
    loginLockoutSeconds: 900,
    argon2TimeCost: 1,
    argon2MemoryKib: 64,
    uploadDir: join(folder, "uploads"),
    maxUploadBytes: 64 * 1024,
    port: 0,
    host: "127.0.0.1",
    ...overrides,
  };
}

/** A new schema in the TEST_DATABASE_URL database: its URL, and how to drop it. */
async function postgresSchema(server: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const schema = `test_${randomBytes(6).toString("hex")}`;
  const run = async (sql: string): Promise<void> => {
    const client = new pg.Client({ connectionString: server });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await run(`CREATE SCHEMA ${schema}`);
  const options = encodeURIComponent(`-c search_path=${schema}`);
  const url = `${server}${server.includes("?") ? "&" : "?"}options=${options}`;
  return { url, drop: () => run(`DROP SCHEMA ${schema} CASCADE`) };
}

export async function makeApp(overrides: Partial<Settings> = {}, storage?: Storage): Promise<TestApp> {
  const folder = mkdtempSync(join(tmpdir(), "recipes-test-"));
  const server = process.env.TEST_DATABASE_URL;
  const schema = server ? await postgresSchema(server) : undefined;
  const settings = testSettings(folder, { ...(schema ? { databaseUrl: schema.url } : {}), ...overrides });
  const database = openDatabase(settings.databaseUrl);
  await migrate(database);
  const logs: TestApp["logs"] = [];
  const app = createApp({
    settings,
    database,
    ...(storage === undefined ? {} : { storage }),
    log: (level, name, message) => logs.push({ level, name, message }),
  });
  cleanups.push(async () => {
    await database.close();
    await schema?.drop();
    rmSync(folder, { recursive: true, force: true });
  });
  return { app, database, settings, logs };
}

let counter = 0;

/** Registers a new account and answers its bearer token; `role` is set in the database. */
export async function signIn(t: TestApp, role = "user", email?: string): Promise<{ token: string; id: number; email: string }> {
  counter += 1;
  const address = email ?? `user${counter}@example.com`;
  const password = "correct horse battery";
  await request(t.app).post("/auth/register").send({ email: address, password }).expect(202);
  if (role !== "user") {
    await t.database.db.updateTable("users").set({ role }).where("email", "=", address).execute();
  }
  const login = await request(t.app).post("/auth/login").send({ email: address, password }).expect(200);
  const token = (login.body as { access_token: string }).access_token;
  const me = await request(t.app).get("/auth/me").set("Authorization", `Bearer ${token}`).expect(200);
  return { token, id: (me.body as { id: number }).id, email: address };
}

export const PASSWORD = "correct horse battery";

export function bearer(token: string): [string, string] {
  return ["Authorization", `Bearer ${token}`];
}

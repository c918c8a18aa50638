import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { describe, expect, it } from "vitest";

import { SettingsError, checkSettings, loadSettings, readEnvironment } from "../config/settings.js";
import { openDatabase, sqlitePath } from "../src/database/connection.js";
import { isConstraintError } from "../src/services/crud.js";
import { TooManyRequests } from "../src/services/errors.js";
import { LoginLimits } from "../src/services/login-limits.js";
import { Passwords } from "../src/services/passwords.js";
import { flag, isoTime, nullableString, stringList } from "../src/services/rows.js";
import { LocalStorage } from "../src/services/storage.js";
import { Tokens } from "../src/services/tokens.js";
import { testSettings } from "./helpers.js";

describe("settings", () => {
  const secret = "k".repeat(40);

  it("reads the environment with defaults", () => {
    const settings = loadSettings({ JWT_SECRET: secret, CORS_ORIGINS: '["https://a.example"]', PORT: "9000" });
    expect(settings).toMatchObject({
      databaseUrl: "sqlite:///./recipes.db",
      corsOrigins: ["https://a.example"],
      port: 9000,
      logLevel: "info",
      maxBodyBytes: 1048576,
    });
    expect(loadSettings({ JWT_SECRET: secret, CORS_ORIGINS: "https://a.example, https://b.example" }).corsOrigins).toEqual([
      "https://a.example",
      "https://b.example",
    ]);
  });

  it("names a bad value", () => {
    expect(() => loadSettings({ JWT_SECRET: secret, PORT: "many" })).toThrow(/invalid settings: PORT/);
    expect(() => loadSettings({ JWT_SECRET: secret, CORS_ORIGINS: "[nope" })).toThrow(/CORS_ORIGINS/);
  });

  it("refuses a missing, placeholder or short JWT secret, except a missing one in development", () => {
    expect(() => loadSettings({})).toThrow(SettingsError);
    expect(() => loadSettings({ JWT_SECRET: "change-me" })).toThrow(/placeholder/);
    expect(() => loadSettings({ JWT_SECRET: "short" })).toThrow(/5 bytes, under 32/);
    const development = loadSettings({ ENVIRONMENT: "development" });
    expect(development.jwtSecret.length).toBeGreaterThanOrEqual(32);
    expect(checkSettings(testSettings("/tmp")).jwtSecret).toBe("s".repeat(40));
  });

  it("reads a .env file under the real environment", () => {
    const folder = mkdtempSync(join(tmpdir(), "env-"));
    const file = join(folder, ".env");
    writeFileSync(file, "RECIPES_TEST_VALUE=from-file\n");
    expect(readEnvironment(file).RECIPES_TEST_VALUE).toBe("from-file");
    expect(readEnvironment(join(folder, "missing"))).toBe(process.env);
  });
});

describe("database urls", () => {
  it("take SQLAlchemy's sqlite forms and refuse others", () => {
    expect(sqlitePath("sqlite:///./recipes.db")).toBe("./recipes.db");
    expect(sqlitePath("sqlite:////tmp/r.db")).toBe("/tmp/r.db");
    expect(sqlitePath("sqlite:///:memory:")).toBe(":memory:");
    expect(() => sqlitePath("mysql://x")).toThrow(/neither sqlite/);
  });

  it("open PostgreSQL lazily through a pool", async () => {
    const database = openDatabase("postgresql://nobody@127.0.0.1:1/none");
    expect(database.dialect).toBe("postgres");
    await database.close();
  });

  it("recognise constraint errors of both databases", () => {
    expect(isConstraintError({ code: "SQLITE_CONSTRAINT_UNIQUE" })).toBe(true);
    expect(isConstraintError({ code: "23505" })).toBe(true);
    expect(isConstraintError({ code: "42P01" })).toBe(false);
    expect(isConstraintError(new Error("x"))).toBe(false);
  });
});

describe("login limits", () => {
  it("lock an account after its limit until the window passes", () => {
    let now = 0;
    const limits = new LoginLimits({ perAccount: 2, perAddress: 10, lockoutSeconds: 60, now: () => now });
    limits.failed("a@x", "1.2.3.4");
    limits.check("a@x", "1.2.3.4");
    limits.failed("a@x", "1.2.3.4");
    expect(() => { limits.check("a@x", "1.2.3.4"); }).toThrow(TooManyRequests);
    limits.check("b@x", "5.6.7.8");
    now = 61_000;
    limits.check("a@x", "1.2.3.4");
    limits.failed("a@x", "1.2.3.4");
    limits.succeeded("a@x");
    limits.check("a@x", "1.2.3.4");
  });

  it("lock an address after its limit", () => {
    const limits = new LoginLimits({ perAccount: 100, perAddress: 2, lockoutSeconds: 60 });
    limits.failed("a@x", "1.2.3.4");
    limits.failed("b@x", "1.2.3.4");
    expect(() => { limits.check("c@x", "1.2.3.4"); }).toThrow(/too many failed logins/);
  });
});

describe("building blocks", () => {
  it("hash and verify passwords, refusing a non-argon2 hash", async () => {
    const passwords = new Passwords(1, 64);
    const hashed = await passwords.hash("a password");
    expect(await passwords.verify(hashed, "a password")).toBe(true);
    expect(await passwords.verify(hashed, "another")).toBe(false);
    expect(await passwords.verify("plain", "a password")).toBe(false);
    expect(await passwords.dummy()).toBe(await passwords.dummy());
  });

  it("issue tokens that only their secret opens", () => {
    const tokens = new Tokens("t".repeat(40), 5);
    const token = tokens.issue(7, 2);
    expect(tokens.subject(token)).toEqual({ userId: 7, version: 2 });
    expect(() => new Tokens("u".repeat(40), 5).subject(token)).toThrow(/invalid or expired/);
  });

  it("store files under safe keys only", async () => {
    const storage = new LocalStorage(mkdtempSync(join(tmpdir(), "store-")));
    await storage.save("recipes/1/image", Buffer.from("data"));
    expect((await storage.load("recipes/1/image")).toString()).toBe("data");
    await storage.delete("recipes/1/image");
    await expect(storage.load("recipes/1/image")).rejects.toThrow(/no file stored/);
    await expect(storage.save("../escape", Buffer.from(""))).rejects.toThrow(/invalid storage key/);
  });

  it("read database values as JSON values", () => {
    expect(isoTime(new Date(0))).toBe("1970-01-01T00:00:00.000Z");
    expect(isoTime("2026-01-02 03:04:05")).toBe("2026-01-02T03:04:05.000Z");
    expect(isoTime(5)).toBe("5");
    expect(flag(1)).toBe(true);
    expect(flag(false)).toBe(false);
    expect(stringList('["a"]')).toEqual(["a"]);
    expect(stringList(["b"])).toEqual(["b"]);
    expect(stringList("{}")).toEqual([]);
    expect(nullableString(3)).toBe("3");
    expect(nullableString(undefined)).toBeNull();
  });
});

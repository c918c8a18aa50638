/** What the routes and controllers share: settings, database, storage, auth services, the log. */
import type { Settings } from "../config/settings.js";
import type { Database } from "./database/connection.js";
import type { LoginLimits } from "./services/login-limits.js";
import type { Passwords } from "./services/passwords.js";
import type { Storage } from "./services/storage.js";
import type { Tokens } from "./services/tokens.js";

export type Level = "debug" | "info" | "warn" | "error";
export type Logger = (level: Level, name: string, message: string) => void;

export interface AppContext {
  settings: Settings;
  database: Database;
  storage: Storage;
  passwords: Passwords;
  tokens: Tokens;
  loginLimits: LoginLimits;
  log: Logger;
}

const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** One line per event on stdout: time, level, logger name, message. */
export function consoleLogger(threshold: Level): Logger {
  return (level, name, message) => {
    if (ORDER[level] < ORDER[threshold]) return;
    process.stdout.write(`${new Date().toISOString()} ${level.toUpperCase()} ${name} ${message}\n`);
  };
}

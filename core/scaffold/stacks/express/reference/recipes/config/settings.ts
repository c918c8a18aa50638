/** Settings from the environment (and a .env file), read once when the app starts. */
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { z } from "zod";

export const MAKE_SECRET =
  "node -e \"console.log(require('crypto').randomBytes(48).toString('base64url'))\"";
// Example values that must never sign real tokens (the one in .env.example, and the like).
export const PLACEHOLDER_SECRETS = new Set([
  "change-me-to-a-long-random-string",
  "change-me",
  "changeme",
  "secret",
  "jwt-secret",
]);
export const MIN_SECRET_BYTES = 32;

export interface Settings {
  appName: string;
  /** `sqlite:///./recipes.db` (the default), `sqlite:///:memory:` or `postgresql://...` */
  databaseUrl: string;
  databasePoolSize: number;
  corsOrigins: string[];
  logLevel: "debug" | "info" | "warn" | "error";
  /** the largest request body (uploads: maxUploadBytes plus framing) */
  maxBodyBytes: number;
  environment: string;
  jwtSecret: string;
  accessTokenMinutes: number;
  loginFailuresPerAccount: number;
  loginFailuresPerAddress: number;
  loginLockoutSeconds: number;
  argon2TimeCost: number;
  argon2MemoryKib: number;
  uploadDir: string;
  maxUploadBytes: number;
  port: number;
  host: string;
}

const integer = (fallback: number, min: number) =>
  z.coerce.number().int().min(min).default(fallback);

const corsList = z
  .string()
  .default("[]")
  .transform((text, ctx) => {
    const trimmed = text.trim();
    if (!trimmed.startsWith("[")) return trimmed.split(",").map((o) => o.trim()).filter(Boolean);
    try {
      return z.array(z.string()).parse(JSON.parse(trimmed));
    } catch {
      ctx.addIssue({ code: "custom", message: 'expected a JSON list such as ["https://a.example"]' });
      return z.NEVER;
    }
  });

const environment = z.object({
  APP_NAME: z.string().default("recipes"),
  DATABASE_URL: z.string().default("sqlite:///./recipes.db"),
  DATABASE_POOL_SIZE: integer(5, 1),
  CORS_ORIGINS: corsList,
  LOG_LEVEL: z
    .string()
    .default("info")
    .transform((level) => level.toLowerCase())
    .pipe(z.enum(["debug", "info", "warn", "error"])),
  MAX_BODY_BYTES: integer(1024 * 1024, 1),
  ENVIRONMENT: z.string().default("production"),
  JWT_SECRET: z.string().default(""),
  ACCESS_TOKEN_MINUTES: integer(60, 1),
  LOGIN_FAILURES_PER_ACCOUNT: integer(5, 1),
  LOGIN_FAILURES_PER_ADDRESS: integer(50, 1),
  LOGIN_LOCKOUT_SECONDS: integer(900, 1),
  ARGON2_TIME_COST: integer(3, 1),
  ARGON2_MEMORY_KIB: integer(65536, 8),
  UPLOAD_DIR: z.string().default("uploads"),
  MAX_UPLOAD_BYTES: integer(5 * 1024 * 1024, 1),
  PORT: integer(8000, 0),
  HOST: z.string().default("127.0.0.1"),
});

export class SettingsError extends Error {}

/** The settings of `env` (process.env and .env by default); a bad value is a SettingsError naming it. */
export function loadSettings(env: NodeJS.ProcessEnv = readEnvironment()): Settings {
  const parsed = environment.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new SettingsError(`invalid settings: ${problems.join("; ")}`);
  }
  const e = parsed.data;
  return checkSettings({
    appName: e.APP_NAME,
    databaseUrl: e.DATABASE_URL,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    corsOrigins: e.CORS_ORIGINS,
    logLevel: e.LOG_LEVEL,
    maxBodyBytes: e.MAX_BODY_BYTES,
    environment: e.ENVIRONMENT,
    jwtSecret: e.JWT_SECRET,
    accessTokenMinutes: e.ACCESS_TOKEN_MINUTES,
    loginFailuresPerAccount: e.LOGIN_FAILURES_PER_ACCOUNT,
    loginFailuresPerAddress: e.LOGIN_FAILURES_PER_ADDRESS,
    loginLockoutSeconds: e.LOGIN_LOCKOUT_SECONDS,
    argon2TimeCost: e.ARGON2_TIME_COST,
    argon2MemoryKib: e.ARGON2_MEMORY_KIB,
    uploadDir: e.UPLOAD_DIR,
    maxUploadBytes: e.MAX_UPLOAD_BYTES,
    port: e.PORT,
    host: e.HOST,
  });
}

/** Refuses a missing (outside development), placeholder or short JWT secret. */
export function checkSettings(settings: Settings): Settings {
  const secret = settings.jwtSecret;
  if (!secret) {
    if (settings.environment !== "development") {
      throw new SettingsError(
        `JWT_SECRET is not set: make one with ${MAKE_SECRET} and put it in .env as ` +
          "JWT_SECRET=... (or set ENVIRONMENT=development for a random one per process)",
      );
    }
    return { ...settings, jwtSecret: randomBytes(48).toString("base64url") };
  }
  if (PLACEHOLDER_SECRETS.has(secret)) {
    throw new SettingsError(`JWT_SECRET is a placeholder: make a real one with ${MAKE_SECRET}`);
  }
  const bytes = Buffer.byteLength(secret);
  if (bytes < MIN_SECRET_BYTES) {
    throw new SettingsError(
      `JWT_SECRET is ${bytes} bytes, under ${MIN_SECRET_BYTES}: make one with ${MAKE_SECRET}`,
    );
  }
  return settings;
}

/** process.env over the values of `.env` in the working folder, when there is one. */
export function readEnvironment(file = ".env"): NodeJS.ProcessEnv {
  if (existsSync(file)) process.loadEnvFile(file);
  return process.env;
}

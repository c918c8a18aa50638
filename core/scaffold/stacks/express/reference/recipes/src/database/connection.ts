/** Opens the database of DATABASE_URL: SQLite (libsql, embedded) or PostgreSQL (pg), through Kysely. */
import { Kysely, PostgresDialect, SqliteDialect } from "kysely";
import SqliteDatabase from "libsql";
import pg from "pg";

import type { Tables } from "./schema.js";

export type Dialect = "sqlite" | "postgres";

export interface Database {
  db: Kysely<Tables>;
  dialect: Dialect;
  close(): Promise<void>;
}

// PostgreSQL's bigint (ids, counts) as a JS number: every id stays under 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number.parseInt(value, 10));

export function openDatabase(url: string, poolSize = 5): Database {
  if (url.startsWith("postgres://") || url.startsWith("postgresql://")) {
    const pool = new pg.Pool({ connectionString: url, max: poolSize });
    const db = new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) });
    return { db, dialect: "postgres", close: () => db.destroy() };
  }
  const file = sqlitePath(url);
  const connection = new SqliteDatabase(file);
  // readers never wait for a writer; foreign keys are checked (off by default in SQLite)
  connection.exec("PRAGMA foreign_keys = ON");
  connection.exec("PRAGMA busy_timeout = 5000");
  if (file !== ":memory:") connection.exec("PRAGMA journal_mode = WAL");
  const db = new Kysely<Tables>({ dialect: new SqliteDialect({ database: connection }) });
  return { db, dialect: "sqlite", close: () => db.destroy() };
}

/** `sqlite:///./recipes.db` → `./recipes.db`; `sqlite:///:memory:` → `:memory:`. */
export function sqlitePath(url: string): string {
  const match = /^sqlite:(?:\/\/\/?)?(.+)$/.exec(url);
  if (!match?.[1]) {
    throw new Error(
      `DATABASE_URL ${JSON.stringify(url)} is neither sqlite:///PATH nor postgresql://...`,
    );
  }
  return match[1];
}

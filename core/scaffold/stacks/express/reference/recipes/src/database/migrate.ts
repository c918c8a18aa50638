/** Brings the schema up to date with the migrations in ./migrations (run at start-up). */
import { Migrator } from "kysely";
import type { Migration, MigrationProvider } from "kysely";

import type { Database } from "./connection.js";
import { initial } from "./migrations/0001_initial.js";

/** Every migration by name; names sort in the order they run. Add new ones at the end. */
function migrations(database: Database): Record<string, Migration> {
  return { "0001_initial": initial(database.dialect) };
}

export async function migrate(database: Database): Promise<string[]> {
  const provider: MigrationProvider = { getMigrations: () => Promise.resolve(migrations(database)) };
  const migrator = new Migrator({ db: database.db, provider });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results.find((result) => result.status === "Error");
    const cause = error instanceof Error ? error.message : JSON.stringify(error);
    throw new Error(`migration ${failed?.migrationName ?? "?"} failed: ${cause}`, { cause: error });
  }
  return results.map((result) => result.migrationName);
}

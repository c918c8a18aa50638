/** Starts the API: settings, database migrations, then HTTP on HOST:PORT. */
import { SettingsError, loadSettings } from "../config/settings.js";
import { createApp } from "./app.js";
import { openDatabase } from "./database/connection.js";
import { migrate } from "./database/migrate.js";

async function main(): Promise<void> {
  const settings = loadSettings();
  const database = openDatabase(settings.databaseUrl, settings.databasePoolSize);
  await migrate(database);
  const app = createApp({ settings, database });
  const server = app.listen(settings.port, settings.host, () => {
    process.stdout.write(`${settings.appName} listening on http://${settings.host}:${settings.port}\n`);
  });
  const stop = (): void => {
    server.close(() => void database.close());
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((error: unknown) => {
  const message = error instanceof SettingsError || error instanceof Error ? error.message : String(error);
  process.stderr.write(`recipes: ${message}\n`);
  process.exit(1);
});

import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    // each test file gets its own database file; argon2 and SQLite like a few forks best
    pool: "forks",
    coverage: {
      provider: "v8",
      include: ["src/**/*.ts", "config/**/*.ts"],
      exclude: ["src/server.ts", "src/cli.ts"],
      reporter: ["text", "text-summary"],
      thresholds: { lines: 90 },
    },
  },
});

// Writes a fresh JWT_SECRET into .env unless it already has a real one (run by `npm run init-env`).
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";

const FILE = ".env";
const PLACEHOLDERS = new Set(["", "change-me-to-a-long-random-string", "change-me", "changeme", "secret", "jwt-secret"]);

const lines = existsSync(FILE) ? readFileSync(FILE, "utf8").split("\n") : [];
const index = lines.findIndex((line) => line.startsWith("JWT_SECRET="));
const current = index === -1 ? "" : lines[index].slice("JWT_SECRET=".length).trim();
if (!PLACEHOLDERS.has(current) && Buffer.byteLength(current) >= 32) {
  process.stdout.write(`${FILE} already has a JWT_SECRET\n`);
} else {
  const line = `JWT_SECRET=${randomBytes(48).toString("base64url")}`;
  if (index === -1) lines.splice(lines.at(-1) === "" ? lines.length - 1 : lines.length, 0, line);
  else lines[index] = line;
  writeFileSync(FILE, `${lines.join("\n").replace(/\n*$/, "")}\n`, { mode: 0o600 });
  process.stdout.write(`wrote a new JWT_SECRET to ${FILE}\n`);
}

/** Database values → JSON values: times as ISO text, flags as booleans, JSON lists parsed. */
export function isoTime(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  const text = typeof value === "string" ? value : JSON.stringify(value);
  // SQLite's CURRENT_TIMESTAMP is "YYYY-MM-DD HH:MM:SS" in UTC
  return /^\d{4}-\d{2}-\d{2} /.test(text) ? new Date(`${text.replace(" ", "T")}Z`).toISOString() : text;
}

export function flag(value: unknown): boolean {
  return value === true || value === 1 || value === "1";
}

export function stringList(value: unknown): string[] {
  const parsed: unknown = typeof value === "string" ? JSON.parse(value) : value;
  return Array.isArray(parsed) ? parsed.map(String) : [];
}

export function nullableNumber(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value);
}

export function nullableString(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return typeof value === "string" ? value : JSON.stringify(value);
}

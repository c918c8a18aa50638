/** What every resource shares: list (filters, sort, paging), get, create, update, delete. */
import type { Kysely } from "kysely";

import type { Database } from "../database/connection.js";
import type { TableName } from "../database/schema.js";
import { Conflict, NotFound } from "./errors.js";

export type Row = Record<string, unknown>;
/** The tables seen without their column types: the service is the same for each. */
type Loose = Kysely<Record<string, Row & { id: number }>>;

export interface Referrer {
  table: TableName;
  column: string;
}

export interface ResourceTable {
  table: TableName;
  label: string;
  unique: readonly string[];
  /** column → the table it refers to: a missing target is a 409 */
  references: Readonly<Record<string, TableName>>;
  /** foreign keys to this table without ON DELETE (the spec's `on_delete: restrict`) */
  restrictedBy: readonly Referrer[];
}

export interface ListOptions {
  filters: Row;
  sort: string;
  limit: number;
  offset: number;
}

export class CrudService {
  private readonly db: Loose;

  constructor(
    database: Database,
    readonly resource: ResourceTable,
  ) {
    this.db = database.db as unknown as Loose;
  }

  async list({ filters, sort, limit, offset }: ListOptions): Promise<{ rows: Row[]; total: number }> {
    const { table } = this.resource;
    const column = sort.replace(/^-/, "");
    const direction = sort.startsWith("-") ? "desc" : "asc";
    let count = this.db.selectFrom(table).select((eb) => eb.fn.countAll<number | string>().as("total"));
    let query = this.db.selectFrom(table).selectAll();
    for (const [name, value] of Object.entries(filters)) {
      if (value === undefined) continue;
      count = count.where(name, "=", value);
      query = query.where(name, "=", value);
    }
    const counted = await count.executeTakeFirst();
    const rows = await query
      .orderBy(column, direction)
      .orderBy("id", "asc")
      .limit(limit)
      .offset(offset)
      .execute();
    return { rows, total: Number(counted?.total ?? 0) };
  }

  async get(id: number): Promise<Row> {
    const row = await this.find(id);
    if (row === undefined) throw new NotFound(`${this.resource.label} ${id} not found`);
    return row;
  }

  async find(id: number): Promise<Row | undefined> {
    return this.db.selectFrom(this.resource.table).selectAll().where("id", "=", id).executeTakeFirst();
  }

  async create(values: Row): Promise<Row> {
    await this.check(values, undefined);
    const now = new Date().toISOString();
    const row = { ...values, created_at: now, updated_at: now };
    const created = await this.write(() =>
      this.db.insertInto(this.resource.table).values(row).returningAll().executeTakeFirstOrThrow(),
    );
    return created;
  }

  async update(id: number, values: Row): Promise<Row> {
    await this.check(values, id);
    const row = { ...values, updated_at: new Date().toISOString() };
    return this.write(() =>
      this.db
        .updateTable(this.resource.table)
        .set(row)
        .where("id", "=", id)
        .returningAll()
        .executeTakeFirstOrThrow(),
    );
  }

  /** Refused while another record refers to this one through a restricting foreign key; the
   * database cascades or sets null for the others. */
  async delete(id: number): Promise<void> {
    const referrers: string[] = [];
    for (const { table, column } of this.resource.restrictedBy) {
      const found = await this.db
        .selectFrom(table)
        .select("id")
        .where(column, "=", id)
        .limit(1)
        .executeTakeFirst();
      if (found !== undefined) referrers.push(`${table} (${column})`);
    }
    if (referrers.length > 0) {
      throw new Conflict(
        `${this.resource.label} ${id} is still referred to by ${referrers.join(", ")}; ` +
          "delete or change those first",
      );
    }
    await this.write(() => this.db.deleteFrom(this.resource.table).where("id", "=", id).execute());
  }

  private async check(values: Row, id: number | undefined): Promise<void> {
    const { table, label } = this.resource;
    for (const name of this.resource.unique) {
      const value = values[name];
      if (value === undefined || value === null) continue;
      let query = this.db.selectFrom(table).select("id").where(name, "=", value);
      if (id !== undefined) query = query.where("id", "!=", id);
      if ((await query.limit(1).executeTakeFirst()) !== undefined) {
        throw new Conflict(`a ${label} with this ${name} already exists`);
      }
    }
    for (const [name, target] of Object.entries(this.resource.references)) {
      const value = values[name];
      if (typeof value !== "number") continue;
      const found = await this.db.selectFrom(target).select("id").where("id", "=", value).executeTakeFirst();
      if (found === undefined) throw new Conflict(`${name}: ${target} ${value} does not exist`);
    }
  }

  /** A write; a constraint the checks above could not see (a race) is a 409. */
  private async write<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (isConstraintError(error)) {
        throw new Conflict(
          `${this.resource.label} conflicts with existing data (a unique value or a reference)`,
        );
      }
      throw error;
    }
  }
}

/** SQLite's SQLITE_CONSTRAINT_* codes and PostgreSQL's class 23 (integrity constraint violation). */
export function isConstraintError(error: unknown): boolean {
  if (typeof error !== "object" || error === null || !("code" in error)) return false;
  const code = String(error.code);
  return code.startsWith("SQLITE_CONSTRAINT") || /^23\d{3}$/.test(code);
}

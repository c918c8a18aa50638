/** Users: the table's rules, and rows as the API shows them. */
import type { Database } from "../database/connection.js";
import type { UserRead } from "../models/user.js";
import { CrudService, type ResourceTable, type Row } from "./crud.js";
import { isoTime, nullableString } from "./rows.js";

export const USERS: ResourceTable = {
  table: "users",
  label: "User",
  unique: ["email"],
  references: {},
  restrictedBy: [
    { table: "tags", column: "owner_id" },
    { table: "recipes", column: "author_id" },
    { table: "recipes", column: "owner_id" },
    { table: "reviews", column: "owner_id" },
  ],
};

/** A user as the services use it: the API's fields plus what only the server sees. */
export interface User extends UserRead {
  password_hash: string;
  token_version: number;
}

export function toUser(row: Row): User {
  return {
    id: Number(row.id),
    email: String(row.email),
    name: nullableString(row.name),
    role: String(row.role) as UserRead["role"],
    bio: nullableString(row.bio),
    website: nullableString(row.website),
    created_at: isoTime(row.created_at),
    updated_at: isoTime(row.updated_at),
    password_hash: String(row.password_hash),
    token_version: Number(row.token_version),
  };
}

export function userRead(user: User): UserRead {
  const { password_hash: _hash, token_version: _version, ...read } = user;
  return read;
}

export class UserService {
  readonly crud: CrudService;

  constructor(private readonly database: Database) {
    this.crud = new CrudService(database, USERS);
  }

  async byEmail(email: string): Promise<User | undefined> {
    const row = await this.database.db
      .selectFrom("users")
      .selectAll()
      .where("email", "=", email)
      .executeTakeFirst();
    return row === undefined ? undefined : toUser(row);
  }

  async byId(id: number): Promise<User | undefined> {
    const row = await this.crud.find(id);
    return row === undefined ? undefined : toUser(row);
  }
}

/** HTTP ↔ service for users: permissions, request and response shapes. */
import type { AppContext } from "../context.js";
import { authorize } from "../middleware/auth.js";
import type { Page } from "../models/fields.js";
import type { UserListQuery, UserPublic, UserUpdate, UserView } from "../models/user.js";
import type { Row } from "../services/crud.js";
import { Forbidden } from "../services/errors.js";
import type { Passwords } from "../services/passwords.js";
import { type User, UserService, toUser, userRead } from "../services/user.js";

export class UserController {
  private readonly service: UserService;
  private readonly passwords: Passwords;

  constructor(context: AppContext) {
    this.service = new UserService(context.database);
    this.passwords = context.passwords;
  }

  async list(query: UserListQuery, user: User): Promise<Page<UserView>> {
    authorize(user, ["admin"]);
    const { limit, offset, sort, ...filters } = query;
    const { rows, total } = await this.service.crud.list({ filters, sort, limit, offset });
    return { items: rows.map((row) => view(toUser(row), user)), total, limit, offset };
  }

  async get(id: number, user: User): Promise<UserView> {
    const record = toUser(await this.service.crud.get(id));
    authorize(user, ["owner", "admin"], record.id);
    return view(record, user);
  }

  async update(id: number, payload: UserUpdate, user: User): Promise<UserView> {
    const record = toUser(await this.service.crud.get(id));
    authorize(user, ["owner", "admin"], record.id);
    if (payload.role !== undefined && user.role !== "admin") {
      throw new Forbidden("only admin may assign roles");
    }
    if (payload.email !== undefined || payload.password !== undefined) {
      await this.confirm(user, payload.current_password);
    }
    const { password, current_password: _current, ...changes } = payload;
    const values: Row = { ...changes };
    if (password !== undefined) {
      values.password_hash = await this.passwords.hash(password);
      values.token_version = record.token_version + 1; // signs out every session
    }
    return view(toUser(await this.service.crud.update(id, values)), user);
  }

  async delete(id: number, user: User): Promise<void> {
    const record = toUser(await this.service.crud.get(id));
    authorize(user, ["admin"], record.id);
    await this.service.crud.delete(id);
  }

  /** Re-authentication: the caller's own password, before an email or password change. */
  private async confirm(user: User, currentPassword: string | null | undefined): Promise<void> {
    if (
      currentPassword === undefined ||
      currentPassword === null ||
      !(await this.passwords.verify(user.password_hash, currentPassword))
    ) {
      throw new Forbidden("changing an email or a password needs your current_password");
    }
  }
}

/** The whole record for its owner and admin, the public view for anyone else. */
export function view(record: User, user: User | undefined): UserView {
  if (user !== undefined && (record.id === user.id || user.role === "admin")) return userRead(record);
  const { email: _email, ...rest } = userRead(record);
  const publicView: UserPublic = rest;
  return publicView;
}

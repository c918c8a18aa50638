/** The register / login / authenticate flow. */
import type { Database } from "../database/connection.js";
import { Unauthorized } from "./errors.js";
import type { LoginLimits } from "./login-limits.js";
import type { Passwords } from "./passwords.js";
import type { Tokens } from "./tokens.js";
import { type User, UserService } from "./user.js";

export class AuthService {
  readonly users: UserService;

  constructor(
    database: Database,
    readonly passwords: Passwords,
    readonly tokens: Tokens,
    readonly limits: LoginLimits,
  ) {
    this.users = new UserService(database);
  }

  /** Creates the account unless the email is taken; either way the same work and answer, so
   * registering tells nobody which emails have an account. */
  async register(values: Record<string, unknown> & { email: string }, password: string): Promise<void> {
    const passwordHash = await this.passwords.hash(password);
    if ((await this.users.byEmail(values.email)) === undefined) {
      await this.users.crud.create({ ...values, role: "user", password_hash: passwordHash });
    }
  }

  /** A token for the right password. An unknown email costs the same hashing as a wrong
   * password, and failures count against the account and the address (429 past the limit). */
  async login(email: string, password: string, address: string): Promise<string> {
    this.limits.check(email, address);
    const user = await this.users.byEmail(email);
    const hashed = user?.password_hash ?? (await this.passwords.dummy());
    const valid = await this.passwords.verify(hashed, password);
    if (user === undefined || !valid) {
      this.limits.failed(email, address);
      throw new Unauthorized("wrong email or password");
    }
    this.limits.succeeded(email);
    return this.tokens.issue(user.id, user.token_version);
  }

  async authenticate(token: string): Promise<User> {
    const { userId, version } = this.tokens.subject(token);
    const user = await this.users.byId(userId);
    if (user === undefined) throw new Unauthorized("the token's user no longer exists");
    if (user.token_version !== version) {
      throw new Unauthorized("the token was revoked by a password change");
    }
    return user;
  }
}

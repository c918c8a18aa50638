/** HTTP ↔ auth service: register, log in, who am I. */
import type { AppContext } from "../context.js";
import type { UserRead, UserRegister } from "../models/user.js";
import { AuthService } from "../services/auth.js";
import { type User, userRead } from "../services/user.js";

export const REGISTERED = "Registration received: log in with this email and password.";

export class AuthController {
  private readonly service: AuthService;

  constructor(context: AppContext) {
    this.service = new AuthService(context.database, context.passwords, context.tokens, context.loginLimits);
  }

  async register(payload: UserRegister): Promise<{ message: string }> {
    const { password, ...values } = payload;
    await this.service.register(values, password);
    return { message: REGISTERED };
  }

  async login(email: string, password: string, address: string): Promise<{ access_token: string; token_type: "bearer" }> {
    const token = await this.service.login(email, password, address);
    return { access_token: token, token_type: "bearer" };
  }

  me(user: User): UserRead {
    return userRead(user);
  }
}

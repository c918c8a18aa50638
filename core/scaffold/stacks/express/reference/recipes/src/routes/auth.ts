/** Accounts: register, log in for a bearer token, and the signed-in user. */
import { AuthController } from "../controllers/auth.js";
import type { AppContext } from "../context.js";
import { LoginRequest, Registered, Token, UserRead, UserRegister } from "../models/user.js";
import { type Route, route } from "./define.js";

const tags = ["auth"];

export function authRoutes(context: AppContext): Route[] {
  const controller = new AuthController(context);
  return [
    route({
      method: "post",
      path: "/auth/register",
      operationId: "register",
      summary: "Register an account",
      description:
        "Creates a user with the default role, then log in. The answer is the same when the email " +
        "is taken (nothing is created), so it tells nobody who has an account.",
      tags,
      auth: "none",
      body: UserRegister,
      status: 202,
      response: Registered,
      errors: [400, 409, 422],
      handle: ({ body }) => controller.register(body),
    }),
    route({
      method: "post",
      path: "/auth/login",
      operationId: "login",
      summary: "Log in",
      description:
        "Answers a bearer access token for an email and password. Repeated failures for an " +
        "account or from an address lock it for a while (429 with `Retry-After`).",
      tags,
      auth: "none",
      body: LoginRequest,
      status: 200,
      response: Token,
      errors: [400, 401, 422, 429],
      handle: ({ body, address }) => controller.login(body.email, body.password, address),
    }),
    route({
      method: "get",
      path: "/auth/me",
      operationId: "me",
      summary: "The signed-in user",
      description: "The account the bearer token belongs to.",
      tags,
      auth: "required",
      status: 200,
      response: UserRead,
      errors: [401],
      handle: ({ user }) => Promise.resolve(controller.me(user)),
    }),
  ];
}

/** Who is calling (a bearer token → the signed-in user) and whether they may do an operation. */
import type { Request } from "express";

import { Forbidden, Unauthorized } from "../services/errors.js";

/** The bearer token of the request; undefined without an Authorization header. Any other
 * scheme is a 401. */
export function bearerToken(req: Request): string | undefined {
  const header = req.get("authorization");
  if (header === undefined) return undefined;
  const match = /^Bearer +(\S+) *$/i.exec(header);
  if (!match?.[1]) throw new Unauthorized("the Authorization header is not a bearer token");
  return match[1];
}

export interface Caller {
  id: number;
  role: string;
}

/** Allowed names: `user` (anyone signed in), `owner` (the record's creator) or a role. */
export function authorize(user: Caller, allowed: readonly string[], ownerId?: number | null): void {
  if (allowed.includes("user") || (allowed.includes("owner") && ownerId === user.id)) return;
  if (allowed.includes(user.role)) return;
  throw new Forbidden("you may not do this");
}

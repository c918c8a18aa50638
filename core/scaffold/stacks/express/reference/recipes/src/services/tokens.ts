/** Access tokens: HS256 JWTs carrying the user id (`sub`) and token version (`ver`). */
import jwt from "jsonwebtoken";

import { Unauthorized } from "./errors.js";

export interface Subject {
  userId: number;
  version: number;
}

export class Tokens {
  constructor(
    private readonly secret: string,
    private readonly minutes: number,
  ) {}

  issue(userId: number, version: number): string {
    return jwt.sign({ ver: version }, this.secret, {
      algorithm: "HS256",
      subject: String(userId),
      expiresIn: this.minutes * 60,
    });
  }

  /** The user id and token version a valid token carries. */
  subject(token: string): Subject {
    let claims: string | jwt.JwtPayload;
    try {
      claims = jwt.verify(token, this.secret, { algorithms: ["HS256"] });
    } catch {
      throw new Unauthorized("invalid or expired token");
    }
    if (typeof claims === "string" || claims.exp === undefined) {
      throw new Unauthorized("invalid or expired token");
    }
    const userId = Number(claims.sub);
    const version: unknown = claims.ver;
    if (!Number.isSafeInteger(userId) || typeof version !== "number") {
      throw new Unauthorized("invalid or expired token");
    }
    return { userId, version };
  }
}

/** Password hashing with argon2id (@node-rs/argon2: prebuilt, no compiler needed). */
import { randomBytes } from "node:crypto";

import { hash, verify } from "@node-rs/argon2";

export class Passwords {
  private dummyHash: Promise<string> | undefined;

  constructor(
    private readonly timeCost: number,
    private readonly memoryKib: number,
  ) {}

  hash(password: string): Promise<string> {
    return hash(password, { timeCost: this.timeCost, memoryCost: this.memoryKib });
  }

  async verify(hashed: string, password: string): Promise<boolean> {
    try {
      return await verify(hashed, password);
    } catch {
      return false; // not an argon2 hash
    }
  }

  /** A hash of the same cost as real ones: an unknown email is checked against it. */
  dummy(): Promise<string> {
    this.dummyHash ??= this.hash(randomBytes(16).toString("base64url"));
    return this.dummyHash;
  }
}

/** Failed-login counts per account and per client address; past a limit, login answers 429.
 *
 * The counts live in this process: behind several processes each counts its own.
 */
import { TooManyRequests } from "./errors.js";

export interface LoginLimitOptions {
  perAccount: number;
  perAddress: number;
  lockoutSeconds: number;
  now?: () => number;
}

export class LoginLimits {
  private readonly failures = new Map<string, number[]>();
  private readonly now: () => number;

  constructor(private readonly options: LoginLimitOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Throws TooManyRequests while the account or the address is locked out. */
  check(email: string, address: string): void {
    const waits = [
      this.wait(`account:${email}`, this.options.perAccount),
      this.wait(`address:${address}`, this.options.perAddress),
    ];
    const wait = Math.max(...waits);
    if (wait > 0) {
      throw new TooManyRequests("too many failed logins: try again later", wait);
    }
  }

  failed(email: string, address: string): void {
    for (const key of [`account:${email}`, `address:${address}`]) {
      this.failures.set(key, [...this.recent(key), this.now()]);
    }
  }

  succeeded(email: string): void {
    this.failures.delete(`account:${email}`);
  }

  /** Seconds until the key may try again (0: now). */
  private wait(key: string, limit: number): number {
    const recent = this.recent(key);
    if (recent.length < limit) return 0;
    const oldest = recent[recent.length - limit] ?? this.now();
    return (oldest + this.options.lockoutSeconds * 1000 - this.now()) / 1000;
  }

  private recent(key: string): number[] {
    const since = this.now() - this.options.lockoutSeconds * 1000;
    const recent = (this.failures.get(key) ?? []).filter((at) => at > since);
    if (recent.length === 0) this.failures.delete(key);
    else this.failures.set(key, recent);
    return recent;
  }
}

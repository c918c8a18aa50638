/** Security headers on every answer: no MIME sniffing, no framing, no referrer, a strict CSP.
 *
 * The API answers JSON and files, which need nothing run, embedded or loaded: the default policy
 * forbids it all. A route that serves a page (`/docs`) sets its own, narrower policy.
 */
import type { RequestHandler } from "express";

export const API_POLICY =
  "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

export const HEADERS: Readonly<Record<string, string>> = {
  "X-Content-Type-Options": "nosniff",
  "X-Frame-Options": "DENY",
  "Referrer-Policy": "no-referrer",
  "Cross-Origin-Opener-Policy": "same-origin",
  "Content-Security-Policy": API_POLICY,
  "Cache-Control": "no-store",
};

export const securityHeaders: RequestHandler = (_req, res, next) => {
  for (const [name, value] of Object.entries(HEADERS)) res.setHeader(name, value);
  next();
};

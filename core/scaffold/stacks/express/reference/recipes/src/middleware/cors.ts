/** Cross-origin requests from the configured browser origins (`CORS_ORIGINS`). */
import cors from "cors";
import type { RequestHandler } from "express";

import { AppError } from "../services/errors.js";

/** Allows `origins` with credentials. A wildcard is refused: with credentials it would let any
 * web site call the API as its signed-in visitors. */
export function corsFor(origins: string[]): RequestHandler {
  if (origins.includes("*")) {
    throw new Error(
      'CORS_ORIGINS may not contain "*": the API allows credentials, so list the origins ' +
        'of your front ends instead, e.g. CORS_ORIGINS=["https://app.example.com"]',
    );
  }
  const allowed = new Set(origins);
  const handle = cors({ origin: origins, credentials: true, exposedHeaders: ["X-Request-ID"] });
  return (req, res, next) => {
    const origin = req.get("origin");
    const preflight =
      req.method === "OPTIONS" && origin !== undefined && req.get("access-control-request-method") !== undefined;
    if (preflight && !allowed.has(origin)) {
      next(new AppError("Disallowed CORS origin"));
      return;
    }
    if (req.method === "OPTIONS" && !preflight) {
      next(); // not a preflight: the routes answer it (405 with Allow)
      return;
    }
    handle(req, res, next);
  };
}

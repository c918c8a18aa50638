/** Cross-origin requests from the configured browser origins (`CORS_ORIGINS`). */
import cors from "cors";
import type { RequestHandler } from "express";

/** Allows `origins` with credentials. A wildcard is refused: with credentials it would let any
 * web site call the API as its signed-in visitors. */
export function corsFor(origins: string[]): RequestHandler {
  if (origins.includes("*")) {
    throw new Error(
      'CORS_ORIGINS may not contain "*": the API allows credentials, so list the origins ' +
        'of your front ends instead, e.g. CORS_ORIGINS=["https://app.example.com"]',
    );
  }
  return cors({ origin: origins, credentials: true, exposedHeaders: ["X-Request-ID"] });
}

/** Gives every request an id (`X-Request-ID`), echoes it on the response and logs the request.
 *
 * The log line is `key=value` pairs; the method and path are JSON strings, so a control
 * character in the path (`%0a`) is written as `\n` and can never start a forged line.
 */
import { randomUUID } from "node:crypto";

import type { RequestHandler } from "express";

import type { Logger } from "../context.js";

const VALID_ID = /^[A-Za-z0-9._-]{1,64}$/;

export function requestId(log: Logger, name: string): RequestHandler {
  return (req, res, next) => {
    const incoming = req.get("x-request-id") ?? "";
    const id = VALID_ID.test(incoming) ? incoming : randomUUID().replaceAll("-", "");
    res.locals.requestId = id;
    res.setHeader("X-Request-ID", id);
    const started = process.hrtime.bigint();
    res.on("finish", () => {
      const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
      log(
        "info",
        `${name}.requests`,
        `method=${JSON.stringify(req.method)} path=${JSON.stringify(decoded(req.path))} ` +
          `status=${res.statusCode} duration_ms=${elapsed.toFixed(1)} request_id=${id}`,
      );
    });
    next();
  };
}

/** The path as the handlers see it: `%0a` is a line feed (then quoted as `\n`). */
function decoded(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

/** The id of the request a response answers (set by requestId). */
export function requestIdOf(locals: Record<string, unknown>): string | null {
  return typeof locals.requestId === "string" ? locals.requestId : null;
}

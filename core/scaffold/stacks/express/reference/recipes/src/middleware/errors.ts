/** One JSON error body for every failure: the app's errors, the parsers' errors, 404 and 405. */
import type { ErrorRequestHandler, RequestHandler, Response } from "express";
import multer from "multer";

import type { Logger } from "../context.js";
import type { ErrorDetail } from "../models/errors.js";
import { AppError, ValidationFailed } from "../services/errors.js";
import { requestIdOf } from "./request-id.js";

export const DESCRIPTIONS: Readonly<Record<number, string>> = {
  400: "The request is malformed.",
  401: "Missing or invalid bearer token.",
  403: "The signed-in user may not do this.",
  404: "No such record.",
  409: "Conflicts with existing data (a unique value taken, a missing or still-used reference).",
  413: "The request body or the upload is larger than allowed.",
  415: "The uploaded file's content is not of an accepted type.",
  422: "The request does not match the schema; `details` lists each problem.",
  429: "Too many failed logins: wait for the seconds in `Retry-After`.",
};

export function answer(
  res: Response,
  status: number,
  code: string,
  message: string,
  details: ErrorDetail[] = [],
  headers: Record<string, string> = {},
): void {
  res.status(status).set(headers);
  res.json({ code, message, request_id: requestIdOf(res.locals), details });
}

/** What a path template admits: each `{name}` stands for one path segment. */
export interface Template {
  path: string;
  method: string;
}

/** The answer for a request no route took: 405 with `Allow` for a known path, else 404. */
export function notFound(templates: readonly Template[]): RequestHandler {
  const patterns = templates.map(({ path, method }) => ({
    method: method.toUpperCase(),
    regex: new RegExp(`^${path.split(/\{[^/]+\}/).map(escape).join("[^/]+")}$`),
  }));
  const matches = (path: string): string[] =>
    patterns.filter(({ regex }) => regex.test(path)).map((p) => p.method);
  return (req, res) => {
    const bare = req.path.replace(/\/+$/, "");
    if (bare !== req.path && bare !== "" && matches(bare).length > 0) {
      // as Starlette does: `/notes/` → `/notes`
      const at = req.originalUrl.indexOf("?");
      res.redirect(307, bare + (at === -1 ? "" : req.originalUrl.slice(at)));
      return;
    }
    const allowed = matches(req.path);
    if (allowed.length > 0) {
      const allow = [...new Set(allowed)].sort().join(", ");
      answer(res, 405, "method_not_allowed", "Method Not Allowed", [], { Allow: allow });
      return;
    }
    answer(res, 404, "not_found", "Not Found");
  };
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

interface ParserError {
  type: string;
  status?: number;
}

function isParserError(error: unknown): error is ParserError {
  return typeof error === "object" && error !== null && "type" in error && typeof error.type === "string";
}

export function errorHandler(log: Logger): ErrorRequestHandler {
  return (error: unknown, _req, res, _next) => {
    if (error instanceof ValidationFailed) {
      answer(res, 422, error.code, error.message, error.details);
    } else if (error instanceof AppError) {
      answer(res, error.status, error.code, error.message, [], error.headers);
    } else if (error instanceof multer.MulterError) {
      if (error.code === "LIMIT_FILE_SIZE") {
        answer(res, 413, "payload_too_large", "the file is larger than allowed");
      } else {
        answer(res, 400, "bad_request", `the multipart body is malformed: ${error.message}`);
      }
    } else if (isParserError(error)) {
      parserError(res, error);
    } else {
      const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
      log("error", "errors", `unhandled error: ${JSON.stringify(text)}`);
      answer(res, 500, "internal_error", "Internal server error.");
    }
  };
}

/** The JSON body parser's errors (body-parser's `type`). */
function parserError(res: Response, error: ParserError): void {
  switch (error.type) {
    case "entity.too.large":
      answer(res, 413, "payload_too_large", "the request body is larger than allowed");
      return;
    case "entity.parse.failed":
      answer(res, 422, "validation_error", "The request is invalid.", [
        { loc: ["body"], message: "JSON decode error", type: "json_invalid" },
      ]);
      return;
    case "encoding.unsupported":
    case "charset.unsupported":
      answer(res, 415, "unsupported_media_type", "the body's encoding is not supported");
      return;
    default:
      answer(res, 400, "bad_request", "the request body could not be read");
  }
}

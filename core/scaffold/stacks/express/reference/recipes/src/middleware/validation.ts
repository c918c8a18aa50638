/** zod issues → the error body's `details`, with FastAPI's locations (`["body", "title"]`). */
import type { z } from "zod";

import type { ErrorDetail } from "../models/errors.js";
import { ValidationFailed } from "../services/errors.js";

export type Part = "path" | "query" | "body";

export function details(part: Part, error: z.ZodError): ErrorDetail[] {
  return error.issues.flatMap((issue): ErrorDetail[] => {
    const loc = [part, ...issue.path.map((key) => (typeof key === "number" ? key : String(key)))];
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) =>
        part === "query"
          ? { loc: [...loc, key], message: `unknown query parameter '${key}'`, type: "unknown_parameter" }
          : { loc: [...loc, key], message: "Extra inputs are not permitted", type: "extra_forbidden" },
      );
    }
    if (issue.code === "invalid_type" && issue.input === undefined) {
      return [{ loc, message: "Field required", type: "missing" }];
    }
    return [{ loc, message: issue.message, type: issue.code }];
  });
}

/** One 422 for every problem of a request; unknown query parameters are named in the message. */
export function validationFailed(problems: ErrorDetail[]): ValidationFailed {
  const unknown = problems.filter((d) => d.type === "unknown_parameter").map((d) => `'${String(d.loc[1])}'`);
  const message = unknown.length > 0 ? `Unknown query parameter: ${unknown.join(", ")}.` : undefined;
  return new ValidationFailed(problems, message);
}

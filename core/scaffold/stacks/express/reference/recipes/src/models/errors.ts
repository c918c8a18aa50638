/** The one JSON error body every failure answers. */
import { z } from "./zod.js";

export const ErrorDetail = z
  .object({
    loc: z.array(z.union([z.string(), z.number().int()])),
    message: z.string(),
    type: z.string(),
  })
  .openapi("ErrorDetail");

export const ErrorBody = z
  .object({
    code: z.string(),
    message: z.string(),
    request_id: z.string().nullable(),
    details: z.array(ErrorDetail),
  })
  .openapi("ErrorBody");

export type ErrorDetail = z.infer<typeof ErrorDetail>;
export type ErrorBody = z.infer<typeof ErrorBody>;

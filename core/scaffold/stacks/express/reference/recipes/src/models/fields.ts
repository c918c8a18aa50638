/** Field types the schemas share: text without control characters, emails, URLs, ids, query values. */
import { z } from "./zod.js";

export const MAX_SAFE = Number.MAX_SAFE_INTEGER;
export const MIN_SAFE = -Number.MAX_SAFE_INTEGER;
export const MAX_PAGE_SIZE = 100;

// Text holds no C0 control character but tab, line feed and carriage return, and no DEL:
// PostgreSQL refuses NUL in text and no client means the others. Said as a pattern, so the
// OpenAPI document says it too.
export const NO_CONTROL_CHARACTERS = /^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$/;
const CONTROL_CHARACTER = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/;

// A syntactic check only: an ASCII local part, "@", a dotted domain.
export const EMAIL_PATTERN =
  /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)+$/;
export const URL_PATTERN = /^https?:\/\/[^\s\x00-\x1f\x7f]+$/;

export const text = (maxLength: number) => z.string().max(maxLength).regex(NO_CONTROL_CHARACTERS);

/** A string with a pattern of its own, which takes the place of the control-character pattern. */
export const patterned = (maxLength: number, pattern: RegExp) =>
  z
    .string()
    .max(maxLength)
    .regex(pattern)
    .refine((value) => !CONTROL_CHARACTER.test(value), {
      error: "Control characters (such as NUL) are not allowed",
    });

/** Lower case throughout, so `Alice@` and `alice@` are one account (uniqueness, login). */
export const email = () =>
  z
    .string()
    .max(320)
    .regex(EMAIL_PATTERN)
    .transform((value) => value.toLowerCase())
    .openapi({ description: "An email address." });

export const url = () => z.string().max(2083).regex(URL_PATTERN);
export const password = () => z.string().min(8).max(128);
export const refId = () => z.number().int().min(1).max(MAX_SAFE);
export const stringItem = () => text(255);
export const timestamp = () => z.string().openapi({ format: "date-time" });

/** A path id: digits only, 1 to 2^53 - 1. */
export const pathId = (label: string) =>
  z.preprocess(queryInteger, z.number().int().min(1).max(MAX_SAFE)).openapi({
    description: `The ${label}'s id.`,
  });

/** Query values arrive as text: an integer is digits with an optional sign. */
export function queryInteger(value: unknown): unknown {
  const last = lastValue(value);
  return typeof last === "string" && /^[+-]?\d+$/.test(last) ? Number(last) : last;
}

const TRUE = new Set(["true", "1", "yes", "on", "t", "y"]);
const FALSE = new Set(["false", "0", "no", "off", "f", "n"]);

/** Query booleans as Pydantic reads them: true/false, 1/0, yes/no, on/off. */
export function queryBoolean(value: unknown): unknown {
  const last = lastValue(value);
  if (typeof last !== "string") return last;
  const lower = last.toLowerCase();
  return TRUE.has(lower) ? true : FALSE.has(lower) ? false : last;
}

/** A repeated query parameter counts by its last value. */
export function lastValue(value: unknown): unknown {
  return Array.isArray(value) ? (value as unknown[]).at(-1) : value;
}

export const queryText = (maxLength: number) => z.preprocess(lastValue, text(maxLength)).optional();
export const queryInt = (min = -MAX_SAFE) =>
  z.preprocess(queryInteger, z.number().int().min(min).max(MAX_SAFE)).optional();
export const queryBool = () => z.preprocess(queryBoolean, z.boolean()).optional();
export const queryEnum = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.preprocess(lastValue, z.enum(values)).optional();

/** limit, offset and sort, as every list takes them. */
export function paging(sortKeys: readonly string[]) {
  const sorts = sortKeys.flatMap((key) => [key, `-${key}`]) as [string, ...string[]];
  return {
    limit: z
      .preprocess(queryInteger, z.number().int().min(1).max(MAX_PAGE_SIZE))
      .default(20)
      .openapi({ description: "Page size." }),
    offset: z
      .preprocess(queryInteger, z.number().int().min(0).max(MAX_SAFE))
      .default(0)
      .openapi({ description: "Records to skip." }),
    sort: z
      .preprocess(lastValue, z.enum(sorts))
      .default("id")
      .openapi({ description: "A field; prefix `-` for descending." }),
  };
}

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

export const page = (item: z.ZodType, name: string) =>
  z
    .object({ items: z.array(item), total: z.number().int(), limit: z.number().int(), offset: z.number().int() })
    .openapi(name);

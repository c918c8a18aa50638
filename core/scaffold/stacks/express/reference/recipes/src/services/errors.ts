/** The errors services and controllers throw; the error middleware turns each into a JSON answer. */
import type { ErrorDetail } from "../models/errors.js";

export class AppError extends Error {
  readonly status: number = 400;
  readonly code: string = "bad_request";

  constructor(
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export class NotFound extends AppError {
  override readonly status = 404;
  override readonly code = "not_found";
}

export class Conflict extends AppError {
  override readonly status = 409;
  override readonly code = "conflict";
}

export class Unauthorized extends AppError {
  override readonly status = 401;
  override readonly code = "unauthorized";

  constructor(message: string) {
    super(message, { "WWW-Authenticate": "Bearer" });
  }
}

export class Forbidden extends AppError {
  override readonly status = 403;
  override readonly code = "forbidden";
}

export class TooManyRequests extends AppError {
  override readonly status = 429;
  override readonly code = "too_many_requests";

  constructor(message: string, retryAfter: number) {
    super(message, { "Retry-After": String(Math.max(Math.ceil(retryAfter), 1)) });
  }
}

export class PayloadTooLarge extends AppError {
  override readonly status = 413;
  override readonly code = "payload_too_large";
}

export class UnsupportedMediaType extends AppError {
  override readonly status = 415;
  override readonly code = "unsupported_media_type";
}

/** A request that does not match its schema: 422 with one detail per problem. */
export class ValidationFailed extends AppError {
  override readonly status = 422;
  override readonly code = "validation_error";

  constructor(
    readonly details: ErrorDetail[],
    message = "The request is invalid.",
  ) {
    super(message);
  }
}

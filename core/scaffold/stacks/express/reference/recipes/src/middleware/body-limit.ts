/** Refuses request bodies over the configured size with 413, by `Content-Length`, before
 * anything reads them; the JSON parser and the upload reader count the bytes that arrive. */
import type { RequestHandler } from "express";

import { PayloadTooLarge } from "../services/errors.js";

/** `maxBytes` for every body; `maxMultipartBytes` for multipart ones (uploads). */
export function bodyLimit(maxBytes: number, maxMultipartBytes: number): RequestHandler {
  return (req, _res, next) => {
    const multipart = (req.get("content-type") ?? "").startsWith("multipart/");
    const limit = multipart ? maxMultipartBytes : maxBytes;
    const length = req.get("content-length") ?? "";
    if (/^\d+$/.test(length) && Number(length) > limit) {
      next(new PayloadTooLarge(`the request body is larger than ${limit} bytes`));
      return;
    }
    next();
  };
}

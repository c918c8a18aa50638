/** One definition per operation: it validates the request, runs the handler, and documents itself.
 *
 * The order for every request: the bearer token (401 before any byte of the body is read), then
 * the body (JSON, or for uploads the `before` check first and only then the multipart file),
 * then every input validated at once (one 422 listing each problem), then the handler.
 */
import type { RouteConfig } from "@asteasolutions/zod-to-openapi";
import express from "express";
import type { Request, RequestHandler, Response } from "express";
import multer from "multer";
import type { z } from "zod";

import type { AppContext } from "../context.js";
import { bearerToken } from "../middleware/auth.js";
import { DESCRIPTIONS } from "../middleware/errors.js";
import { details, validationFailed } from "../middleware/validation.js";
import type { Part } from "../middleware/validation.js";
import type { ErrorDetail } from "../models/errors.js";
import { ErrorBody } from "../models/errors.js";
import { AuthService } from "../services/auth.js";
import { Unauthorized, ValidationFailed } from "../services/errors.js";
import type { User } from "../services/user.js";

type Schema = z.ZodObject | undefined;
type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface Uploaded {
  filename: string;
  data: Buffer;
}

export interface Input<P extends Schema, Q extends Schema, B extends Schema, A extends Auth> {
  params: Out<P>;
  query: Out<Q>;
  body: Out<B>;
  user: A extends "required" ? User : User | undefined;
  file: Uploaded | undefined;
  /** the client's address (login limits) */
  address: string;
}

/** A file answered as an attachment. */
export interface FileAnswer {
  kind: "file";
  data: Buffer;
  filename: string;
}

export type Auth = "none" | "optional" | "required";

export interface RouteSpec<P extends Schema, Q extends Schema, B extends Schema, A extends Auth> {
  method: "get" | "post" | "put" | "patch" | "delete";
  /** the OpenAPI path, e.g. `/notes/{note_id}` */
  path: string;
  operationId: string;
  summary: string;
  description: string;
  tags: string[];
  auth: A;
  params?: P;
  query?: Q;
  body?: B;
  /** a multipart `file` part, read after `before` allowed it */
  upload?: { description: string; before: (input: Input<P, Q, B, A>) => Promise<void> };
  status: number;
  /** the success body's schema; `file` for a download, undefined for no body */
  response?: z.ZodType | "file";
  errors: number[];
  handle: (input: Input<P, Q, B, A>) => Promise<unknown>;
}

export interface Route {
  method: RouteSpec<Schema, Schema, Schema, Auth>["method"];
  path: string;
  openapi: RouteConfig;
  handler: (context: AppContext) => RequestHandler;
}

export function route<
  P extends Schema = undefined,
  Q extends Schema = undefined,
  B extends Schema = undefined,
  A extends Auth = "none",
>(spec: RouteSpec<P, Q, B, A>): Route {
  return {
    method: spec.method,
    path: spec.path,
    openapi: document(spec),
    handler: (context) => handler(spec, context),
  };
}

function handler<P extends Schema, Q extends Schema, B extends Schema, A extends Auth>(
  spec: RouteSpec<P, Q, B, A>,
  context: AppContext,
): RequestHandler {
  const auth = new AuthService(context.database, context.passwords, context.tokens, context.loginLimits);
  const json = express.json({ limit: context.settings.maxBodyBytes });
  const upload = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: context.settings.maxUploadBytes, files: 1, fields: 0, parts: 1 },
    defParamCharset: "utf8",
  }).single("file");

  return async (req, res) => {
    const token = spec.auth === "none" ? undefined : bearerToken(req);
    if (spec.auth === "required" && token === undefined) throw new Unauthorized("missing bearer token");
    const user = token === undefined ? undefined : await auth.authenticate(token);
    if (spec.body !== undefined) await run(json, req, res);
    const problems: ErrorDetail[] = [];
    const input = {
      params: parse("path", spec.params, req.params, problems),
      query: parse("query", spec.query, req.query, problems),
      body: parse("body", spec.body, req.body, problems),
      user,
      file: undefined,
      address: req.ip ?? req.socket.remoteAddress ?? "unknown",
    } as Input<P, Q, B, A>;
    if (problems.length > 0) throw validationFailed(problems);
    if (spec.upload !== undefined) {
      await spec.upload.before(input);
      input.file = await receive(upload, req, res);
    }
    const result = await spec.handle(input);
    send(res, spec.status, result);
  };
}

function parse<S extends Schema>(part: Part, schema: S, value: unknown, problems: ErrorDetail[]): Out<S> {
  if (schema === undefined) return undefined as Out<S>;
  const parsed = schema.safeParse(value ?? (part === "body" ? undefined : {}));
  if (parsed.success) return parsed.data as Out<S>;
  problems.push(...details(part, parsed.error));
  return undefined as Out<S>;
}

/** Runs a connect-style middleware (a body parser) as a promise. */
function run(middleware: RequestHandler, req: Request, res: Response): Promise<void> {
  return new Promise((resolve, reject) => {
    void middleware(req, res, (error?: unknown) => {
      if (error === undefined) resolve();
      else reject(error instanceof Error ? error : new Error(JSON.stringify(error)));
    });
  });
}

async function receive(upload: RequestHandler, req: Request, res: Response): Promise<Uploaded> {
  await run(upload, req, res);
  const file = req.file;
  if (file === undefined) {
    throw new ValidationFailed([{ loc: ["body", "file"], message: "Field required", type: "missing" }]);
  }
  return { filename: (file.originalname || "upload").slice(0, 255), data: file.buffer };
}

function send(res: Response, status: number, result: unknown): void {
  if (isFile(result)) {
    const disposition = `attachment; filename*=utf-8''${encodeURIComponent(result.filename)}`;
    res.status(status).set({ "Content-Type": "application/octet-stream", "Content-Disposition": disposition });
    res.send(result.data);
  } else if (result === undefined) {
    res.status(status).end();
  } else {
    res.status(status).json(result);
  }
}

function isFile(result: unknown): result is FileAnswer {
  return typeof result === "object" && result !== null && "kind" in result && result.kind === "file";
}

function document<P extends Schema, Q extends Schema, B extends Schema, A extends Auth>(
  spec: RouteSpec<P, Q, B, A>,
): RouteConfig {
  const responses: RouteConfig["responses"] = {};
  if (spec.response === "file") {
    responses[spec.status] = {
      description: "The file.",
      content: { "application/octet-stream": { schema: { type: "string", format: "binary" } } },
    };
  } else if (spec.response !== undefined) {
    responses[spec.status] = {
      description: "Successful Response",
      content: { "application/json": { schema: spec.response } },
    };
  } else {
    responses[spec.status] = { description: "Successful Response" };
  }
  for (const status of spec.errors) {
    responses[status] = {
      description: DESCRIPTIONS[status] ?? "An error.",
      content: { "application/json": { schema: ErrorBody } },
    };
  }
  const config: RouteConfig = {
    method: spec.method,
    path: spec.path,
    operationId: spec.operationId,
    summary: spec.summary,
    description: spec.description,
    tags: spec.tags,
    request: {},
    responses,
  };
  if (spec.auth === "required") config.security = [{ HTTPBearer: [] }];
  if (spec.auth === "optional") config.security = [{}, { HTTPBearer: [] }];
  if (spec.params !== undefined) config.request = { ...config.request, params: spec.params };
  if (spec.query !== undefined) config.request = { ...config.request, query: spec.query };
  if (spec.body !== undefined) {
    config.request = {
      ...config.request,
      body: { required: true, content: { "application/json": { schema: spec.body } } },
    };
  }
  if (spec.upload !== undefined) {
    const file = { type: "string" as const, format: "binary", description: spec.upload.description };
    config.request = {
      ...config.request,
      body: {
        required: true,
        content: {
          "multipart/form-data": {
            schema: { type: "object", properties: { file }, required: ["file"] },
          },
        },
      },
    };
  }
  return config;
}

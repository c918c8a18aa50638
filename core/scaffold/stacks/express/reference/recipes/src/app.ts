/** The application factory: settings, database, middleware, error handling and every route. */
import express from "express";
import type { Express } from "express";

import type { Settings } from "../config/settings.js";
import { type AppContext, type Logger, consoleLogger } from "./context.js";
import type { Database } from "./database/connection.js";
import { bodyLimit } from "./middleware/body-limit.js";
import { corsFor } from "./middleware/cors.js";
import { errorHandler, notFound } from "./middleware/errors.js";
import { requestId } from "./middleware/request-id.js";
import { securityHeaders } from "./middleware/security-headers.js";
import { mountDocs } from "./routes/docs.js";
import { allRoutes } from "./routes/index.js";
import { mountOpenApi, openApiDocument } from "./routes/openapi.js";
import { LoginLimits } from "./services/login-limits.js";
import { Passwords } from "./services/passwords.js";
import { LocalStorage, type Storage } from "./services/storage.js";
import { Tokens } from "./services/tokens.js";

export interface AppOptions {
  settings: Settings;
  database: Database;
  storage?: Storage;
  log?: Logger;
}

export function createContext({ settings, database, storage, log }: AppOptions): AppContext {
  return {
    settings,
    database,
    storage: storage ?? new LocalStorage(settings.uploadDir),
    passwords: new Passwords(settings.argon2TimeCost, settings.argon2MemoryKib),
    tokens: new Tokens(settings.jwtSecret, settings.accessTokenMinutes),
    loginLimits: new LoginLimits({
      perAccount: settings.loginFailuresPerAccount,
      perAddress: settings.loginFailuresPerAddress,
      lockoutSeconds: settings.loginLockoutSeconds,
    }),
    log: log ?? consoleLogger(settings.logLevel),
  };
}

/** The Express app; the database must be migrated already (see server.ts). */
export function createApp(options: AppOptions): Express {
  const context = createContext(options);
  const { settings } = context;
  const app = express();
  app.disable("x-powered-by");
  app.disable("etag");
  app.set("case sensitive routing", true);
  app.set("strict routing", true);
  app.set("query parser", "simple");

  app.use(requestId(context.log, settings.appName));
  app.use(securityHeaders);
  app.use(corsFor(settings.corsOrigins));
  app.use(bodyLimit(settings.maxBodyBytes, settings.maxUploadBytes + 65536));

  const routes = allRoutes(context);
  const router = express.Router({ caseSensitive: true, strict: true });
  for (const route of routes) {
    router[route.method](route.path.replace(/\{(\w+)\}/g, ":$1"), route.handler(context));
  }
  mountOpenApi(router, openApiDocument(routes, settings.appName));
  mountDocs(router, settings.appName);
  // HEAD and OPTIONS (not a CORS preflight) are answered like any method a path has no route
  // for (405 with Allow), as FastAPI does, instead of Express's automatic answers
  app.use((req, res, next) => {
    if (req.method === "HEAD" || req.method === "OPTIONS") next();
    else router(req, res, next);
  });

  app.use(notFound([...routes, { method: "get", path: "/openapi.json" }, { method: "get", path: "/docs" }]));
  app.use(errorHandler(context.log));
  return app;
}

/** The OpenAPI 3.1 document, made from the same zod schemas that validate the requests. */
import { OpenAPIRegistry, OpenApiGeneratorV31 } from "@asteasolutions/zod-to-openapi";
import type { Router } from "express";

import type { Route } from "./define.js";

export type OpenApiDocument = ReturnType<OpenApiGeneratorV31["generateDocument"]>;

export function openApiDocument(routes: readonly Route[], title: string): OpenApiDocument {
  const registry = new OpenAPIRegistry();
  registry.registerComponent("securitySchemes", "HTTPBearer", {
    type: "http",
    scheme: "bearer",
    description: "An access token from `POST /auth/login`.",
  });
  for (const route of routes) registry.registerPath(route.openapi);
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: "3.1.0",
    info: { title, version: "0.1.0", description: `The ${title} API.` },
  });
}

export function mountOpenApi(router: Router, document: OpenApiDocument): void {
  const body = JSON.stringify(document);
  router.get("/openapi.json", (_req, res) => {
    res.type("application/json").send(body);
  });
}

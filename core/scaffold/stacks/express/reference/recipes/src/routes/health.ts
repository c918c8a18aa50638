/** Liveness: answers while the process serves requests. */
import type { AppContext } from "../context.js";
import { Health } from "../models/health.js";
import { type Route, route } from "./define.js";

export function healthRoutes(_context: AppContext): Route[] {
  return [
    route({
      method: "get",
      path: "/healthz",
      operationId: "healthz",
      summary: "Liveness check",
      description: 'Answers `{"status": "ok"}` while the service is up.',
      tags: ["health"],
      auth: "none",
      status: 200,
      response: Health,
      errors: [],
      handle: () => Promise.resolve({ status: "ok" }),
    }),
  ];
}

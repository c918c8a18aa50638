import request from "supertest";
import { describe, expect, it } from "vitest";

import { createApp } from "../src/app.js";
import { openDatabase } from "../src/database/connection.js";
import { migrate } from "../src/database/migrate.js";
import type { Storage } from "../src/services/storage.js";
import { bearer, makeApp, signIn, testSettings } from "./helpers.js";

describe("the app", () => {
  it("answers /healthz with ok and the security headers", async () => {
    const { app } = await makeApp();
    const res = await request(app).get("/healthz").expect(200);
    expect(res.body).toEqual({ status: "ok" });
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
    expect(res.headers["x-frame-options"]).toBe("DENY");
    expect(res.headers["referrer-policy"]).toBe("no-referrer");
    expect(res.headers["cache-control"]).toBe("no-store");
    expect(res.headers["content-security-policy"]).toContain("default-src 'none'");
    expect(res.headers["x-powered-by"]).toBeUndefined();
  });

  it("serves an OpenAPI 3.1 document with every operation", async () => {
    const { app } = await makeApp();
    const res = await request(app).get("/openapi.json").expect(200);
    const doc = res.body as {
      openapi: string;
      paths: Record<string, Record<string, { operationId: string; security?: unknown }>>;
      components: { schemas: Record<string, unknown>; securitySchemes: Record<string, unknown> };
    };
    expect(doc.openapi).toBe("3.1.0");
    const operations = Object.values(doc.paths).flatMap((ops) => Object.values(ops).map((op) => op.operationId));
    expect(operations).toHaveLength(23);
    expect(operations).toContain("upload_recipe_image");
    expect(doc.paths["/recipes"]?.post?.security).toEqual([{ HTTPBearer: [] }]);
    expect(doc.paths["/recipes"]?.get?.security).toBeUndefined();
    expect(Object.keys(doc.components.schemas)).toEqual(
      expect.arrayContaining(["ErrorBody", "RecipeCreate", "RecipeRead", "UserPublic", "UserRead"]),
    );
    expect(doc.components.securitySchemes.HTTPBearer).toMatchObject({ type: "http", scheme: "bearer" });
  });

  it("serves Swagger UI and its assets from the installed package, with their own CSP", async () => {
    const { app } = await makeApp();
    const page = await request(app).get("/docs").expect(200);
    expect(page.text).toContain("/docs/assets/swagger-ui-bundle.js");
    expect(page.text).not.toContain("https://");
    expect(page.headers["content-security-policy"]).toMatch(/script-src 'self' 'sha256-[^']+'/);
    const asset = await request(app).get("/docs/assets/swagger-ui-bundle.js").expect(200);
    expect(asset.headers["content-type"]).toContain("text/javascript");
    expect(asset.headers["cache-control"]).toBe("public, max-age=86400");
    await request(app).get("/docs/assets/swagger-ui-bundle.js").expect(200); // cached
    await request(app).get("/docs/assets/nothing.js").expect(404);
  });

  it("answers an unknown path with the JSON error body and its request id", async () => {
    const { app } = await makeApp();
    const res = await request(app).get("/nowhere").set("X-Request-ID", "abc-123").expect(404);
    expect(res.body).toEqual({ code: "not_found", message: "Not Found", request_id: "abc-123", details: [] });
    expect(res.headers["x-request-id"]).toBe("abc-123");
  });

  it("answers a known path with another method with 405 and Allow", async () => {
    const { app } = await makeApp();
    const res = await request(app).put("/recipes").expect(405);
    expect(res.headers.allow).toBe("GET, POST");
    expect(res.body).toMatchObject({ code: "method_not_allowed" });
    const item = await request(app).post("/recipes/1").expect(405);
    expect(item.headers.allow).toBe("DELETE, GET, PATCH");
  });

  it("answers HEAD and a plain OPTIONS with 405, and redirects a trailing slash, as FastAPI does", async () => {
    const { app } = await makeApp();
    const head = await request(app).head("/healthz").expect(405);
    expect(head.headers.allow).toBe("GET");
    const options = await request(app).options("/recipes").expect(405);
    expect(options.headers.allow).toBe("GET, POST");
    const slash = await request(app).get("/recipes/?limit=1").expect(307);
    expect(slash.headers.location).toBe("/recipes?limit=1");
    await request(app).get("/nowhere/").expect(404);
  });

  it("answers a CORS preflight from a listed origin, and refuses another with 400", async () => {
    const { app } = await makeApp();
    const ok = await request(app)
      .options("/recipes")
      .set("Origin", "https://app.example.com")
      .set("Access-Control-Request-Method", "POST")
      .expect(204);
    expect(ok.headers["access-control-allow-origin"]).toBe("https://app.example.com");
    const refused = await request(app)
      .options("/recipes")
      .set("Origin", "https://evil.example.com")
      .set("Access-Control-Request-Method", "POST")
      .expect(400);
    expect(refused.body).toMatchObject({ code: "bad_request", message: "Disallowed CORS origin" });
  });

  it("makes its own request id when the client's is not valid, and logs each request", async () => {
    const t = await makeApp();
    const res = await request(t.app).get("/healthz").set("X-Request-ID", "bad id!").expect(200);
    const id = res.headers["x-request-id"];
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    await request(t.app).get("/nowhere%0aforged").expect(404);
    const lines = t.logs.filter((entry) => entry.name === "recipes.requests").map((e) => e.message);
    expect(lines[0]).toMatch(new RegExp(`^method="GET" path="/healthz" status=200 duration_ms=[\\d.]+ request_id=${String(id)}$`));
    expect(lines[1]).toContain('path="/nowhere\\nforged"');
  });

  it("allows the configured CORS origins only, and refuses a wildcard", async () => {
    const { app } = await makeApp();
    const allowed = await request(app).get("/healthz").set("Origin", "https://app.example.com");
    expect(allowed.headers["access-control-allow-origin"]).toBe("https://app.example.com");
    expect(allowed.headers["access-control-allow-credentials"]).toBe("true");
    const other = await request(app).get("/healthz").set("Origin", "https://evil.example.com");
    expect(other.headers["access-control-allow-origin"]).toBeUndefined();
    const database = openDatabase("sqlite:///:memory:");
    expect(() => createApp({ settings: testSettings("/tmp", { corsOrigins: ["*"] }), database })).toThrow(
      /CORS_ORIGINS may not contain "\*"/,
    );
    await database.close();
  });

  it("refuses a body over MAX_BODY_BYTES with 413, before reading it", async () => {
    const t = await makeApp({ maxBodyBytes: 100 });
    const { token } = await signIn(t);
    const res = await request(t.app)
      .post("/recipes")
      .set(...bearer(token))
      .send({ title: "x".repeat(200) })
      .expect(413);
    expect(res.body).toMatchObject({ code: "payload_too_large", details: [] });
  });

  it("answers malformed JSON with 422", async () => {
    const t = await makeApp();
    const { token } = await signIn(t);
    const res = await request(t.app)
      .post("/recipes")
      .set(...bearer(token))
      .set("Content-Type", "application/json")
      .send("{not json")
      .expect(422);
    expect(res.body).toMatchObject({ code: "validation_error", details: [{ type: "json_invalid", loc: ["body"] }] });
  });

  it("answers an unexpected failure with 500, the error body and the headers, and logs it", async () => {
    const broken: Storage = {
      save: () => Promise.reject(new Error("disk on fire")),
      load: () => Promise.reject(new Error("disk on fire")),
      delete: () => Promise.reject(new Error("disk on fire")),
    };
    const t = await makeApp({}, broken);
    const { token } = await signIn(t);
    const created = await request(t.app).post("/recipes").set(...bearer(token)).send({ title: "Soup" }).expect(201);
    const res = await request(t.app)
      .delete(`/recipes/${String((created.body as { id: number }).id)}`)
      .set(...bearer(token))
      .expect(500);
    expect(res.body).toMatchObject({ code: "internal_error", message: "Internal server error." });
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
    expect(t.logs.some((entry) => entry.level === "error" && entry.message.includes("disk on fire"))).toBe(true);
  });

  it("migrates an up-to-date database without doing anything", async () => {
    const t = await makeApp();
    expect(await migrate(t.database)).toEqual([]);
  });
});

import request from "supertest";
import { describe, expect, it } from "vitest";

import { bearer, makeApp, signIn } from "./helpers.js";

describe("tags", () => {
  it("are created by admin only, with a unique name matching the pattern", async () => {
    const t = await makeApp();
    const admin = await signIn(t, "admin");
    const user = await signIn(t);
    await request(t.app).post("/tags").set(...bearer(user.token)).send({ name: "soup" }).expect(403);
    const created = await request(t.app).post("/tags").set(...bearer(admin.token)).send({ name: "soup" }).expect(201);
    expect(created.body).toMatchObject({ name: "soup", owner_id: admin.id });
    expect((created.body as { created_at: string }).created_at).toMatch(/^\d{4}-\d{2}-\d{2}T.*Z$/);
    const taken = await request(t.app).post("/tags").set(...bearer(admin.token)).send({ name: "soup" }).expect(409);
    expect(taken.body).toMatchObject({ code: "conflict", message: "a Tag with this name already exists" });
    const bad = await request(t.app).post("/tags").set(...bearer(admin.token)).send({ name: "Soup!" }).expect(422);
    expect(bad.body).toMatchObject({ details: [{ loc: ["body", "name"], type: "invalid_format" }] });
    const nul = await request(t.app).post("/tags").set(...bearer(admin.token)).send({ name: "a\u0000" }).expect(422);
    expect((nul.body as { details: unknown[] }).details.length).toBeGreaterThan(0);
  });

  it("are listed, filtered and fetched by anyone", async () => {
    const t = await makeApp();
    const admin = await signIn(t, "admin");
    for (const name of ["b", "a", "c"]) {
      await request(t.app).post("/tags").set(...bearer(admin.token)).send({ name }).expect(201);
    }
    const sorted = await request(t.app).get("/tags?sort=name").expect(200);
    expect((sorted.body as { items: { name: string }[] }).items.map((tag) => tag.name)).toEqual(["a", "b", "c"]);
    const filtered = await request(t.app).get("/tags?name=c").expect(200);
    expect(filtered.body).toMatchObject({ total: 1, items: [{ name: "c" }] });
    const owned = await request(t.app).get(`/tags?owner_id=${String(admin.id)}&offset=2`).expect(200);
    expect(owned.body).toMatchObject({ total: 3, offset: 2, items: [{ name: "c" }] });
    await request(t.app).get("/tags/1").expect(200);
    const missing = await request(t.app).get("/tags/99").expect(404);
    expect(missing.body).toMatchObject({ code: "not_found", message: "Tag 99 not found" });
  });

  it("when deleted, clear the recipes' main tag (on_delete: set_null)", async () => {
    const t = await makeApp();
    const admin = await signIn(t, "admin");
    const tag = await request(t.app).post("/tags").set(...bearer(admin.token)).send({ name: "soup" }).expect(201);
    const tagId = (tag.body as { id: number }).id;
    const recipe = await request(t.app)
      .post("/recipes")
      .set(...bearer(admin.token))
      .send({ title: "Soup", main_tag_id: tagId })
      .expect(201);
    await request(t.app).delete(`/tags/${String(tagId)}`).set(...bearer(admin.token)).expect(204);
    const after = await request(t.app).get(`/recipes/${String((recipe.body as { id: number }).id)}`).expect(200);
    expect(after.body).toMatchObject({ main_tag_id: null });
    await request(t.app).delete(`/tags/${String(tagId)}`).set(...bearer(admin.token)).expect(404);
  });
});

import request from "supertest";
import { describe, expect, it } from "vitest";

import { view } from "../src/controllers/user.js";
import { PASSWORD, bearer, makeApp, signIn } from "./helpers.js";

describe("users", () => {
  it("lists users for admin only, with filters and paging", async () => {
    const t = await makeApp();
    const admin = await signIn(t, "admin");
    const user = await signIn(t);
    await request(t.app).get("/users").set(...bearer(user.token)).expect(403);
    const page = await request(t.app).get("/users?role=user&limit=1").set(...bearer(admin.token)).expect(200);
    expect(page.body).toMatchObject({ total: 1, limit: 1, offset: 0, items: [{ id: user.id, email: user.email }] });
    const sorted = await request(t.app).get("/users?sort=-id").set(...bearer(admin.token)).expect(200);
    expect((sorted.body as { items: { id: number }[] }).items.map((u) => u.id)).toEqual([user.id, admin.id]);
  });

  it("shows a user to itself and admin, and refuses others", async () => {
    const t = await makeApp();
    const admin = await signIn(t, "admin");
    const ann = await signIn(t);
    const bob = await signIn(t);
    const own = await request(t.app).get(`/users/${String(ann.id)}`).set(...bearer(ann.token)).expect(200);
    expect(own.body).toHaveProperty("email", ann.email);
    await request(t.app).get(`/users/${String(ann.id)}`).set(...bearer(admin.token)).expect(200);
    await request(t.app).get(`/users/${String(ann.id)}`).set(...bearer(bob.token)).expect(403);
    await request(t.app).get("/users/999").set(...bearer(admin.token)).expect(404);
    const bad = await request(t.app).get("/users/abc").set(...bearer(admin.token)).expect(422);
    expect(bad.body).toMatchObject({ details: [{ loc: ["path", "user_id"] }] });
  });

  it("updates the fields sent; roles only by admin; email changes need the current password", async () => {
    const t = await makeApp();
    const admin = await signIn(t, "admin");
    const ann = await signIn(t);
    const path = `/users/${String(ann.id)}`;
    const named = await request(t.app).patch(path).set(...bearer(ann.token)).send({ name: "Ann" }).expect(200);
    expect(named.body).toMatchObject({ name: "Ann", role: "user" });
    await request(t.app).patch(path).set(...bearer(ann.token)).send({ role: "admin" }).expect(403);
    const promoted = await request(t.app).patch(path).set(...bearer(admin.token)).send({ role: "admin" }).expect(200);
    expect(promoted.body).toMatchObject({ role: "admin" });
    await request(t.app).patch(path).set(...bearer(ann.token)).send({ email: "new@example.com" }).expect(403);
    await request(t.app)
      .patch(path)
      .set(...bearer(ann.token))
      .send({ email: "new@example.com", current_password: "wrong password" })
      .expect(403);
    const moved = await request(t.app)
      .patch(path)
      .set(...bearer(ann.token))
      .send({ email: "New@Example.com", current_password: PASSWORD })
      .expect(200);
    expect(moved.body).toMatchObject({ email: "new@example.com" });
    await request(t.app)
      .patch(path)
      .set(...bearer(ann.token))
      .send({ email: admin.email, current_password: PASSWORD })
      .expect(409);
    await request(t.app).patch(path).set(...bearer(ann.token)).send({ name: null, role: null }).expect(422);
  });

  it("shows others the public view, without the private email", () => {
    const record = { id: 2, email: "a@example.com", name: null, role: "user" as const, bio: null, website: null,
      created_at: "2026-01-01T00:00:00.000Z", updated_at: "2026-01-01T00:00:00.000Z", password_hash: "h", token_version: 0 };
    const other = { ...record, id: 3 };
    expect(view(record, other)).not.toHaveProperty("email");
    expect(view(record, undefined)).not.toHaveProperty("password_hash");
    expect(view(record, record)).toHaveProperty("email", "a@example.com");
    expect(view(record, { ...other, role: "admin" })).toHaveProperty("email");
  });

  it("deletes a user as admin only, and refuses while their records remain", async () => {
    const t = await makeApp();
    const admin = await signIn(t, "admin");
    const ann = await signIn(t);
    await request(t.app).delete(`/users/${String(ann.id)}`).set(...bearer(ann.token)).expect(403);
    await request(t.app).post("/recipes").set(...bearer(ann.token)).send({ title: "Soup" }).expect(201);
    const refused = await request(t.app).delete(`/users/${String(ann.id)}`).set(...bearer(admin.token)).expect(409);
    expect((refused.body as { message: string }).message).toContain("recipes (author_id)");
    const bob = await signIn(t);
    await request(t.app).delete(`/users/${String(bob.id)}`).set(...bearer(admin.token)).expect(204);
    await request(t.app).get(`/users/${String(bob.id)}`).set(...bearer(admin.token)).expect(404);
  });
});

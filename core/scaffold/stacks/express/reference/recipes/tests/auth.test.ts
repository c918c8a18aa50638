import request from "supertest";
import { describe, expect, it } from "vitest";

import { PASSWORD, bearer, makeApp, signIn } from "./helpers.js";

describe("accounts", () => {
  it("registers with 202 and the same answer whether or not the email is taken", async () => {
    const { app, database } = await makeApp();
    const body = { email: "Ann@Example.com", password: PASSWORD, name: "Ann" };
    const first = await request(app).post("/auth/register").send(body).expect(202);
    const again = await request(app).post("/auth/register").send(body).expect(202);
    expect(again.body).toEqual(first.body);
    const rows = await database.db.selectFrom("users").select(["email", "role"]).execute();
    expect(rows).toEqual([{ email: "ann@example.com", role: "user" }]);
  });

  it("refuses a short password, a bad email, and a role in the registration", async () => {
    const { app } = await makeApp();
    const res = await request(app)
      .post("/auth/register")
      .send({ email: "not-an-email", password: "short", role: "admin" })
      .expect(422);
    const body = res.body as { details: { loc: (string | number)[]; type: string }[] };
    expect(body.details.map((d) => d.loc.join("."))).toEqual(
      expect.arrayContaining(["body.email", "body.password", "body.role"]),
    );
    expect(body.details.find((d) => d.loc[1] === "role")?.type).toBe("extra_forbidden");
  });

  it("logs in with any case of the email, and /auth/me shows the whole account", async () => {
    const t = await makeApp();
    const { token, email } = await signIn(t);
    const login = await request(t.app).post("/auth/login").send({ email: email.toUpperCase(), password: PASSWORD });
    expect(login.status).toBe(200);
    expect(login.body).toMatchObject({ token_type: "bearer" });
    const me = await request(t.app).get("/auth/me").set(...bearer(token)).expect(200);
    expect(me.body).toMatchObject({ email, role: "user" });
    expect(me.body).not.toHaveProperty("password_hash");
  });

  it("answers 401 with WWW-Authenticate for a wrong password, an unknown email, or a bad token", async () => {
    const t = await makeApp();
    const { email } = await signIn(t);
    const wrong = await request(t.app).post("/auth/login").send({ email, password: "wrong password" }).expect(401);
    expect(wrong.headers["www-authenticate"]).toBe("Bearer");
    expect(wrong.body).toMatchObject({ code: "unauthorized", message: "wrong email or password" });
    await request(t.app).post("/auth/login").send({ email: "nobody@example.com", password: PASSWORD }).expect(401);
    await request(t.app).get("/auth/me").expect(401);
    await request(t.app).get("/auth/me").set(...bearer("not.a.token")).expect(401);
    await request(t.app).get("/auth/me").set("Authorization", "Basic dXNlcjpwYXNz").expect(401);
  });

  it("locks an account out after too many failed logins, with Retry-After", async () => {
    const t = await makeApp({ loginFailuresPerAccount: 2 });
    const { email } = await signIn(t);
    for (let i = 0; i < 2; i += 1) {
      await request(t.app).post("/auth/login").send({ email, password: "wrong password" }).expect(401);
    }
    const locked = await request(t.app).post("/auth/login").send({ email, password: PASSWORD }).expect(429);
    expect(Number(locked.headers["retry-after"])).toBeGreaterThan(0);
    expect(locked.body).toMatchObject({ code: "too_many_requests" });
  });

  it("revokes older tokens when the password changes", async () => {
    const t = await makeApp();
    const { token, id } = await signIn(t);
    await request(t.app)
      .patch(`/users/${String(id)}`)
      .set(...bearer(token))
      .send({ password: "a new password", current_password: PASSWORD })
      .expect(200);
    const old = await request(t.app).get("/auth/me").set(...bearer(token)).expect(401);
    expect(old.body).toMatchObject({ message: "the token was revoked by a password change" });
  });

  it("refuses the token of a deleted user", async () => {
    const t = await makeApp();
    const { token, id } = await signIn(t);
    await t.database.db.deleteFrom("users").where("id", "=", id).execute();
    const res = await request(t.app).get("/auth/me").set(...bearer(token)).expect(401);
    expect(res.body).toMatchObject({ message: "the token's user no longer exists" });
  });

  it("checks the token before it reads the body", async () => {
    const t = await makeApp();
    const res = await request(t.app)
      .post("/recipes")
      .set("Content-Type", "application/json")
      .send("{not json")
      .expect(401);
    expect(res.body).toMatchObject({ code: "unauthorized", message: "missing bearer token" });
  });
});

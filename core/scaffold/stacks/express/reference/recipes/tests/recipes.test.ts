import request from "supertest";
import { describe, expect, it } from "vitest";

import { bearer, makeApp, signIn } from "./helpers.js";

interface Recipe {
  id: number;
  title: string;
  [key: string]: unknown;
}

describe("recipes", () => {
  it("are created with the spec's defaults; owner and author come from the token", async () => {
    const t = await makeApp();
    const ann = await signIn(t);
    const res = await request(t.app).post("/recipes").set(...bearer(ann.token)).send({ title: "Soup" }).expect(201);
    expect(res.body).toMatchObject({
      title: "Soup",
      description: null,
      servings: 1,
      prep_minutes: null,
      difficulty: "easy",
      vegetarian: false,
      tags: [],
      image: null,
      author_id: ann.id,
      main_tag_id: null,
      owner_id: ann.id,
    });
    const sent = await request(t.app)
      .post("/recipes")
      .set(...bearer(ann.token))
      .send({ title: "Soup", author_id: 7, owner_id: 7 })
      .expect(422);
    const types = (sent.body as { details: { type: string }[] }).details.map((d) => d.type);
    expect(types).toEqual(["extra_forbidden", "extra_forbidden"]);
  });

  it("validate every field as JSON has it, listing each problem", async () => {
    const t = await makeApp();
    const ann = await signIn(t);
    const res = await request(t.app)
      .post("/recipes")
      .set(...bearer(ann.token))
      .send({ servings: "2", vegetarian: "yes", difficulty: "extreme", tags: ["a\u0000"], description: "x".repeat(10001) })
      .expect(422);
    const body = res.body as { code: string; message: string; request_id: string; details: { loc: (string | number)[]; type: string }[] };
    expect(body.code).toBe("validation_error");
    expect(body.request_id).toMatch(/^[0-9a-f]{32}$/);
    expect(body.details.map((d) => d.loc.join("."))).toEqual(
      expect.arrayContaining(["body.title", "body.servings", "body.vegetarian", "body.difficulty", "body.tags.0", "body.description"]),
    );
    expect(body.details.find((d) => d.loc[1] === "title")?.type).toBe("missing");
    await request(t.app).post("/recipes").set(...bearer(ann.token)).send({ title: "x", servings: 101 }).expect(422);
    await request(t.app).post("/recipes").set(...bearer(ann.token)).send([]).expect(422);
    await request(t.app).post("/recipes").set(...bearer(ann.token)).expect(422);
  });

  it("are listed with paging, equality filters and sorting", async () => {
    const t = await makeApp();
    const ann = await signIn(t);
    const values = [
      { title: "B", servings: 2, vegetarian: true },
      { title: "A", servings: 4, vegetarian: false },
      { title: "C", servings: 2, vegetarian: true, tags: ["x", "y"] },
    ];
    for (const body of values) await request(t.app).post("/recipes").set(...bearer(ann.token)).send(body).expect(201);
    const all = await request(t.app).get("/recipes").expect(200);
    expect(all.body).toMatchObject({ total: 3, limit: 20, offset: 0 });
    const titles = (res: request.Response) => (res.body as { items: Recipe[] }).items.map((r) => r.title);
    expect(titles(await request(t.app).get("/recipes?sort=title"))).toEqual(["A", "B", "C"]);
    expect(titles(await request(t.app).get("/recipes?sort=-servings"))).toEqual(["A", "B", "C"]);
    expect(titles(await request(t.app).get("/recipes?servings=2&vegetarian=true"))).toEqual(["B", "C"]);
    expect(titles(await request(t.app).get("/recipes?vegetarian=false"))).toEqual(["A"]);
    expect(titles(await request(t.app).get("/recipes?limit=1&offset=1"))).toEqual(["A"]);
    expect(titles(await request(t.app).get(`/recipes?author_id=${String(ann.id)}&title=C`))).toEqual(["C"]);
    expect(titles(await request(t.app).get("/recipes?title=B&title=C"))).toEqual(["C"]);
    const tagged = await request(t.app).get("/recipes?title=C").expect(200);
    expect((tagged.body as { items: Recipe[] }).items[0]?.tags).toEqual(["x", "y"]);
  });

  it("answer 422 for a bad page, sort or filter, and name an unknown query parameter", async () => {
    const t = await makeApp();
    for (const query of ["limit=0", "limit=101", "offset=-1", "sort=description", "servings=two", "vegetarian=maybe"]) {
      await request(t.app).get(`/recipes?${query}`).expect(422);
    }
    const unknown = await request(t.app).get("/recipes?colour=red").expect(422);
    expect(unknown.body).toMatchObject({
      message: "Unknown query parameter: 'colour'.",
      details: [{ loc: ["query", "colour"], type: "unknown_parameter" }],
    });
  });

  it("are fetched by id; a missing one is 404, a bad id 422", async () => {
    const t = await makeApp();
    const ann = await signIn(t);
    const created = await request(t.app).post("/recipes").set(...bearer(ann.token)).send({ title: "Soup" }).expect(201);
    const id = (created.body as Recipe).id;
    const got = await request(t.app).get(`/recipes/${String(id)}`).expect(200);
    expect(got.body).toEqual(created.body);
    const missing = await request(t.app).get("/recipes/12345").expect(404);
    expect(missing.body).toMatchObject({ code: "not_found", message: "Recipe 12345 not found", details: [] });
    for (const bad of ["abc", "0", "9007199254740992", "1.5"]) {
      await request(t.app).get(`/recipes/${bad}`).expect(422);
    }
  });

  it("are updated partially by their owner only", async () => {
    const t = await makeApp();
    const ann = await signIn(t);
    const bob = await signIn(t);
    const admin = await signIn(t, "admin");
    const created = await request(t.app)
      .post("/recipes")
      .set(...bearer(ann.token))
      .send({ title: "Soup", servings: 3 })
      .expect(201);
    const path = `/recipes/${String((created.body as Recipe).id)}`;
    const updated = await request(t.app)
      .patch(path)
      .set(...bearer(ann.token))
      .send({ title: "Stew", description: "Thick", vegetarian: true })
      .expect(200);
    expect(updated.body).toMatchObject({ title: "Stew", description: "Thick", servings: 3, vegetarian: true });
    const cleared = await request(t.app).patch(path).set(...bearer(ann.token)).send({ description: null }).expect(200);
    expect(cleared.body).toMatchObject({ description: null });
    await request(t.app).patch(path).set(...bearer(ann.token)).send({ title: null }).expect(422);
    await request(t.app).patch(path).set(...bearer(bob.token)).send({ title: "Mine" }).expect(403);
    await request(t.app).patch(path).set(...bearer(admin.token)).send({ title: "Mine" }).expect(403);
    await request(t.app).patch("/recipes/999").set(...bearer(ann.token)).send({ title: "X" }).expect(404);
    const noTag = await request(t.app).patch(path).set(...bearer(ann.token)).send({ main_tag_id: 42 }).expect(409);
    expect(noTag.body).toMatchObject({ message: "main_tag_id: tags 42 does not exist" });
  });

  it("are deleted by their owner or admin", async () => {
    const t = await makeApp();
    const ann = await signIn(t);
    const bob = await signIn(t);
    const admin = await signIn(t, "admin");
    const ids: number[] = [];
    for (let i = 0; i < 2; i += 1) {
      const res = await request(t.app).post("/recipes").set(...bearer(ann.token)).send({ title: "Soup" }).expect(201);
      ids.push((res.body as Recipe).id);
    }
    await request(t.app).delete(`/recipes/${String(ids[0])}`).set(...bearer(bob.token)).expect(403);
    await request(t.app).delete(`/recipes/${String(ids[0])}`).set(...bearer(ann.token)).expect(204);
    await request(t.app).delete(`/recipes/${String(ids[1])}`).set(...bearer(admin.token)).expect(204);
    await request(t.app).delete(`/recipes/${String(ids[1])}`).set(...bearer(admin.token)).expect(404);
    await request(t.app).delete(`/recipes/${String(ids[1])}`).expect(401);
  });

  it("take an image upload from their owner, and give it back as an attachment", async () => {
    const t = await makeApp();
    const ann = await signIn(t);
    const bob = await signIn(t);
    const created = await request(t.app).post("/recipes").set(...bearer(ann.token)).send({ title: "Soup" }).expect(201);
    const path = `/recipes/${String((created.body as Recipe).id)}/image`;
    await request(t.app).get(path).expect(404);
    const data = Buffer.from("\x89PNG\r\n\x1a\nnot really a png", "latin1");
    const uploaded = await request(t.app)
      .put(path)
      .set(...bearer(ann.token))
      .attach("file", data, "soup photo.png")
      .expect(200);
    expect(uploaded.body).toMatchObject({ image: "soup photo.png" });
    const download = await request(t.app).get(path).buffer(true).expect(200);
    expect(download.headers["content-type"]).toBe("application/octet-stream");
    expect(download.headers["content-disposition"]).toBe("attachment; filename*=utf-8''soup%20photo.png");
    expect(Buffer.compare(download.body as Buffer, data)).toBe(0);
    await request(t.app).put(path).set(...bearer(bob.token)).attach("file", data, "x.png").expect(403);
    await request(t.app).put(path).attach("file", data, "x.png").expect(401);
    await request(t.app).put("/recipes/999/image").set(...bearer(ann.token)).attach("file", data, "x.png").expect(404);
    const missing = await request(t.app).put(path).set(...bearer(ann.token)).field("other", "x").expect(400);
    expect(missing.body).toMatchObject({ code: "bad_request" });
    const empty = await request(t.app).put(path).set(...bearer(ann.token)).send({}).expect(422);
    expect(empty.body).toMatchObject({ details: [{ loc: ["body", "file"], type: "missing" }] });
  });

  it("refuse an upload over MAX_UPLOAD_BYTES with 413", async () => {
    const t = await makeApp({ maxUploadBytes: 1000 });
    const ann = await signIn(t);
    const created = await request(t.app).post("/recipes").set(...bearer(ann.token)).send({ title: "Soup" }).expect(201);
    const path = `/recipes/${String((created.body as Recipe).id)}/image`;
    const res = await request(t.app)
      .put(path)
      .set(...bearer(ann.token))
      .attach("file", Buffer.alloc(5000), "big.bin")
      .expect(413);
    expect(res.body).toMatchObject({ code: "payload_too_large" });
    const chunked = await request(t.app)
      .put(path)
      .set(...bearer(ann.token))
      .attach("file", Buffer.alloc(1500), "big.bin")
      .expect(413);
    expect(chunked.body).toMatchObject({ code: "payload_too_large" });
  });
});

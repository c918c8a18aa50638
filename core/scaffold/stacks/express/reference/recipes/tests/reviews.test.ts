import request from "supertest";
import { describe, expect, it } from "vitest";

import { bearer, makeApp, signIn } from "./helpers.js";

describe("reviews", () => {
  it("are created for an existing recipe, rated 1 to 5", async () => {
    const t = await makeApp();
    const ann = await signIn(t);
    const recipe = await request(t.app).post("/recipes").set(...bearer(ann.token)).send({ title: "Soup" }).expect(201);
    const recipeId = (recipe.body as { id: number }).id;
    const review = await request(t.app)
      .post("/reviews")
      .set(...bearer(ann.token))
      .send({ recipe_id: recipeId, rating: 5, comment: "Lovely" })
      .expect(201);
    expect(review.body).toMatchObject({ recipe_id: recipeId, rating: 5, comment: "Lovely", owner_id: ann.id });
    await request(t.app).post("/reviews").set(...bearer(ann.token)).send({ recipe_id: recipeId, rating: 6 }).expect(422);
    await request(t.app).post("/reviews").set(...bearer(ann.token)).send({ recipe_id: recipeId, rating: "5" }).expect(422);
    const missing = await request(t.app).post("/reviews").set(...bearer(ann.token)).send({ recipe_id: 999, rating: 3 }).expect(409);
    expect(missing.body).toMatchObject({ message: "recipe_id: recipes 999 does not exist" });
    const page = await request(t.app).get(`/reviews?recipe_id=${String(recipeId)}&rating=5`).expect(200);
    expect(page.body).toMatchObject({ total: 1 });
    await request(t.app).get(`/reviews/${String((review.body as { id: number }).id)}`).expect(200);
  });

  it("are deleted by their owner or admin, and go with their recipe (cascade)", async () => {
    const t = await makeApp();
    const ann = await signIn(t);
    const bob = await signIn(t);
    const admin = await signIn(t, "admin");
    const recipe = await request(t.app).post("/recipes").set(...bearer(ann.token)).send({ title: "Soup" }).expect(201);
    const recipeId = (recipe.body as { id: number }).id;
    const ids: number[] = [];
    for (let i = 0; i < 3; i += 1) {
      const review = await request(t.app)
        .post("/reviews")
        .set(...bearer(bob.token))
        .send({ recipe_id: recipeId, rating: 4 })
        .expect(201);
      ids.push((review.body as { id: number }).id);
    }
    await request(t.app).delete(`/reviews/${String(ids[0])}`).set(...bearer(ann.token)).expect(403);
    await request(t.app).delete(`/reviews/${String(ids[0])}`).set(...bearer(bob.token)).expect(204);
    await request(t.app).delete(`/reviews/${String(ids[1])}`).set(...bearer(admin.token)).expect(204);
    await request(t.app).delete(`/recipes/${String(recipeId)}`).set(...bearer(ann.token)).expect(204);
    await request(t.app).get(`/reviews/${String(ids[2])}`).expect(404);
  });
});

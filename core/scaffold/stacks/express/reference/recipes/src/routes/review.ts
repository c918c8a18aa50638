/** The reviews API: paths, parameters and their OpenAPI documentation. */
import { ReviewController } from "../controllers/review.js";
import type { AppContext } from "../context.js";
import { pathId } from "../models/fields.js";
import { ReviewCreate, ReviewListQuery, ReviewPage, ReviewRead } from "../models/review.js";
import { z } from "../models/zod.js";
import { type Route, route } from "./define.js";

const tags = ["reviews"];
const params = z.object({ review_id: pathId("review") });

export function reviewRoutes(context: AppContext): Route[] {
  const controller = new ReviewController(context);
  return [
    route({
      method: "get",
      path: "/reviews",
      operationId: "list_reviews",
      summary: "List reviews",
      description:
        "A page of reviews. Filter by equality on `recipe_id`, `rating`, `owner_id`; sort with `sort` (`-` for descending). Allowed: anyone.",
      tags,
      auth: "none",
      query: ReviewListQuery,
      status: 200,
      response: ReviewPage,
      errors: [422],
      handle: ({ query }) => controller.list(query),
    }),
    route({
      method: "get",
      path: "/reviews/{review_id}",
      operationId: "get_review",
      summary: "Get a review",
      description: "One review by id. Allowed: anyone.",
      tags,
      auth: "none",
      params,
      status: 200,
      response: ReviewRead,
      errors: [404, 422],
      handle: ({ params }) => controller.get(params.review_id),
    }),
    route({
      method: "post",
      path: "/reviews",
      operationId: "create_review",
      summary: "Create a review",
      description: "Creates a review. Allowed: any signed-in user.",
      tags,
      auth: "required",
      body: ReviewCreate,
      status: 201,
      response: ReviewRead,
      errors: [400, 401, 409, 422],
      handle: ({ body, user }) => controller.create(body, user),
    }),
    route({
      method: "delete",
      path: "/reviews/{review_id}",
      operationId: "delete_review",
      summary: "Delete a review",
      description: "Deletes a review. Allowed: its owner or role `admin`.",
      tags,
      auth: "required",
      params,
      status: 204,
      errors: [401, 403, 404, 409, 422],
      handle: ({ params, user }) => controller.delete(params.review_id, user),
    }),
  ];
}

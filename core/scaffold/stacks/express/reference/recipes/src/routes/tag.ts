/** The tags API: paths, parameters and their OpenAPI documentation. */
import { TagController } from "../controllers/tag.js";
import type { AppContext } from "../context.js";
import { pathId } from "../models/fields.js";
import { TagCreate, TagListQuery, TagPage, TagRead } from "../models/tag.js";
import { z } from "../models/zod.js";
import { type Route, route } from "./define.js";

const tags = ["tags"];
const params = z.object({ tag_id: pathId("tag") });

export function tagRoutes(context: AppContext): Route[] {
  const controller = new TagController(context);
  return [
    route({
      method: "get",
      path: "/tags",
      operationId: "list_tags",
      summary: "List tags",
      description:
        "A page of tags. Filter by equality on `name`, `owner_id`; sort with `sort` (`-` for descending). Allowed: anyone.",
      tags,
      auth: "none",
      query: TagListQuery,
      status: 200,
      response: TagPage,
      errors: [422],
      handle: ({ query }) => controller.list(query),
    }),
    route({
      method: "get",
      path: "/tags/{tag_id}",
      operationId: "get_tag",
      summary: "Get a tag",
      description: "One tag by id. Allowed: anyone.",
      tags,
      auth: "none",
      params,
      status: 200,
      response: TagRead,
      errors: [404, 422],
      handle: ({ params }) => controller.get(params.tag_id),
    }),
    route({
      method: "post",
      path: "/tags",
      operationId: "create_tag",
      summary: "Create a tag",
      description: "Creates a tag. Allowed: role `admin`.",
      tags,
      auth: "required",
      body: TagCreate,
      status: 201,
      response: TagRead,
      errors: [400, 401, 403, 409, 422],
      handle: ({ body, user }) => controller.create(body, user),
    }),
    route({
      method: "delete",
      path: "/tags/{tag_id}",
      operationId: "delete_tag",
      summary: "Delete a tag",
      description: "Deletes a tag. Allowed: role `admin`.",
      tags,
      auth: "required",
      params,
      status: 204,
      errors: [401, 403, 404, 409, 422],
      handle: ({ params, user }) => controller.delete(params.tag_id, user),
    }),
  ];
}

/** The users API: paths, parameters and their OpenAPI documentation. */
import { UserController } from "../controllers/user.js";
import type { AppContext } from "../context.js";
import { pathId } from "../models/fields.js";
import { UserListQuery, UserPage, UserUpdate, UserView } from "../models/user.js";
import { z } from "../models/zod.js";
import { type Route, route } from "./define.js";

const tags = ["users"];
const params = z.object({ user_id: pathId("user") });

export function userRoutes(context: AppContext): Route[] {
  const controller = new UserController(context);
  return [
    route({
      method: "get",
      path: "/users",
      operationId: "list_users",
      summary: "List users",
      description:
        "A page of users. Filter by equality on `name`, `role`, `website`; sort with `sort` (`-` for descending). Allowed: role `admin`.",
      tags,
      auth: "required",
      query: UserListQuery,
      status: 200,
      response: UserPage,
      errors: [401, 403, 422],
      handle: ({ query, user }) => controller.list(query, user),
    }),
    route({
      method: "get",
      path: "/users/{user_id}",
      operationId: "get_user",
      summary: "Get a user",
      description: "One user by id. Allowed: its owner or role `admin`.",
      tags,
      auth: "required",
      params,
      status: 200,
      response: UserView,
      errors: [401, 403, 404, 422],
      handle: ({ params, user }) => controller.get(params.user_id, user),
    }),
    route({
      method: "patch",
      path: "/users/{user_id}",
      operationId: "update_user",
      summary: "Update a user",
      description:
        "Changes the fields sent; the others keep their values. Allowed: its owner or role `admin`.",
      tags,
      auth: "required",
      params,
      body: UserUpdate,
      status: 200,
      response: UserView,
      errors: [400, 401, 403, 404, 409, 422],
      handle: ({ params, body, user }) => controller.update(params.user_id, body, user),
    }),
    route({
      method: "delete",
      path: "/users/{user_id}",
      operationId: "delete_user",
      summary: "Delete a user",
      description: "Deletes a user. Allowed: role `admin`.",
      tags,
      auth: "required",
      params,
      status: 204,
      errors: [401, 403, 404, 409, 422],
      handle: ({ params, user }) => controller.delete(params.user_id, user),
    }),
  ];
}

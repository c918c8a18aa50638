/** The recipes API: paths, parameters and their OpenAPI documentation. */
import { RecipeController } from "../controllers/recipe.js";
import type { AppContext } from "../context.js";
import { pathId } from "../models/fields.js";
import { RecipeCreate, RecipeListQuery, RecipePage, RecipeRead, RecipeUpdate } from "../models/recipe.js";
import { z } from "../models/zod.js";
import { type Route, route } from "./define.js";

const tags = ["recipes"];
const params = z.object({ recipe_id: pathId("recipe") });

export function recipeRoutes(context: AppContext): Route[] {
  const controller = new RecipeController(context);
  return [
    route({
      method: "get",
      path: "/recipes",
      operationId: "list_recipes",
      summary: "List recipes",
      description:
        "A page of recipes. Filter by equality on `title`, `servings`, `prep_minutes`, `difficulty`, `vegetarian`, `author_id`, `main_tag_id`, `owner_id`; sort with `sort` (`-` for descending). Allowed: anyone.",
      tags,
      auth: "none",
      query: RecipeListQuery,
      status: 200,
      response: RecipePage,
      errors: [422],
      handle: ({ query }) => controller.list(query),
    }),
    route({
      method: "get",
      path: "/recipes/{recipe_id}",
      operationId: "get_recipe",
      summary: "Get a recipe",
      description: "One recipe by id. Allowed: anyone.",
      tags,
      auth: "none",
      params,
      status: 200,
      response: RecipeRead,
      errors: [404, 422],
      handle: ({ params }) => controller.get(params.recipe_id),
    }),
    route({
      method: "post",
      path: "/recipes",
      operationId: "create_recipe",
      summary: "Create a recipe",
      description: "Creates a recipe. Allowed: any signed-in user.",
      tags,
      auth: "required",
      body: RecipeCreate,
      status: 201,
      response: RecipeRead,
      errors: [400, 401, 409, 422],
      handle: ({ body, user }) => controller.create(body, user),
    }),
    route({
      method: "patch",
      path: "/recipes/{recipe_id}",
      operationId: "update_recipe",
      summary: "Update a recipe",
      description:
        "Changes the fields sent; the others keep their values. Allowed: its owner.",
      tags,
      auth: "required",
      params,
      body: RecipeUpdate,
      status: 200,
      response: RecipeRead,
      errors: [400, 401, 403, 404, 409, 422],
      handle: ({ params, body, user }) => controller.update(params.recipe_id, body, user),
    }),
    route({
      method: "delete",
      path: "/recipes/{recipe_id}",
      operationId: "delete_recipe",
      summary: "Delete a recipe",
      description: "Deletes a recipe. Allowed: its owner or role `admin`.",
      tags,
      auth: "required",
      params,
      status: 204,
      errors: [401, 403, 404, 409, 422],
      handle: ({ params, user }) => controller.delete(params.recipe_id, user),
    }),
    route({
      method: "put",
      path: "/recipes/{recipe_id}/image",
      operationId: "upload_recipe_image",
      summary: "Upload the recipe's image",
      description:
        "Stores the uploaded file (multipart field `file`) as the recipe's image. Allowed: its owner.",
      tags,
      auth: "required",
      params,
      upload: {
        description: "The file (at most MAX_UPLOAD_BYTES).",
        before: ({ params, user }) => controller.checkImageUpload(params.recipe_id, user),
      },
      status: 200,
      response: RecipeRead,
      errors: [400, 401, 403, 404, 413, 422],
      handle: ({ params, file, user }) => controller.uploadImage(params.recipe_id, file, user),
    }),
    route({
      method: "get",
      path: "/recipes/{recipe_id}/image",
      operationId: "download_recipe_image",
      summary: "Download the recipe's image",
      description: "The recipe's image as stored. Allowed: anyone.",
      tags,
      auth: "none",
      params,
      status: 200,
      response: "file",
      errors: [404, 422],
      handle: ({ params }) => controller.downloadImage(params.recipe_id),
    }),
  ];
}

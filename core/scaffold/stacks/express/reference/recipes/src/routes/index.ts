/** Every route group of the API, in the order of the OpenAPI document. Add a new group here. */
import type { AppContext } from "../context.js";
import { authRoutes } from "./auth.js";
import type { Route } from "./define.js";
import { healthRoutes } from "./health.js";
import { recipeRoutes } from "./recipe.js";
import { reviewRoutes } from "./review.js";
import { tagRoutes } from "./tag.js";
import { userRoutes } from "./user.js";

export const ROUTE_GROUPS = [
  authRoutes,
  healthRoutes,
  recipeRoutes,
  reviewRoutes,
  tagRoutes,
  userRoutes,
] as const;

export function allRoutes(context: AppContext): Route[] {
  return ROUTE_GROUPS.flatMap((group) => group(context));
}

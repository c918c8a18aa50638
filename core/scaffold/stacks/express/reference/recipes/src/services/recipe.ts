/** Recipes: the table's rules, and rows as the API shows them. */
import type { RecipeRead } from "../models/recipe.js";
import type { ResourceTable, Row } from "./crud.js";
import { flag, isoTime, nullableNumber, nullableString, stringList } from "./rows.js";

export const RECIPES: ResourceTable = {
  table: "recipes",
  label: "Recipe",
  unique: [],
  references: { author_id: "users", main_tag_id: "tags" },
  restrictedBy: [],
};

export function toRecipe(row: Row): RecipeRead {
  return {
    id: Number(row.id),
    title: String(row.title),
    description: nullableString(row.description),
    servings: Number(row.servings),
    prep_minutes: nullableNumber(row.prep_minutes),
    difficulty: String(row.difficulty) as RecipeRead["difficulty"],
    vegetarian: flag(row.vegetarian),
    tags: stringList(row.tags),
    image: nullableString(row.image),
    author_id: nullableNumber(row.author_id),
    main_tag_id: nullableNumber(row.main_tag_id),
    owner_id: nullableNumber(row.owner_id),
    created_at: isoTime(row.created_at),
    updated_at: isoTime(row.updated_at),
  };
}

/** Request values → column values: the flag as 0/1, the list as JSON. */
export function recipeRow(values: Row): Row {
  const row: Row = { ...values };
  if (typeof values.vegetarian === "boolean") row.vegetarian = values.vegetarian ? 1 : 0;
  if (Array.isArray(values.tags)) row.tags = JSON.stringify(values.tags);
  return row;
}

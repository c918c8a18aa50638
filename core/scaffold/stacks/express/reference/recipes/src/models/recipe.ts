/** What the recipes API accepts and answers. */
import { MAX_SAFE, page, paging, queryBool, queryEnum, queryInt, queryText, refId, stringItem, text, timestamp } from "./fields.js";
import { z } from "./zod.js";

export const DIFFICULTY_VALUES = ["easy", "medium", "hard"] as const;
export const RECIPE_SORT_KEYS = ["id", "created_at", "title", "servings", "prep_minutes", "difficulty", "vegetarian", "author_id", "main_tag_id"] as const;

export const RecipeCreate = z
  .strictObject({
    title: text(200),
    description: text(10000).nullable().optional(),
    servings: z.number().int().min(1).max(100).default(1),
    prep_minutes: z.number().int().min(0).max(MAX_SAFE).nullable().optional(),
    difficulty: z.enum(DIFFICULTY_VALUES).default("easy"),
    vegetarian: z.boolean().default(false),
    tags: z.array(stringItem()).max(100).default([]),
    main_tag_id: refId().nullable().optional(),
  })
  .openapi("RecipeCreate");

export const RecipeUpdate = z
  .strictObject({
    title: text(200).optional(),
    description: text(10000).nullable().optional(),
    servings: z.number().int().min(1).max(100).optional(),
    prep_minutes: z.number().int().min(0).max(MAX_SAFE).nullable().optional(),
    difficulty: z.enum(DIFFICULTY_VALUES).optional(),
    vegetarian: z.boolean().optional(),
    tags: z.array(stringItem()).max(100).optional(),
    main_tag_id: refId().nullable().optional(),
  })
  .openapi("RecipeUpdate", {
    description:
      "Only the fields sent are changed; a field that may not be empty may not be sent as null.",
  });

export const RecipeRead = z
  .object({
    id: z.number().int(),
    title: z.string(),
    description: z.string().nullable(),
    servings: z.number().int(),
    prep_minutes: z.number().int().nullable(),
    difficulty: z.enum(DIFFICULTY_VALUES),
    vegetarian: z.boolean(),
    tags: z.array(z.string()),
    image: z.string().nullable(),
    author_id: z.number().int().nullable(),
    main_tag_id: z.number().int().nullable(),
    owner_id: z.number().int().nullable(),
    created_at: timestamp(),
    updated_at: timestamp(),
  })
  .openapi("RecipeRead");

export const RecipeListQuery = z.strictObject({
  ...paging(RECIPE_SORT_KEYS),
  title: queryText(200),
  servings: queryInt(),
  prep_minutes: queryInt(),
  difficulty: queryEnum(DIFFICULTY_VALUES),
  vegetarian: queryBool(),
  author_id: queryInt(),
  main_tag_id: queryInt(),
  owner_id: queryInt(1),
});

export const RecipePage = page(RecipeRead, "RecipePage");

export type RecipeCreate = z.infer<typeof RecipeCreate>;
export type RecipeUpdate = z.infer<typeof RecipeUpdate>;
export type RecipeRead = z.infer<typeof RecipeRead>;
export type RecipeListQuery = z.infer<typeof RecipeListQuery>;

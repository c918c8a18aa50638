/** What the reviews API accepts and answers. */
import { page, paging, queryInt, refId, text, timestamp } from "./fields.js";
import { z } from "./zod.js";

export const REVIEW_SORT_KEYS = ["id", "created_at", "recipe_id", "rating"] as const;

export const ReviewCreate = z
  .strictObject({
    recipe_id: refId(),
    rating: z.number().int().min(1).max(5),
    comment: text(2000).nullable().optional(),
  })
  .openapi("ReviewCreate");

export const ReviewRead = z
  .object({
    id: z.number().int(),
    recipe_id: z.number().int(),
    rating: z.number().int(),
    comment: z.string().nullable(),
    owner_id: z.number().int().nullable(),
    created_at: timestamp(),
    updated_at: timestamp(),
  })
  .openapi("ReviewRead");

export const ReviewListQuery = z.strictObject({
  ...paging(REVIEW_SORT_KEYS),
  recipe_id: queryInt(),
  rating: queryInt(),
  owner_id: queryInt(1),
});

export const ReviewPage = page(ReviewRead, "ReviewPage");

export type ReviewCreate = z.infer<typeof ReviewCreate>;
export type ReviewRead = z.infer<typeof ReviewRead>;
export type ReviewListQuery = z.infer<typeof ReviewListQuery>;

/** What the tags API accepts and answers. */
import { page, paging, patterned, queryInt, queryText, timestamp } from "./fields.js";
import { z } from "./zod.js";

export const TAG_SORT_KEYS = ["id", "created_at", "name"] as const;

export const TagCreate = z
  .strictObject({
    name: patterned(40, /^[a-z0-9-]+$/),
  })
  .openapi("TagCreate");

export const TagRead = z
  .object({
    id: z.number().int(),
    name: z.string(),
    owner_id: z.number().int().nullable(),
    created_at: timestamp(),
    updated_at: timestamp(),
  })
  .openapi("TagRead");

export const TagListQuery = z.strictObject({
  ...paging(TAG_SORT_KEYS),
  name: queryText(40),
  owner_id: queryInt(1),
});

export const TagPage = page(TagRead, "TagPage");

export type TagCreate = z.infer<typeof TagCreate>;
export type TagRead = z.infer<typeof TagRead>;
export type TagListQuery = z.infer<typeof TagListQuery>;

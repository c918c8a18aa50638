/** Reviews: the table's rules, and rows as the API shows them. */
import type { ReviewRead } from "../models/review.js";
import type { ResourceTable, Row } from "./crud.js";
import { isoTime, nullableNumber, nullableString } from "./rows.js";

export const REVIEWS: ResourceTable = {
  table: "reviews",
  label: "Review",
  unique: [],
  references: { recipe_id: "recipes" },
  restrictedBy: [],
};

export function toReview(row: Row): ReviewRead {
  return {
    id: Number(row.id),
    recipe_id: Number(row.recipe_id),
    rating: Number(row.rating),
    comment: nullableString(row.comment),
    owner_id: nullableNumber(row.owner_id),
    created_at: isoTime(row.created_at),
    updated_at: isoTime(row.updated_at),
  };
}

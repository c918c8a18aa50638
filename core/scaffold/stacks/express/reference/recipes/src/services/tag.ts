/** Tags: the table's rules, and rows as the API shows them. */
import type { TagRead } from "../models/tag.js";
import type { ResourceTable, Row } from "./crud.js";
import { isoTime, nullableNumber } from "./rows.js";

export const TAGS: ResourceTable = {
  table: "tags",
  label: "Tag",
  unique: ["name"],
  references: {},
  restrictedBy: [],
};

export function toTag(row: Row): TagRead {
  return {
    id: Number(row.id),
    name: String(row.name),
    owner_id: nullableNumber(row.owner_id),
    created_at: isoTime(row.created_at),
    updated_at: isoTime(row.updated_at),
  };
}

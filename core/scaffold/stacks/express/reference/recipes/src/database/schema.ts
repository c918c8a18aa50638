/** The tables as Kysely sees them: one interface per table, one `Database` of them all. */
import type { ColumnType, Generated } from "kysely";

/** SQLite answers ISO text, PostgreSQL a Date (timestamp with time zone); written as ISO text. */
export type Timestamp = ColumnType<string | Date, string, string>;
/** SQLite answers 0/1, PostgreSQL a boolean; written as 0/1, which both take. */
export type Flag = ColumnType<number | boolean, number, number>;

export interface UsersTable {
  id: Generated<number>;
  email: string;
  name: string | null;
  role: string;
  bio: string | null;
  website: string | null;
  password_hash: string;
  token_version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface TagsTable {
  id: Generated<number>;
  name: string;
  owner_id: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface RecipesTable {
  id: Generated<number>;
  title: string;
  description: string | null;
  servings: number;
  prep_minutes: number | null;
  difficulty: string;
  vegetarian: Flag;
  /** a JSON list of strings */
  tags: string;
  image: string | null;
  author_id: number | null;
  main_tag_id: number | null;
  owner_id: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ReviewsTable {
  id: Generated<number>;
  recipe_id: number;
  rating: number;
  comment: string | null;
  owner_id: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface Tables {
  users: UsersTable;
  tags: TagsTable;
  recipes: RecipesTable;
  reviews: ReviewsTable;
}

export type TableName = keyof Tables;

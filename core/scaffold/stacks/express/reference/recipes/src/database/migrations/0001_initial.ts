/** The first schema: users, tags, recipes, reviews. */
import type { ColumnDefinitionBuilder, Kysely, Migration } from "kysely";
import { sql } from "kysely";

import type { Dialect } from "../connection.js";

type Column = (column: ColumnDefinitionBuilder) => ColumnDefinitionBuilder;

export function initial(dialect: Dialect): Migration {
  const postgres = dialect === "postgres";
  const idType = postgres ? "bigserial" : "integer";
  const id: Column = (c) => (postgres ? c.primaryKey() : c.primaryKey().autoIncrement());
  const timestamp = postgres ? "timestamptz" : "text";
  const now: Column = (c) => c.notNull().defaultTo(postgres ? sql`now()` : sql`CURRENT_TIMESTAMP`);

  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable("users")
        .addColumn("id", idType, id)
        .addColumn("email", "varchar(320)", (c) => c.notNull().unique())
        .addColumn("name", "varchar(100)")
        .addColumn("role", "varchar(5)", (c) => c.notNull().defaultTo("user"))
        .addColumn("bio", "text")
        .addColumn("website", "varchar(2083)")
        .addColumn("password_hash", "varchar(255)", (c) => c.notNull())
        .addColumn("token_version", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("created_at", timestamp, now)
        .addColumn("updated_at", timestamp, now)
        .execute();
      for (const column of ["role"]) {
        await db.schema.createIndex(`ix_users_${column}`).on("users").column(column).execute();
      }

      await db.schema
        .createTable("tags")
        .addColumn("id", idType, id)
        .addColumn("name", "varchar(40)", (c) => c.notNull().unique())
        .addColumn("owner_id", "bigint", (c) => c.references("users.id"))
        .addColumn("created_at", timestamp, now)
        .addColumn("updated_at", timestamp, now)
        .execute();
      for (const column of ["owner_id"]) {
        await db.schema.createIndex(`ix_tags_${column}`).on("tags").column(column).execute();
      }

      await db.schema
        .createTable("recipes")
        .addColumn("id", idType, id)
        .addColumn("title", "varchar(200)", (c) => c.notNull())
        .addColumn("description", "text")
        .addColumn("servings", "bigint", (c) => c.notNull().defaultTo(1))
        .addColumn("prep_minutes", "bigint")
        .addColumn("difficulty", "varchar(6)", (c) => c.notNull().defaultTo("easy"))
        .addColumn("vegetarian", "boolean", (c) => c.notNull().defaultTo(false))
        .addColumn("tags", "text", (c) => c.notNull().defaultTo("[]"))
        .addColumn("image", "varchar(255)")
        .addColumn("author_id", "bigint", (c) => c.references("users.id"))
        .addColumn("main_tag_id", "bigint", (c) => c.references("tags.id").onDelete("set null"))
        .addColumn("owner_id", "bigint", (c) => c.references("users.id"))
        .addColumn("created_at", timestamp, now)
        .addColumn("updated_at", timestamp, now)
        .execute();
      for (const column of ["difficulty", "author_id", "main_tag_id", "owner_id"]) {
        await db.schema.createIndex(`ix_recipes_${column}`).on("recipes").column(column).execute();
      }

      await db.schema
        .createTable("reviews")
        .addColumn("id", idType, id)
        .addColumn("recipe_id", "bigint", (c) => c.notNull().references("recipes.id").onDelete("cascade"))
        .addColumn("rating", "bigint", (c) => c.notNull())
        .addColumn("comment", "text")
        .addColumn("owner_id", "bigint", (c) => c.references("users.id"))
        .addColumn("created_at", timestamp, now)
        .addColumn("updated_at", timestamp, now)
        .execute();
      for (const column of ["recipe_id", "owner_id"]) {
        await db.schema.createIndex(`ix_reviews_${column}`).on("reviews").column(column).execute();
      }
    },

    async down(db: Kysely<unknown>): Promise<void> {
      for (const table of ["reviews", "recipes", "tags", "users"]) {
        await db.schema.dropTable(table).execute();
      }
    },
  };
}

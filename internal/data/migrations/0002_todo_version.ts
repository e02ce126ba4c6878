import type { Kysely, Migration } from "kysely";

/** Adds todos.version, bumped on every update: the todo's etag. */
export const todoVersion: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .alterTable("todos")
      .addColumn("version", "integer", (col) => col.notNull().defaultTo(1))
      .execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable("todos").dropColumn("version").execute();
  },
};

import { sql, type Kysely, type Migration } from "kysely";

/**
 * Creates the todos table; request_id makes CreateTodo idempotent. Times keep
 * millisecond precision, as JavaScript dates do, so page cursors compare exactly.
 */
export const createTodos: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable("todos")
      .addColumn("id", "text", (col) => col.primaryKey())
      .addColumn("title", "text", (col) => col.notNull())
      .addColumn("done", "boolean", (col) => col.notNull().defaultTo(false))
      .addColumn("request_id", "text", (col) => col.unique())
      .addColumn("create_time", sql`timestamptz(3)`, (col) => col.notNull().defaultTo(sql`now()`))
      .addColumn("update_time", sql`timestamptz(3)`, (col) => col.notNull().defaultTo(sql`now()`))
      .execute();
    await db.schema.createIndex("todos_create_time_id").on("todos").columns(["create_time", "id"]).execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable("todos").execute();
  },
};

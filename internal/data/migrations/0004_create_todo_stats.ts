import { sql, type Kysely, type Migration } from "kysely";

/** Creates the todo_stats read model, one row of counts, seeded from the todos already there. */
export const createTodoStats: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable("todo_stats")
      .addColumn("id", "integer", (col) => col.primaryKey())
      .addColumn("open_count", "bigint", (col) => col.notNull())
      .addColumn("done_count", "bigint", (col) => col.notNull())
      .execute();
    await sql`insert into todo_stats (id, open_count, done_count)
      select 1, count(*) filter (where not done), count(*) filter (where done) from todos`.execute(db);
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable("todo_stats").execute();
  },
};

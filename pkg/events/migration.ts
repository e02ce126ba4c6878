import { sql, type Kysely, type Migration } from "kysely";

/**
 * Creates the kit's event tables (outbox and inbox). A service lists it among
 * its own migrations, so they run on PostgreSQL and PGlite alike.
 */
export const eventTablesMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable("strata_outbox")
      .addColumn("id", "text", (col) => col.primaryKey())
      .addColumn("seq", "bigserial", (col) => col.notNull().unique())
      .addColumn("type", "text", (col) => col.notNull())
      .addColumn("payload", "bytea", (col) => col.notNull())
      .addColumn("create_time", sql`timestamptz(3)`, (col) => col.notNull().defaultTo(sql`now()`))
      .addColumn("sent_time", sql`timestamptz(3)`)
      .execute();
    await sql`create index strata_outbox_unsent on strata_outbox (seq) where sent_time is null`.execute(db);
    await db.schema
      .createTable("strata_inbox")
      .addColumn("consumer", "text", (col) => col.notNull())
      .addColumn("event_id", "text", (col) => col.notNull())
      .addColumn("process_time", sql`timestamptz(3)`, (col) => col.notNull().defaultTo(sql`now()`))
      .addPrimaryKeyConstraint("strata_inbox_pk", ["consumer", "event_id"])
      .execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable("strata_inbox").execute();
    await db.schema.dropTable("strata_outbox").execute();
  },
};

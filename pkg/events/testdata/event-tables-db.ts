import { PGlite } from "@electric-sql/pglite";
import { Kysely, Migrator } from "kysely";
import { PGliteDialect } from "kysely-pglite-dialect";
import { eventTablesMigration } from "../migration.js";
import type { EventTables } from "../tables.js";

/** A fresh in-memory PGlite database holding the event tables (outbox, inbox, dead letters); destroy it when done. */
export async function eventTablesDb(): Promise<Kysely<EventTables>> {
  const db = new Kysely<EventTables>({ dialect: new PGliteDialect(new PGlite()) });
  const migrator = new Migrator({
    db,
    provider: { getMigrations: () => Promise.resolve({ "1": eventTablesMigration }) },
  });
  const { error } = await migrator.migrateToLatest();
  if (error) throw error as Error;
  return db;
}

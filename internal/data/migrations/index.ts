import type { Migration, MigrationProvider } from "kysely";
import { eventTablesMigration } from "../../../pkg/events/index.js";

/**
 * Migrations by name. Kysely runs them in name order, so each is named
 * `NNNN_what_it_does` with the next free number; never rename, edit or
 * renumber one that has shipped. They run on PostgreSQL and PGlite alike.
 */
export type Migrations = Readonly<Record<string, Migration>>;

/** The kit's own migrations: the transactional outbox and consumer inbox (pkg/events). */
export const KIT_MIGRATIONS: Migrations = {
  "0003_event_tables": eventTablesMigration,
};

/**
 * Hands the kit's migrations and each API's to Kysely's Migrator, with no
 * file-system scan (works from src and dist alike). A name used twice is a
 * programming error, reported at once.
 */
export function migrationProvider(...sets: readonly Migrations[]): MigrationProvider {
  const all: Record<string, Migration> = { ...KIT_MIGRATIONS };
  for (const set of sets) {
    for (const [name, migration] of Object.entries(set)) {
      if (name in all) throw new Error(`migration ${name} is defined twice`);
      all[name] = migration;
    }
  }
  return { getMigrations: () => Promise.resolve({ ...all }) };
}

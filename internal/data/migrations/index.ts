import type { Migration, MigrationProvider } from "kysely";
import { createTodos } from "./0001_create_todos.js";

/**
 * Every migration, in order. To add one, write `NNNN_what_it_does.ts` exporting a
 * Kysely `Migration` and list it here under the same name; never edit or
 * reorder one that has shipped. They run on PostgreSQL and PGlite alike.
 */
const MIGRATIONS: Readonly<Record<string, Migration>> = {
  "0001_create_todos": createTodos,
};

/** Hands the service's migrations to Kysely's Migrator, with no file-system scan (works from src and dist alike). */
export const migrationProvider: MigrationProvider = {
  getMigrations: () => Promise.resolve({ ...MIGRATIONS }),
};

import type { Migration, MigrationProvider } from "kysely";
import { eventTablesMigration } from "../../../pkg/events/index.js";
import { createTodos } from "./0001_create_todos.js";
import { todoVersion } from "./0002_todo_version.js";
import { createTodoStats } from "./0004_create_todo_stats.js";

/**
 * Every migration, in order. To add one, write `NNNN_what_it_does.ts` exporting a
 * Kysely `Migration` and list it here under the same name; never edit or
 * reorder one that has shipped. They run on PostgreSQL and PGlite alike.
 */
const MIGRATIONS: Readonly<Record<string, Migration>> = {
  "0001_create_todos": createTodos,
  "0002_todo_version": todoVersion,
  // The kit's transactional outbox and consumer inbox (pkg/events).
  "0003_event_tables": eventTablesMigration,
  "0004_create_todo_stats": createTodoStats,
};

/** Hands the service's migrations to Kysely's Migrator, with no file-system scan (works from src and dist alike). */
export const migrationProvider: MigrationProvider = {
  getMigrations: () => Promise.resolve({ ...MIGRATIONS }),
};

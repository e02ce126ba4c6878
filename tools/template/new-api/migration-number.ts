import { readdirSync } from "node:fs";
import { join } from "node:path";

/** Where the migrations of every API live, each in a file named like the migration: `NNNN_what_it_does.ts`. */
export const MIGRATIONS_DIR = "internal/data/migrations";

const NUMBERED = /^(\d{4})_/;

/**
 * The number of the next migration: one more than any migration in `root`'s
 * MIGRATIONS_DIR or in `kitMigrations` (the kit's, which live in code), so a
 * new API's migration sorts after every one already applied.
 */
export function nextMigrationNumber(root: string, kitMigrations: readonly string[]): number {
  const names = [...kitMigrations, ...readdirSync(join(root, MIGRATIONS_DIR))];
  const numbers = names.map((name) => NUMBERED.exec(name)?.[1]).filter((n) => n !== undefined);
  return Math.max(0, ...numbers.map(Number)) + 1;
}

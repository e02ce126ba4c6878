import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { testDatabase, type TestDatabase } from "../../test/support/database-url.js";
import { Database } from "./database.js";
import { migrationProvider, type Migrations } from "./migrations/index.js";

/** An API's migrations, as each API brings its own: one table. */
const API_MIGRATIONS: Migrations = {
  "0001_create_notes": {
    async up(db) {
      await db.schema
        .createTable("notes")
        .addColumn("id", "text", (col) => col.primaryKey())
        .execute();
    },
  },
};

describe.skipIf(!process.env["DATABASE_URL"])("Database.migrate on PostgreSQL", () => {
  const targets: TestDatabase[] = [];

  afterAll(async () => {
    await Promise.all(targets.map((target) => target.drop()));
  });

  it("migrates a schema of its own when another schema of the database is migrated already", async () => {
    for (let i = 0; i < 2; i++) {
      const target = await testDatabase();
      targets.push(target);
      const database = new Database(
        { url: target.url, dataDir: "", poolSize: 2, migrate: false },
        migrationProvider(API_MIGRATIONS),
      );
      await database.start();
      try {
        expect(await database.migrate()).toEqual(["0001_create_notes", "0003_event_tables"]);
        expect(await database.migrate()).toEqual([]);
      } finally {
        await database.stop();
      }
    }
  });
});

describe("Database.migrate on PGlite", () => {
  let dataDir: string;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "strata-migrate-"));
  });

  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  /** Starts a database on `dataDir` with `migrations`, runs `migrate` twice, and stops it: what each run applied. */
  async function migrateTwice(migrations: Migrations): Promise<string[][]> {
    const database = new Database({ url: "", dataDir, poolSize: 1, migrate: false }, migrationProvider(migrations));
    await database.start();
    try {
      return [await database.migrate(), await database.migrate()];
    } finally {
      await database.stop();
    }
  }

  it("applies what is pending, then finds nothing to do, also after a restart with one migration more", async () => {
    expect(await migrateTwice(API_MIGRATIONS)).toEqual([["0001_create_notes", "0003_event_tables"], []]);
    const more: Migrations = {
      ...API_MIGRATIONS,
      "0004_add_body": { up: (db) => db.schema.alterTable("notes").addColumn("body", "text").execute() },
    };
    expect(await migrateTwice(more)).toEqual([["0004_add_body"], []]);
  });

  it("refuses a database that ran a migration the service no longer has", async () => {
    await migrateTwice(API_MIGRATIONS);
    await expect(migrateTwice({})).rejects.toThrow(/0001_create_notes/);
  });
});

if (!process.env["DATABASE_URL"]) console.warn("skipping Database.migrate on PostgreSQL: DATABASE_URL is not set");

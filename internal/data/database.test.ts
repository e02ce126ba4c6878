import { afterAll, describe, expect, it } from "vitest";
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

if (!process.env["DATABASE_URL"]) console.warn("skipping Database.migrate on PostgreSQL: DATABASE_URL is not set");

import { PGlite } from "@electric-sql/pglite";
import { Kysely, Migrator, PostgresDialect, sql } from "kysely";
import { PGliteDialect } from "kysely-pglite-dialect";
import pg from "pg";
import { migrationProvider } from "./migrations/index.js";
import type { Tables } from "./schema.js";

/** How to reach the database. */
export interface DatabaseOptions {
  /** A postgres:// URL; empty runs embedded PGlite. */
  url: string;
  /** PGlite only: where to keep data; empty keeps it in memory. */
  dataDir: string;
  /** PostgreSQL only: the most pool connections. */
  poolSize: number;
}

/** The injection token of the opened Database. */
export const DatabaseToken = Symbol("Database");

/** The service's database: a Kysely instance over PostgreSQL or embedded PGlite. */
export class Database {
  private constructor(
    /** The query builder; repositories use it. */
    readonly db: Kysely<Tables>,
    /** "postgres" or "pglite", for logs and readiness. */
    readonly driver: "postgres" | "pglite",
  ) {}

  /** Connects (PostgreSQL) or boots (PGlite), and checks the database answers. */
  static async open(options: DatabaseOptions): Promise<Database> {
    const database = options.url === "" ? Database.pglite(options.dataDir) : Database.postgres(options);
    try {
      await database.ping();
    } catch (err) {
      await database.close();
      throw new Error(`database ${redact(options.url) || "(pglite)"} is unreachable: ${(err as Error).message}`, { cause: err });
    }
    return database;
  }

  private static postgres(options: DatabaseOptions): Database {
    const pool = new pg.Pool({ connectionString: options.url, max: options.poolSize, connectionTimeoutMillis: 5_000 });
    // An idle client's connection can drop (server restart, pg_terminate_backend);
    // without a listener that error would crash the process.
    pool.on("error", () => undefined);
    return new Database(new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) }), "postgres");
  }

  private static pglite(dataDir: string): Database {
    const client = dataDir === "" ? new PGlite() : new PGlite(dataDir);
    return new Database(new Kysely<Tables>({ dialect: new PGliteDialect(client) }), "pglite");
  }

  /** Applies pending migrations; throws naming the one that failed. */
  async migrate(): Promise<string[]> {
    const migrator = new Migrator({ db: this.db, provider: migrationProvider });
    const { error, results = [] } = await migrator.migrateToLatest();
    const failed = results.find((result) => result.status === "Error");
    if (error !== undefined) {
      const name = failed ? ` ${failed.migrationName}` : "";
      throw new Error(`migration${name} failed: ${(error as Error).message}`, { cause: error });
    }
    return results.filter((result) => result.status === "Success").map((result) => result.migrationName);
  }

  /** Runs a trivial query; throws when the database does not answer. */
  async ping(): Promise<void> {
    await sql`select 1`.execute(this.db);
  }

  /** Closes the pool or shuts PGlite down. */
  async close(): Promise<void> {
    await this.db.destroy();
  }
}

/** A database URL with its password hidden, for messages. */
function redact(url: string): string {
  if (url === "") return "";
  try {
    const parsed = new URL(url);
    if (parsed.password !== "") parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(invalid url)";
  }
}

import type { PGlite } from "@electric-sql/pglite";
import type { Tracer } from "@opentelemetry/api";
import { DEFAULT_MIGRATION_TABLE, Kysely, Migrator, sql, type Dialect, type MigrationProvider } from "kysely";
import type { Component } from "../../pkg/app/index.js";
import type { DependencyCheck } from "../../pkg/health/index.js";
import { tracedDialect } from "../../pkg/tracing/sql.js";
import { PostgresProbe } from "./postgres-probe.js";
import type { Tables } from "./schema.js";

/** The injection token of the Database. */
export const DatabaseToken = Symbol("Database");

/** How to reach the database. */
export interface DatabaseOptions {
  /** A postgres:// URL; empty runs embedded PGlite. */
  url: string;
  /** PGlite only: where to keep data; empty keeps it in memory. */
  dataDir: string;
  /** PostgreSQL only: the most pool connections. */
  poolSize: number;
  /** Apply pending migrations at start. */
  migrate: boolean;
}

/**
 * The service's database, a resource the App starts and stops: a Kysely
 * instance over PostgreSQL (`url` set) or embedded PGlite (in memory, or in
 * `dataDir`). Starting connects, checks the database answers and migrates.
 */
export class Database implements Component {
  readonly name = "database";
  /** "postgres" or "pglite". */
  readonly driver: "postgres" | "pglite";
  private kysely: Kysely<Tables> | undefined;
  /** PostgreSQL: readiness on a connection outside the pool. */
  private readonly probe: PostgresProbe | undefined;

  /**
   * `migrations` are the kit's and every API's (migrationProvider); `tracer`,
   * when given, makes a span of each query run inside a traced call;
   * `embedded`, on PGlite, is the instance already being opened for
   * `options.dataDir` (see openPglite), used instead of opening one at start.
   */
  constructor(
    private readonly options: DatabaseOptions,
    private readonly migrations: MigrationProvider,
    private readonly tracer?: Tracer,
    private readonly embedded?: Promise<PGlite>,
  ) {
    this.driver = options.url === "" ? "pglite" : "postgres";
    this.probe = this.driver === "postgres" ? new PostgresProbe(options.url) : undefined;
  }

  /** The query builder; repositories use it once the database has started. */
  get db(): Kysely<Tables> {
    if (!this.kysely) throw new Error("the database has not been started");
    return this.kysely;
  }

  async start(): Promise<void> {
    const dialect = await this.dialect();
    const traced = this.tracer && tracedDialect(dialect, { tracer: this.tracer, system: "postgresql" });
    this.kysely = new Kysely<Tables>({ dialect: traced ?? dialect });
    try {
      await this.ping();
    } catch (err) {
      await this.stop();
      const where = this.driver === "pglite" ? "PGlite" : redact(this.options.url);
      throw new Error(`database ${where} is unreachable: ${(err as Error).message}`, { cause: err });
    }
    if (this.options.migrate) await this.migrate();
  }

  /**
   * Applies pending migrations in the connection's current schema (its
   * search_path); returns their names, or throws naming the one that failed.
   */
  async migrate(): Promise<string[]> {
    // Kysely looks for its bookkeeping tables in every schema unless told which:
    // another schema's copy (another service sharing the database) would be
    // taken for ours, and the migration would fail.
    const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(this.db);
    const migrationTableSchema = rows[0]?.schema;
    if (await this.upToDate()) return [];
    const migrator = new Migrator({
      db: this.db,
      provider: this.migrations,
      ...(migrationTableSchema !== undefined && { migrationTableSchema }),
    });
    const { error, results = [] } = await migrator.migrateToLatest();
    if (error !== undefined) {
      const failed = results.find((result) => result.status === "Error");
      const name = failed ? ` ${failed.migrationName}` : "";
      throw new Error(`migration${name} failed: ${(error as Error).message}`, { cause: error });
    }
    return results.filter((result) => result.status === "Success").map((result) => result.migrationName);
  }

  /**
   * Whether the migrations applied are exactly those provided: then there is
   * nothing to do, and the Migrator's own round (its tables created if
   * missing, a lock taken, the list read), a third of a start on PGlite, is
   * skipped. Anything else (a fresh database, a pending or a missing
   * migration) goes to the Migrator, which applies or reports it.
   */
  private async upToDate(): Promise<boolean> {
    const provided = Object.keys(await this.migrations.getMigrations()).sort();
    try {
      const { rows } = await sql<{ name: string }>`select name from ${sql.table(DEFAULT_MIGRATION_TABLE)}`.execute(
        this.db,
      );
      const applied = rows.map((row) => row.name).sort();
      return applied.length === provided.length && applied.every((name, i) => name === provided[i]);
    } catch {
      // No migration table yet (or not readable): the Migrator creates it.
      return false;
    }
  }

  /** Runs a trivial query; throws when the database does not answer. */
  async ping(): Promise<void> {
    await sql`select 1`.execute(this.db);
  }

  /**
   * The database's contribution to readiness: critical (no request is served
   * without it), it answers `select 1` — on PostgreSQL over a connection of its
   * own, never behind the request pool. PGlite runs in this process: it is up
   * while the process is, so its check goes through the one connection there is.
   */
  readinessCheck(): DependencyCheck {
    return {
      name: this.name,
      critical: true,
      check: (signal) => (this.probe ? this.probe.ping(signal) : this.ping()),
    };
  }

  /** The configured driver's dialect, its module loaded only now: the other driver's is never imported. */
  private async dialect(): Promise<Dialect> {
    if (this.driver === "postgres") return (await import("./postgres-dialect.js")).postgresDialect(this.options);
    const { openPglite, pgliteDialect } = await import("./pglite-dialect.js");
    return pgliteDialect(await (this.embedded ?? openPglite(this.options.dataDir)));
  }

  /** Closes the pool or shuts PGlite down. */
  async stop(): Promise<void> {
    const kysely = this.kysely;
    this.kysely = undefined;
    await this.probe?.close();
    await kysely?.destroy();
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

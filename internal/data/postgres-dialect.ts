import { PostgresDialect, type Dialect } from "kysely";
import pg from "pg";

/** What the PostgreSQL dialect needs: the URL and the pool's size. */
export interface PostgresOptions {
  readonly url: string;
  readonly poolSize: number;
}

/**
 * A Kysely dialect over a `pg` pool. Its own module, imported only when
 * DATABASE_URL is set: a service on embedded PGlite does not load `pg`.
 */
export function postgresDialect(options: PostgresOptions): Dialect {
  const pool = new pg.Pool({ connectionString: options.url, max: options.poolSize, connectionTimeoutMillis: 5_000 });
  // An idle client's connection can drop (server restart, pg_terminate_backend);
  // without a listener that error would crash the process.
  pool.on("error", () => undefined);
  // So can a checked-out client's, between two statements of a transaction: the
  // statement that follows fails (503 UNAVAILABLE), but the event must not crash.
  pool.on("connect", (client) => client.on("error", () => undefined));
  return new PostgresDialect({ pool });
}

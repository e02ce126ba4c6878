import { randomBytes } from "node:crypto";
import pg from "pg";

/** A database URL for one test suite, and how to clean up after it. */
export interface TestDatabase {
  /** The URL to give the service: "" (embedded PGlite) or a PostgreSQL URL whose search_path is a schema of its own. */
  readonly url: string;
  /** Drops the suite's schema. */
  drop(): Promise<void>;
}

/**
 * Where a test suite's data lives. Without DATABASE_URL the service runs on
 * embedded PGlite. With it, each suite gets a fresh PostgreSQL schema (through
 * the URL's search_path), so suites running in parallel never see each other's rows.
 */
export async function testDatabase(): Promise<TestDatabase> {
  const base = process.env["DATABASE_URL"] ?? "";
  if (base === "") return { url: "", drop: () => Promise.resolve() };
  const schema = `test_${randomBytes(6).toString("hex")}`;
  await withClient(base, (client) => client.query(`create schema ${schema}`));
  const url = new URL(base);
  url.searchParams.set("options", `-c search_path=${schema}`);
  return {
    url: url.toString(),
    drop: () =>
      withClient(base, (client) => client.query(`drop schema if exists ${schema} cascade`)).then(() => undefined),
  };
}

async function withClient<T>(url: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

import { mkdir } from "node:fs/promises";
import { PGlite } from "@electric-sql/pglite";
import type { Dialect } from "kysely";
import { PGliteDialect } from "kysely-pglite-dialect";

/**
 * PostgreSQL settings for the embedded database, on top of PGlite's own.
 * PGlite's default shared_buffers (128MB) lives in its WebAssembly heap and is
 * touched as the buffer pool fills, so it alone once held most of the
 * process's memory; a single-user development database needs far less.
 */
const SETTINGS = { shared_buffers: "16MB", wal_buffers: "1MB" } as const;

/**
 * A Kysely dialect over embedded PGlite: in memory when `dataDir` is empty
 * (initdb at every start), otherwise persisted there (created if missing;
 * initdb once, on the first start). Its own module, imported only when PGlite is configured: the
 * PGlite runtime is not loaded by a service on PostgreSQL.
 */
export async function pgliteDialect(dataDir: string): Promise<Dialect> {
  if (dataDir !== "") await mkdir(dataDir, { recursive: true });
  const startParams = [...PGlite.defaultStartParams];
  for (const [name, value] of Object.entries(SETTINGS)) startParams.push("-c", `${name}=${value}`);
  const client = new PGlite({ ...(dataDir !== "" && { dataDir }), startParams });
  return new PGliteDialect(client);
}

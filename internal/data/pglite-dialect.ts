import { mkdir } from "node:fs/promises";
import { setFlagsFromString } from "node:v8";
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
 * V8 compiles PGlite's WebAssembly (10 MB) with its baseline compiler only.
 * Optimising it as well (TurboFan tier-up) held some 60 MB more, and on a
 * small machine slowed the start, for no gain a development database notices.
 * Read when the module is compiled, so set before PGlite is created.
 */
const WASM_FLAGS = "--liftoff-only";

/**
 * Opens embedded PGlite: in memory when `dataDir` is empty (initdb at every
 * start), otherwise persisted there (created if missing; initdb once, on the
 * first start). Its own module, imported only when PGlite is configured: the
 * PGlite runtime is not loaded by a service on PostgreSQL. Opening takes a
 * while (WebAssembly, PostgreSQL's own start), so the entry point begins it
 * before the rest of the service has loaded and hands the promise to the
 * Database.
 */
export async function openPglite(dataDir: string): Promise<PGlite> {
  if (dataDir !== "") await mkdir(dataDir, { recursive: true });
  setFlagsFromString(WASM_FLAGS);
  const startParams = [...PGlite.defaultStartParams];
  for (const [name, value] of Object.entries(SETTINGS)) startParams.push("-c", `${name}=${value}`);
  return await PGlite.create({ ...(dataDir !== "" && { dataDir }), startParams });
}

/** A Kysely dialect over an open PGlite; destroying the Kysely instance closes it. */
export function pgliteDialect(client: PGlite): Dialect {
  return new PGliteDialect(client);
}

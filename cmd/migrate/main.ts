// Applies pending database migrations and exits: `make migrate`. The service
// also migrates at start unless DATABASE_MIGRATE=false.
import "reflect-metadata";
import { configFromFlags } from "../../internal/conf/flags.js";
import { APIS } from "../../internal/apis/index.js";
import { Database } from "../../internal/data/database.js";
import { migrationProvider } from "../../internal/data/migrations/index.js";

const config = await configFromFlags();

if (config.data.database.url === "" && config.data.database.dataDir === "") {
  process.stdout.write(
    "PGlite in memory (no DATABASE_URL or PGLITE_DATA_DIR): migrations run at every start; nothing to do\n",
  );
  process.exit(0);
}
const database = new Database(
  { ...config.data.database, migrate: false },
  migrationProvider(...APIS.map((api) => api.migrations)),
);
try {
  await database.start();
  const applied = await database.migrate();
  process.stdout.write(applied.length === 0 ? "no pending migrations\n" : `applied: ${applied.join(", ")}\n`);
} catch (err) {
  process.stderr.write(`${(err as Error).message}\n`);
  process.exitCode = 1;
} finally {
  await database.stop();
}

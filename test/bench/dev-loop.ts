// `make bench-dev`: the figures of the developer loop, in one sitting, under
// the Node.js running this script (its directory goes first on PATH, so
// `make` runs the same one). Alternating rounds, medians:
// - the reference: the compiled service (dist/) on PostgreSQL, exec → /readyz 200
//   (BENCH_DATABASE_URL or DATABASE_URL; without one, the ratios are not printed);
// - bare fastify, exec → first 200 (the startup baseline);
// - `make run` on the embedded default (PGlite in a data directory of its own,
//   made by one unmeasured start), exec → /readyz 200, and its RSS once idle;
// - `make dev`: a source file saved (rewritten as it was) → the restarted
//   service ready.
// Not a test: nothing is asserted.
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const ROUNDS = Number(process.env["BENCH_ROUNDS"] ?? 3);
const IDLE_MS = Number(process.env["BENCH_IDLE_MS"] ?? 5_000);
const DATABASE_URL = process.env["BENCH_DATABASE_URL"] ?? process.env["DATABASE_URL"] ?? "";
/** The file `make dev` sees saved: rewritten with its own content, so nothing changes but its mtime. */
const SAVED_FILE = join(ROOT, "internal/biz/context.ts");
const BARE_FASTIFY = `import Fastify from "fastify";
const app = Fastify();
app.get("/", (_request, reply) => reply.send({}));
await app.listen({ host: "127.0.0.1", port: Number(process.env.PORT) });
process.once("SIGTERM", () => void app.close().then(() => process.exit(0)));`;

interface Started {
  readonly child: ChildProcess;
  readonly spawnedAt: number;
  readonly readyAt: number;
}

async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: count }, async () => {
      const server = createServer().listen(0, "127.0.0.1");
      await once(server, "listening");
      return server;
    }),
  );
  const ports = servers.map((server) => (server.address() as AddressInfo).port);
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}

async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(1_000) });
    await response.body?.cancel();
    return response.ok;
  } catch {
    return false;
  }
}

async function waitFor(url: string, child: ChildProcess): Promise<number> {
  const deadline = performance.now() + 120_000;
  while (performance.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`exited (${child.exitCode}) before ${url} answered`);
    if (await answers(url)) return performance.now();
    await sleep(5);
  }
  throw new Error(`${url} did not answer within 120s`);
}

/** Spawns `command` with the service's three ports free and waits until `path` on one of them answers 200. */
async function start(
  command: string,
  args: readonly string[],
  env: Record<string, string>,
  readyPort: "admin" | "http" = "admin",
): Promise<Started> {
  const [http, grpc, admin] = await freePorts(3);
  const spawnedAt = performance.now();
  const child = spawn(command, args, {
    cwd: ROOT,
    env: {
      ...process.env,
      PATH: `${dirname(process.execPath)}:${process.env["PATH"] ?? ""}`,
      HTTP_ADDR: `127.0.0.1:${http}`,
      GRPC_ADDR: `127.0.0.1:${grpc}`,
      ADMIN_ADDR: `127.0.0.1:${admin}`,
      PORT: String(http),
      LOG_LEVEL: "warn",
      LOG_FORMAT: "json",
      ...env,
    },
    stdio: ["ignore", "ignore", "pipe"],
  });
  const url = readyPort === "admin" ? `http://127.0.0.1:${admin}/readyz` : `http://127.0.0.1:${http}/`;
  return { child, spawnedAt, readyAt: await waitFor(url, child) };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, "exit");
  child.kill("SIGTERM");
  await exited;
}

/** The node process `make` runs (its only child: bash execs a recipe's single command). */
async function nodeChildOf(pid: number): Promise<number> {
  const children = (await readFile(`/proc/${pid}/task/${pid}/children`, "utf8")).trim().split(/\s+/);
  return Number(children[0]);
}

async function rssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

const compiledOnPostgres = async (): Promise<number> => {
  const started = await start(process.execPath, ["dist/cmd/server/main.js"], { DATABASE_URL });
  await stop(started.child);
  return started.readyAt - started.spawnedAt;
};

const bareFastify = async (): Promise<number> => {
  const started = await start(process.execPath, ["--input-type=module", "-e", BARE_FASTIFY], {}, "http");
  await stop(started.child);
  return started.readyAt - started.spawnedAt;
};

const dataDir = join(await mkdtemp(join(tmpdir(), "strata-bench-dev-")), "pglite");
const embedded = { DATABASE_URL: "", PGLITE_DATA_DIR: dataDir };

const rssIdle: number[] = [];
const makeRun = async (): Promise<number> => {
  const started = await start("make", ["--no-print-directory", "run"], embedded);
  await sleep(IDLE_MS);
  rssIdle.push(await rssMb(await nodeChildOf(started.child.pid ?? 0)));
  await stop(started.child);
  return started.readyAt - started.spawnedAt;
};

/** `make dev` up, then each round a save → the "[dev] ready" line of the restart; the loop's own ready times. */
const makeDevRestarts = async (rounds: number): Promise<number[]> => {
  const dev = await start("make", ["--no-print-directory", "dev"], embedded);
  let output = "";
  dev.child.stderr?.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
  const source = await readFile(SAVED_FILE, "utf8");
  const times: number[] = [];
  try {
    for (let round = 0; round < rounds; round++) {
      await sleep(1_000);
      const readyLines = output.split("ready in").length;
      const savedAt = performance.now();
      await writeFile(SAVED_FILE, source);
      while (output.split("ready in").length === readyLines) {
        if (dev.child.exitCode !== null) throw new Error(`make dev exited:\n${output}`);
        await sleep(5);
      }
      times.push(performance.now() - savedAt);
    }
  } finally {
    await stop(dev.child);
  }
  return times;
};

console.log(`node ${process.version}, ${ROUNDS} rounds, median (range) in ms`);
try {
  // Unmeasured: migrations, initdb of the data directory, the compile and transpile caches, the file cache.
  if (DATABASE_URL !== "") await compiledOnPostgres();
  await bareFastify();
  await makeRun();
  rssIdle.length = 0;
  const figures: Record<string, number[]> = { reference: [], bare: [], run: [] };
  for (let round = 0; round < ROUNDS; round++) {
    if (DATABASE_URL !== "") figures["reference"]?.push(await compiledOnPostgres());
    figures["bare"]?.push(await bareFastify());
    figures["run"]?.push(await makeRun());
  }
  figures["dev"] = await makeDevRestarts(ROUNDS);
  const show = (name: string, values: readonly number[] = []): string =>
    `${name.padEnd(58)} ${Math.round(median(values))} (${Math.round(Math.min(...values))}–${Math.round(Math.max(...values))})`;
  console.log(show("bare fastify, exec → first 200", figures["bare"]));
  if (DATABASE_URL !== "")
    console.log(show("compiled service on PostgreSQL, exec → /readyz 200", figures["reference"]));
  console.log(show("make run, embedded PGlite (persisted), exec → /readyz 200", figures["run"]));
  console.log(show("make dev, save → restarted and ready", figures["dev"]));
  console.log(
    `${"make run RSS idle (MB)".padEnd(58)} ${median(rssIdle)} (${Math.min(...rssIdle)}–${Math.max(...rssIdle)})`,
  );
  const reference = median(figures["reference"] ?? []);
  if (DATABASE_URL === "") {
    console.log("no BENCH_DATABASE_URL or DATABASE_URL: no PostgreSQL reference, so no ratios");
  } else {
    const ratio = (values: readonly number[] = [], base: number): string => (median(values) / base).toFixed(2);
    console.log(
      `ratios: compiled on PostgreSQL / bare fastify ${ratio(figures["reference"], median(figures["bare"] ?? []))}×`,
    );
    console.log(`        make run (PGlite) / compiled on PostgreSQL ${ratio(figures["run"], reference)}×`);
    console.log(`        make dev restart / compiled on PostgreSQL  ${ratio(figures["dev"], reference)}×`);
  }
} finally {
  await rm(dirname(dataDir), { recursive: true, force: true });
}

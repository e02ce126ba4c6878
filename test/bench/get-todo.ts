// `make bench`: req/s of the service's GetTodo REST route with everything on
// (access log, metrics, tracing, validation, deadline; the compiled entry point
// the image runs, `make build`'s dist/, logging JSON to /dev/null) next to bare
// fastify serving the same JSON, in the same run, and their ratio. Each server
// runs in its own process under the Node.js running this script; autocannon
// (the load generator) runs in this one. Not a test: nothing is asserted.
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const DURATION = Number(process.env.BENCH_DURATION ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, "close");
  return port;
}

function start(args: readonly string[], env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ["ignore", "ignore", "inherit"],
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = once(child, "exit");
  child.kill("SIGTERM");
  await exited;
}

async function waitFor(url: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error(`${url} did not answer within 30s`);
}

async function load(url: string): Promise<number> {
  await autocannon({ url, connections: CONNECTIONS, duration: WARMUP });
  const result = await autocannon({ url, connections: CONNECTIONS, duration: DURATION });
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(`${url}: ${result.non2xx} non-2xx replies, ${result.errors} errors`);
  }
  return result.requests.average;
}

const [httpPort, grpcPort, adminPort, barePort] = [
  await freePort(),
  await freePort(),
  await freePort(),
  await freePort(),
];

// The service as the image runs it, with its default config (PGlite, info logs, tracing and metrics on).
const service = start(["dist/cmd/server/main.js", "--conf", "configs/config.yaml"], {
  HTTP_ADDR: `127.0.0.1:${httpPort}`,
  GRPC_ADDR: `127.0.0.1:${grpcPort}`,
  ADMIN_ADDR: `127.0.0.1:${adminPort}`,
  LOG_FORMAT: "json",
});
let bare: ChildProcess | undefined;
const rounds: { service: number; bare: number }[] = [];
let path = "";
try {
  await waitFor(`http://127.0.0.1:${adminPort}/readyz`);
  const created = await fetch(`http://127.0.0.1:${httpPort}/v1/todos`, {
    method: "POST",
    body: JSON.stringify({ title: "benchmark" }),
  });
  const { id } = (await created.json()) as { id: string };
  path = `/v1/todos/${id}`;
  const body = await (await fetch(`http://127.0.0.1:${httpPort}${path}`)).text();
  bare = start(["--import", "tsx", "test/bench/bare-fastify.ts"], { BENCH_PORT: String(barePort), BENCH_BODY: body });
  await waitFor(`http://127.0.0.1:${barePort}${path}`);
  // Alternating rounds: load from other processes on the machine affects both alike.
  for (let round = 0; round < ROUNDS; round++) {
    rounds.push({
      service: await load(`http://127.0.0.1:${httpPort}${path}`),
      bare: await load(`http://127.0.0.1:${barePort}${path}`),
    });
  }
} finally {
  await Promise.all([stop(service), bare && stop(bare)]);
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};
const fmt = (n: number) => Math.round(n).toLocaleString("en-US").padStart(8);
const serviceRps = median(rounds.map((r) => r.service));
const bareRps = median(rounds.map((r) => r.bare));
console.log(
  `Node.js ${process.version}, GET /v1/todos/{id}: ${CONNECTIONS} connections, ${ROUNDS} alternating rounds of ${DURATION}s each (after ${WARMUP}s warm-up), medians`,
);
console.log(`service, everything on: ${fmt(serviceRps)} req/s`);
console.log(`bare fastify, same JSON: ${fmt(bareRps)} req/s`);
console.log(
  `ratio: ${median(rounds.map((r) => r.service / r.bare)).toFixed(2)}× (per round: ${rounds.map((r) => (r.service / r.bare).toFixed(2)).join(", ")})`,
);

// The service loads only the drivers its configuration uses: each client
// library is imported at the point where the configuration chooses it.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePorts, ROOT } from "./support/server-process.js";

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "strata-loads-"));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The packages under node_modules the server loaded with `env` until it exited or logged "serving" (then it is stopped). */
async function packagesLoaded(name: string, env: Record<string, string>): Promise<Set<string>> {
  const file = join(dir, `${name}.txt`);
  const [http, grpc, admin] = await freePorts(3);
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "--import", "./test/support/record-loads.ts", "cmd/server/main.ts"],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        RECORD_LOADS_FILE: file,
        HTTP_ADDR: `127.0.0.1:${http}`,
        GRPC_ADDR: `127.0.0.1:${grpc}`,
        ADMIN_ADDR: `127.0.0.1:${admin}`,
        LOG_FORMAT: "json",
        REDIS_URL: "",
        NATS_URL: "",
        OTEL_EXPORTER_OTLP_ENDPOINT: "",
        ...env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  const exited = once(child, "exit");
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    if (chunk.includes('"msg":"serving"')) child.kill("SIGTERM");
  });
  await exited;
  const packages = new Set<string>();
  for (const url of (await readFile(file, "utf8")).split("\n")) {
    const match = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
    if (match?.[1] !== undefined) packages.add(match[1]);
  }
  return packages;
}

// A first PGlite start runs initdb: slow on a busy machine.
describe("lazy loading of drivers", { timeout: 180_000 }, () => {
  it("on PostgreSQL loads pg, not PGlite, ioredis, NATS or the OTLP exporter", async () => {
    // Nothing listens on port 1: the database fails to start, after its driver was chosen and loaded.
    const loaded = await packagesLoaded("postgres", { DATABASE_URL: "postgres://postgres@127.0.0.1:1/none" });
    expect(loaded).toContain("fastify");
    expect(loaded).toContain("pg");
    for (const unused of [
      "@electric-sql/pglite",
      "kysely-pglite-dialect",
      "ioredis",
      "@nats-io/transport-node",
      "@nats-io/jetstream",
      "@opentelemetry/exporter-trace-otlp-http",
    ]) {
      expect(loaded, unused).not.toContain(unused);
    }
  });

  it("on embedded PGlite loads PGlite, not pg", async () => {
    const loaded = await packagesLoaded("pglite", { DATABASE_URL: "", PGLITE_DATA_DIR: join(dir, "pglite") });
    expect(loaded).toContain("@electric-sql/pglite");
    expect(loaded).not.toContain("pg");
    expect(loaded).not.toContain("ioredis");
  });

  it("with Redis, NATS and OTLP configured loads their clients", async () => {
    // Unreachable on purpose: the point is which modules the choices import.
    const loaded = await packagesLoaded("all", {
      DATABASE_URL: "",
      PGLITE_DATA_DIR: join(dir, "pglite"),
      REDIS_URL: "redis://127.0.0.1:1",
      NATS_URL: "nats://127.0.0.1:1",
      OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:1",
    });
    expect(loaded).toContain("ioredis");
    expect(loaded).toContain("@nats-io/transport-node");
    expect(loaded).toContain("@opentelemetry/exporter-trace-otlp-http");
  });
});

import { credentials, makeClientConstructor, type Client, type ClientReadableStream } from "@grpc/grpc-js";
import { service as healthService } from "grpc-health-check";
import { sql } from "kysely";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { FIXTURE_SERVICE } from "./support/fixture/index.js";
import { reflectedServices } from "./support/reflection.js";
import { startService, type RunningService } from "./support/service.js";
import { TcpProxy } from "./support/tcp-proxy.js";

type ServingStatus = "UNKNOWN" | "SERVING" | "NOT_SERVING" | "SERVICE_UNKNOWN";
interface HealthClient extends Client {
  check(req: { service: string }, cb: (err: Error | null, res?: { status: ServingStatus }) => void): void;
  watch(req: { service: string }): ClientReadableStream<{ status: ServingStatus }>;
}

function healthClient(address: string): HealthClient {
  const Constructor = makeClientConstructor(healthService, "grpc.health.v1.Health");
  return new Constructor(address, credentials.createInsecure()) as unknown as HealthClient;
}

function check(client: HealthClient, service: string): Promise<ServingStatus> {
  return new Promise((resolve, reject) =>
    client.check({ service }, (err, res) => (err ? reject(err) : resolve(res!.status))),
  );
}

describe("health over gRPC and the admin port", () => {
  let service: RunningService;
  let client: HealthClient;

  beforeAll(async () => {
    service = await startService({ DRAIN_DELAY: "300ms" }, { apis: "fixture" });
    client = healthClient(service.grpcAddress);
  });

  afterAll(async () => {
    client.close();
    if (service.app.state !== "STOPPED") await service.stop();
  });

  it("answers /healthz and /readyz with the database's state", async () => {
    const live = await fetch(`${service.adminUrl}/healthz`);
    expect(live.status).toBe(200);
    const ready = await fetch(`${service.adminUrl}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({
      ready: true,
      state: "SERVING",
      degraded: [],
      // The broker and cache report too (test/data.test.ts and test/faults.test.ts cover them).
      dependencies: expect.arrayContaining([
        { name: "database", critical: true, ok: true, status: "ok", latencyMs: expect.any(Number) },
      ]) as unknown,
    });
  });

  it("serves grpc.health.v1 Check for the server and each service", async () => {
    expect(await check(client, "")).toBe("SERVING");
    expect(await check(client, FIXTURE_SERVICE)).toBe("SERVING");
    await expect(check(client, "no.such.Service")).rejects.toMatchObject({ code: 5 });
  });

  it("serves server reflection listing the services it serves", async () => {
    const names = await reflectedServices(service.grpcAddress);
    expect(names).toContain(FIXTURE_SERVICE);
    expect(names).toContain("grpc.health.v1.Health");
  });

  it("turns NOT_SERVING (Watch and /readyz) as soon as a stop begins, before the servers close", async () => {
    const statuses: ServingStatus[] = [];
    const watch = client.watch({ service: FIXTURE_SERVICE });
    watch.on("data", (res: { status: ServingStatus }) => statuses.push(res.status));
    watch.on("error", () => undefined);
    await vi.waitFor(() => expect(statuses).toEqual(["SERVING"]));

    const stopping = service.stop();
    await vi.waitFor(() => expect(statuses).toEqual(["SERVING", "NOT_SERVING"]));
    const ready = await fetch(`${service.adminUrl}/readyz`); // the drain delay keeps the servers up
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ ready: false, state: "NOT_SERVING" });
    watch.cancel();
    await stopping;
  });
});

describe.skipIf(!process.env["DATABASE_URL"])("readiness follows the database (PostgreSQL)", () => {
  let proxy: TcpProxy;
  let service: RunningService;

  beforeAll(async () => {
    const target = new URL(process.env["DATABASE_URL"]!);
    proxy = await TcpProxy.start(target.hostname, Number(target.port || 5432));
  });

  afterEach(async () => {
    await service?.stop();
  });

  afterAll(async () => {
    await proxy.cut();
  });

  it("goes 503 while the database is unreachable and back to 200 when it returns", async () => {
    service = await startService({ HEALTH_INTERVAL: "200ms" }, { databasePort: proxy.listenPort, apis: "fixture" });
    const client = healthClient(service.grpcAddress);
    try {
      expect((await fetch(`${service.adminUrl}/readyz`)).status).toBe(200);

      await proxy.cut();
      const down = await fetch(`${service.adminUrl}/readyz`);
      expect(down.status).toBe(503);
      expect(await down.json()).toMatchObject({
        ready: false,
        dependencies: expect.arrayContaining([expect.objectContaining({ name: "database", ok: false })]) as unknown,
      });
      await vi.waitFor(async () => expect(await check(client, "")).toBe("NOT_SERVING"), { timeout: 5_000 });

      await proxy.restore();
      await vi.waitFor(async () => expect((await fetch(`${service.adminUrl}/readyz`)).status).toBe(200), {
        timeout: 10_000,
        interval: 200,
      });
      await vi.waitFor(async () => expect(await check(client, "")).toBe("SERVING"), { timeout: 5_000 });
    } finally {
      client.close();
    }
  });

  it("stays ready while every pool connection is busy: the check has a connection of its own", async () => {
    service = await startService({ DATABASE_POOL_SIZE: "2" }, { databasePort: proxy.listenPort, apis: "fixture" });
    const db = service.data.database.db;
    // Longer than the 1s check timeout: a check waiting for a pool connection would fail.
    const busy = [1, 2].map(() => sql`select pg_sleep(3)`.execute(db));
    try {
      await new Promise((resolve) => setTimeout(resolve, 200));
      const ready = await fetch(`${service.adminUrl}/readyz`);
      expect(await ready.json()).toMatchObject({ ready: true });
      expect(ready.status).toBe(200);
    } finally {
      await Promise.all(busy);
    }
  });
});

if (!process.env["DATABASE_URL"]) {
  console.warn("skipping the database outage readiness test: it needs DATABASE_URL (PostgreSQL)");
}

describe("gRPC server reflection switched off", () => {
  it("answers UNIMPLEMENTED, while health still answers", async () => {
    const service = await startService({ GRPC_REFLECTION: "false" }, { apis: "fixture" });
    const client = healthClient(service.grpcAddress);
    try {
      await expect(reflectedServices(service.grpcAddress)).rejects.toMatchObject({ code: 12 });
      expect(await check(client, FIXTURE_SERVICE)).toBe("SERVING");
    } finally {
      client.close();
      await service.stop();
    }
  });
});

// Infrastructure faults under load, on the kit's fixture service: readiness
// follows NATS and the outbox loses no event; Redis down costs cache errors,
// never a request; killed PostgreSQL connections fail calls with 503
// UNAVAILABLE and leave nothing half-written.
import { fromBinary } from "@bufbuild/protobuf";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { FixtureServiceClient } from "../tools/testdata/fixture/v1/fixture_grpc.js";
import { NoteCreatedSchema } from "../tools/testdata/fixture/v1/fixture_pb.js";
import { CACHE_ERRORS_METRIC } from "../pkg/cache/index.js";
import { isStrataError } from "../pkg/errors/index.js";
import { eventSubject, type Subscription } from "../pkg/events/index.js";
import type { ReadinessReport } from "../pkg/health/index.js";
import { GrpcConn } from "../pkg/transport/grpc/index.js";
import { eventually } from "./support/eventually.js";
import { NOTES_TABLE } from "./support/fixture/index.js";
import { PrivateServer } from "./support/private-server.js";
import { startService, type RunningService } from "./support/service.js";

const CREATED = NoteCreatedSchema.typeName;

/** Creates notes (the fixture service) in a loop, `concurrency` at a time, until stopped; records what succeeded and how the rest failed. */
class CreateLoad {
  readonly created: string[] = [];
  readonly failures: { code: number; reason: string }[] = [];
  private running = true;
  private readonly done: Promise<void>;

  constructor(
    client: FixtureServiceClient,
    concurrency: number,
    extra: (id: string) => Promise<unknown> = () => Promise.resolve(),
  ) {
    let n = 0;
    this.done = Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (this.running) {
          try {
            const note = await client.createNote({ note: { title: `load ${n++}` } });
            this.created.push(note.id);
            await extra(note.id);
          } catch (err) {
            if (!isStrataError(err)) throw err;
            this.failures.push({ code: err.code, reason: err.reason });
          }
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
      }),
    ).then(() => undefined);
  }

  /** Stops the load and waits for the calls in flight. */
  async stop(): Promise<void> {
    this.running = false;
    await this.done;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function readyz(service: RunningService): Promise<{ status: number; body: ReadinessReport }> {
  const response = await fetch(`${service.adminUrl}/readyz`);
  return { status: response.status, body: (await response.json()) as ReadinessReport };
}

describe("faults while creates run", () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  /** A running service with a gRPC client; stopped after the test. */
  async function serve(env: Record<string, string>, options: Parameters<typeof startService>[1] = {}) {
    const service = await startService(
      { HEALTH_INTERVAL: "200ms", EVENTS_RELAY_INTERVAL: "100ms", ...env },
      { ...options, apis: "fixture" },
    );
    const conn = new GrpcConn(service.grpcAddress);
    cleanups.push(async () => {
      conn.close();
      await service.stop();
    });
    return { service, client: new FixtureServiceClient(conn) };
  }

  it("NATS stopped for a few seconds then restarted: ready with the broker degraded while down, no event lost", async () => {
    const nats = await PrivateServer.nats();
    await nats.start();
    cleanups.push(() => nats.dispose());
    const { service, client } = await serve({ NATS_URL: nats.url });
    const seen = new Set<string>();
    const sub: Subscription = await service.data.broker.subscribe(
      "test-faults",
      eventSubject(CREATED),
      async (delivery) => {
        seen.add(fromBinary(NoteCreatedSchema, delivery.message.payload).note?.id ?? "");
        await delivery.ack();
      },
    );
    cleanups.push(() => sub.stop());
    expect((await readyz(service)).status).toBe(200);

    const load = new CreateLoad(client, 4);
    await sleep(500);
    await nats.stop();
    await eventually(async () => {
      // The outbox absorbs the outage: still ready, the broker reported degraded.
      const ready = await readyz(service);
      expect(ready.status).toBe(200);
      expect(ready.body.degraded).toEqual(["broker"]);
      expect(ready.body.dependencies).toContainEqual(
        expect.objectContaining({ name: "broker", ok: false, status: "degraded" }),
      );
      const metrics = await (await fetch(`${service.adminUrl}/metrics`)).text();
      expect(metrics).toContain(
        `${service.config.metrics.prefix}dependency_up{dependency="broker",critical="false"} 0`,
      );
    });
    await sleep(2_000); // creates keep committing into the outbox meanwhile
    const whileDown = load.created.length;
    await nats.start();
    await eventually(async () => expect((await readyz(service)).body.degraded).toEqual([]), 15_000);
    await sleep(300);
    await load.stop();

    expect(load.failures).toEqual([]); // writes never needed the broker
    expect(whileDown).toBeGreaterThan(0);
    await eventually(async () => expect(load.created.filter((id) => !seen.has(id))).toEqual([]), 30_000);
  });

  it("Redis stopped: every request still succeeds, counted as cache errors", async () => {
    const redis = await PrivateServer.redis();
    await redis.start();
    cleanups.push(() => redis.dispose());
    const { service, client } = await serve({ REDIS_URL: redis.url });
    // The service's /metrics (its own registry) counts the failed cache operations.
    const errors = async () => {
      const text = await (await fetch(`${service.adminUrl}/metrics`)).text();
      return text
        .split("\n")
        .filter((line) => line.startsWith(`${service.config.metrics.prefix}${CACHE_ERRORS_METRIC}{`))
        .reduce((sum, line) => sum + Number(line.split(" ").at(-1)), 0);
    };
    const errorsBefore = await errors();
    const reads: string[] = [];
    const load = new CreateLoad(client, 4, async (id) => {
      const note = await client.getNote({ id });
      reads.push(note.id);
      await client.getNote({ id });
    });
    await sleep(500);
    await redis.stop();
    await sleep(1_500);
    // The cache is not critical: still ready, with the cache reported down.
    const ready = await readyz(service);
    expect(ready.status).toBe(200);
    expect(ready.body.degraded).toEqual(["cache"]);
    expect(ready.body.dependencies).toContainEqual(
      expect.objectContaining({ name: "cache", ok: false, status: "degraded" }),
    );
    await load.stop();

    expect(load.failures).toEqual([]);
    expect(reads.length).toBe(load.created.length);
    expect(await errors()).toBeGreaterThan(errorsBefore);
  });

  it("PostgreSQL connections killed: calls in flight fail 503 UNAVAILABLE, the pool recovers, nothing half-written", async (ctx) => {
    if (!process.env["DATABASE_URL"]) {
      console.log("skipped: pg_terminate_backend needs PostgreSQL (DATABASE_URL is not set)");
      ctx.skip();
    }
    const applicationName = `strata-faults-${process.pid}-${Date.now()}`;
    const { service, client } = await serve({}, { databaseParams: { application_name: applicationName } });
    const admin = new pg.Client({ connectionString: process.env["DATABASE_URL"] });
    await admin.connect();
    cleanups.push(() => admin.end());

    const load = new CreateLoad(client, 8);
    let killed = 0;
    for (let round = 0; round < 5; round++) {
      await sleep(200);
      const result = await admin.query(
        "select pg_terminate_backend(pid) from pg_stat_activity where application_name = $1",
        [applicationName],
      );
      killed += result.rowCount ?? 0;
    }
    await sleep(300);
    await load.stop();

    expect(killed).toBeGreaterThan(0);
    expect(load.created.length).toBeGreaterThan(0);
    // Every failure is 503 UNAVAILABLE: a clear, retryable answer, never a hang or a 500.
    for (const failure of load.failures) expect(failure).toEqual({ code: 503, reason: "UNAVAILABLE" });
    // The pool recovered.
    const after = await client.createNote({ note: { title: "after the kill" } });
    expect((await client.getNote({ id: after.id })).title).toBe("after the kill");

    // Nothing half-written: every row has exactly its one outbox event, written in its transaction, and the reverse.
    const db = service.data.database.db;
    const notes = (await db.selectFrom(NOTES_TABLE).select("id").execute()).map((row) => row.id).sort();
    const events = (await db.selectFrom("strata_outbox").select("payload").where("type", "=", CREATED).execute())
      .map((row) => fromBinary(NoteCreatedSchema, row.payload).note?.id ?? "")
      .sort();
    expect(events).toEqual(notes);
    for (const id of load.created) expect(notes).toContain(id);
  });
});

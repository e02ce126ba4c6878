// The Todo example's events through infrastructure faults: every TodoCreated
// reaches the broker and the todo_stats read model after a NATS outage, and a
// killed PostgreSQL connection never leaves a todo without its event. The
// kit-level behaviour (readiness, 503 UNAVAILABLE, the cache) is in faults.test.ts.
import { fromBinary } from "@bufbuild/protobuf";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { TodoCreatedSchema } from "../api/todo/v1/events_pb.js";
import { TodoServiceClient } from "../api/todo/v1/todo_grpc.js";
import { isStrataError } from "../pkg/errors/index.js";
import { TODO_STATS_CONSUMER } from "../internal/data/todo-stats.js";
import { deadLetterSubject, eventSubject, type Subscription } from "../pkg/events/index.js";
import type { ReadinessReport } from "../pkg/health/index.js";
import { GrpcConn } from "../pkg/transport/grpc/index.js";
import { eventually } from "./support/eventually.js";
import { logLines } from "./support/log-lines.js";
import { PrivateServer } from "./support/private-server.js";
import { startService, type RunningService } from "./support/service.js";
import { TcpProxy } from "./support/tcp-proxy.js";

const CREATED = "todo.v1.TodoCreated";

/** Creates todos in a loop, `concurrency` at a time, until stopped; records what succeeded and how the rest failed. */
class CreateLoad {
  readonly created: string[] = [];
  readonly failures: { code: number; reason: string }[] = [];
  private running = true;
  private readonly done: Promise<void>;

  constructor(
    client: TodoServiceClient,
    concurrency: number,
    extra: (id: string) => Promise<unknown> = () => Promise.resolve(),
  ) {
    let n = 0;
    this.done = Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (this.running) {
          try {
            const todo = await client.createTodo({
              todo: { title: `load ${n++}` },
              requestId: `load-${n}-${Math.random()}`,
            });
            this.created.push(todo.id);
            await extra(todo.id);
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

/** How long the database is cut off in the outage test (the was 20s). */
const DATABASE_OUTAGE_MS = 20_000;

async function readyz(service: RunningService): Promise<{ status: number; body: ReadinessReport }> {
  const response = await fetch(`${service.adminUrl}/readyz`);
  return { status: response.status, body: (await response.json()) as ReadinessReport };
}

describe("the Todo example's events through faults", () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  /** A running service with a gRPC client; stopped after the test. */
  async function serve(env: Record<string, string>, options: Parameters<typeof startService>[1] = {}) {
    const service = await startService({ HEALTH_INTERVAL: "200ms", EVENTS_RELAY_INTERVAL: "100ms", ...env }, options);
    const conn = new GrpcConn(service.grpcAddress);
    cleanups.push(async () => {
      conn.close();
      await service.stop();
    });
    return { service, client: new TodoServiceClient(conn) };
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
        seen.add(fromBinary(TodoCreatedSchema, delivery.message.payload).todo?.id ?? "");
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
    await eventually(async () => {
      const stats = await client.getTodoStats({});
      expect(Number(stats.openCount)).toBe(load.created.length);
    }, 30_000);
  });

  it(`PostgreSQL unreachable for ${DATABASE_OUTAGE_MS / 1000}s under write load: the stats read model ends exact, nothing dead-lettered`, async (ctx) => {
    if (!process.env["DATABASE_URL"]) {
      console.log("skipped: cutting the database off needs PostgreSQL (DATABASE_URL is not set)");
      ctx.skip();
    }
    const target = new URL(process.env["DATABASE_URL"]!);
    const proxy = await TcpProxy.start(target.hostname, Number(target.port || 5432));
    cleanups.push(() => proxy.cut());
    const logs = logLines();
    const { service, client } = await serve({}, { databasePort: proxy.listenPort, logger: logs.logger });
    const deadLetters: string[] = [];
    for (const type of [CREATED, "todo.v1.TodoUpdated", "todo.v1.TodoDeleted"]) {
      const sub = await service.data.broker.subscribe(
        `test-dlq-${type}`,
        deadLetterSubject(TODO_STATS_CONSUMER, type),
        async (delivery) => {
          deadLetters.push(delivery.message.id);
          await delivery.ack();
        },
      );
      cleanups.push(() => sub.stop());
    }

    const load = new CreateLoad(client, 4);
    // A burst just before the cut, so the consumer has events in hand and queued when the database goes.
    await Promise.allSettled(
      Array.from({ length: 300 }, (_, i) => client.createTodo({ todo: { title: `burst ${i}` } })),
    );
    await proxy.cut();
    await sleep(DATABASE_OUTAGE_MS);
    await proxy.restore();
    await sleep(1_000);
    await load.stop();

    expect(load.failures.length).toBeGreaterThan(0); // the outage was felt by writes too
    for (const failure of load.failures) expect(failure).toEqual({ code: 503, reason: "UNAVAILABLE" });
    const paused = logs.lines().filter((line) => String(line["msg"]).includes("not counted as an attempt"));
    expect(paused.length).toBeGreaterThan(0); // and by the consumer, which waited it out
    const db = service.data.database.db;
    const count = async () =>
      Number((await db.selectFrom("todos").select(db.fn.countAll().as("n")).executeTakeFirstOrThrow()).n);
    await eventually(async () => {
      const stats = await client.getTodoStats({});
      expect(Number(stats.openCount)).toBe(await count());
      expect(Number(stats.doneCount)).toBe(0);
    }, 60_000);
    expect(deadLetters).toEqual([]);
  }, 120_000);

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
    const after = await client.createTodo({ todo: { title: "after the kill" } });
    expect((await client.getTodo({ id: after.id })).title).toBe("after the kill");

    // Nothing half-written: every todo has exactly its one TodoCreated outbox row, and the reverse.
    const db = service.data.database.db;
    const todos = (await db.selectFrom("todos").select("id").execute()).map((row) => row.id).sort();
    const events = (await db.selectFrom("strata_outbox").select("payload").where("type", "=", CREATED).execute())
      .map((row) => fromBinary(TodoCreatedSchema, row.payload).todo?.id ?? "")
      .sort();
    expect(events).toEqual(todos);
    for (const id of load.created) expect(todos).toContain(id);
  });
});

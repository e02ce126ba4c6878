// The Todo example's events on the whole service: its creates as TodoCreated
// events, the todo_stats consumer (read model, dead letters, the inbox).
import { create, toBinary } from "@bufbuild/protobuf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TodoCreatedSchema } from "../api/todo/v1/events_pb.js";
import { TodoServiceClient } from "../api/todo/v1/todo_grpc.js";
import {
  deadLetterSubject,
  errorHistoryOf,
  eventSubject,
  Header,
  headerValue,
  type EventMessage,
  type Subscription,
} from "../pkg/events/index.js";
import { GrpcConn } from "../pkg/transport/grpc/index.js";
import { eventually } from "./support/eventually.js";
import { startService, type RunningService } from "./support/service.js";

const database = process.env["DATABASE_URL"] ? "PostgreSQL" : "PGlite";
const broker = process.env["NATS_URL"] ? "NATS JetStream" : "in-process bus";
const CREATED = "todo.v1.TodoCreated";

/** Runs `count` calls of `call`, `concurrency` at a time. */
async function concurrently(count: number, concurrency: number, call: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) await call(next++);
    }),
  );
}

/** The todos table's counts, straight from the database. */
async function tableCounts(service: RunningService): Promise<{ open: number; done: number }> {
  const rows = await service.data.database.db.selectFrom("todos").select("done").execute();
  return { open: rows.filter((r) => !r.done).length, done: rows.filter((r) => r.done).length };
}

describe(`the Todo example's events and consumer (${database}, ${broker})`, () => {
  let service: RunningService;
  let conn: GrpcConn;
  let client: TodoServiceClient;
  const subscriptions: Subscription[] = [];

  beforeAll(async () => {
    service = await startService({ EVENTS_MAX_ATTEMPTS: "3", EVENTS_RETRY_BACKOFF: "20ms" });
    conn = new GrpcConn(service.grpcAddress);
    client = new TodoServiceClient(conn);
  });

  afterAll(async () => {
    await Promise.all(subscriptions.map((sub) => sub.stop()));
    conn.close();
    await service.stop();
  });

  it("turns 1,000 concurrent creates into exactly 1,000 distinct events, and the read model into the table's counts", async () => {
    const deliveries: string[] = [];
    subscriptions.push(
      await service.data.broker.subscribe("test-counter", eventSubject(CREATED), async (delivery) => {
        deliveries.push(delivery.message.id);
        await delivery.ack();
      }),
    );
    const ids = new Set<string>();
    await concurrently(1_000, 25, async (i) => {
      const todo = await client.createTodo({ todo: { title: `load ${i}`, done: i % 4 === 0 } });
      ids.add(todo.id);
    });
    expect(ids.size).toBe(1_000);

    await eventually(async () => expect(new Set(deliveries).size).toBe(1_000), 30_000);
    // Every outbox row was marked sent once the broker acked it.
    const unsent = await service.data.database.db
      .selectFrom("strata_outbox")
      .select("id")
      .where("sent_time", "is", null)
      .execute();
    expect(unsent).toEqual([]);
    // The events are the creates: one per todo, distinct ids.
    const outbox = await service.data.database.db
      .selectFrom("strata_outbox")
      .select("id")
      .where("type", "=", CREATED)
      .execute();
    expect(new Set(deliveries)).toEqual(new Set(outbox.map((row) => row.id)));

    const counts = await tableCounts(service);
    expect(counts).toEqual({ open: 750, done: 250 });
    await eventually(async () => {
      const stats = await client.getTodoStats({});
      expect({ open: Number(stats.openCount), done: Number(stats.doneCount) }).toEqual(counts);
    }, 30_000);
  });

  it("dead-letters a poison message after N attempts with N errors in its history, and keeps processing others", async () => {
    const dead: EventMessage[] = [];
    subscriptions.push(
      await service.data.broker.subscribe("test-dlq", deadLetterSubject("todo_stats", CREATED), async (delivery) => {
        dead.push(delivery.message);
        await delivery.ack();
      }),
    );
    const before = await client.getTodoStats({});
    const poison: EventMessage = {
      id: `poison-${Date.now()}`,
      type: CREATED,
      payload: new Uint8Array([0xff, 0xff, 0xff]), // not a TodoCreated: decoding fails every time
      headers: {},
    };
    await service.data.broker.publish(eventSubject(CREATED), poison, poison.id);
    for (let i = 0; i < 10; i++) await client.createTodo({ todo: { title: `after poison ${i}` } });

    await eventually(async () => expect(dead.map((m) => m.id)).toEqual([poison.id]), 30_000);
    const [letter] = dead;
    expect(headerValue(letter!.headers, Header.ATTEMPTS)).toBe("3");
    expect(headerValue(letter!.headers, Header.CONSUMER)).toBe("todo_stats");
    const history = errorHistoryOf(letter!);
    expect(history).toHaveLength(3);
    history.forEach((entry, i) => expect(entry).toMatch(new RegExp(`^attempt ${i + 1}: `)));
    expect([...letter!.payload]).toEqual([...poison.payload]);

    // The others were processed meanwhile: the read model counts the 10 creates.
    await eventually(async () => {
      expect((await client.getTodoStats({})).openCount).toBe(before.openCount + 10n);
    });
    // The poison message was never recorded as processed.
    const inbox = await service.data.database.db
      .selectFrom("strata_inbox")
      .select("event_id")
      .where("event_id", "=", poison.id)
      .execute();
    expect(inbox).toEqual([]);
  });

  it("processes a redelivered event once (the inbox)", async () => {
    const before = await client.getTodoStats({});
    const event: EventMessage = {
      id: `redelivered-${Date.now()}`,
      type: CREATED,
      payload: toBinary(TodoCreatedSchema, create(TodoCreatedSchema, { todo: { id: "x", title: "x", done: true } })),
      headers: {},
    };
    // Three deliveries of one event (distinct broker message ids, so the broker's own dedupe lets them through).
    for (const copy of ["a", "b", "c"]) {
      await service.data.broker.publish(eventSubject(CREATED), event, `${event.id}:${copy}`);
    }
    await eventually(async () => {
      const inbox = await service.data.database.db
        .selectFrom("strata_inbox")
        .select("event_id")
        .where("event_id", "=", event.id)
        .execute();
      expect(inbox).toHaveLength(1);
    });
    await new Promise((resolve) => setTimeout(resolve, 300)); // give any further copy time to (wrongly) count
    expect((await client.getTodoStats({})).doneCount).toBe(before.doneCount + 1n);
  });
});

// The transactional outbox and its relay under the kit's fixture service:
// every committed create becomes exactly one published event.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FixtureServiceClient } from "../tools/testdata/fixture/v1/fixture_grpc.js";
import { NoteCreatedSchema } from "../tools/testdata/fixture/v1/fixture_pb.js";
import { eventSubject, type Subscription } from "../pkg/events/index.js";
import { GrpcConn } from "../pkg/transport/grpc/index.js";
import { eventually } from "./support/eventually.js";
import { startService, type RunningService } from "./support/service.js";

const database = process.env["DATABASE_URL"] ? "PostgreSQL" : "PGlite";
const broker = process.env["NATS_URL"] ? "NATS JetStream" : "in-process bus";
const CREATED = NoteCreatedSchema.typeName;

/** Runs `count` calls of `call`, `concurrency` at a time. */
async function concurrently(count: number, concurrency: number, call: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) await call(next++);
    }),
  );
}

describe(`the outbox and its relay (${database}, ${broker})`, () => {
  let service: RunningService;
  let conn: GrpcConn;
  let client: FixtureServiceClient;
  const subscriptions: Subscription[] = [];

  beforeAll(async () => {
    service = await startService({}, { apis: "fixture" });
    conn = new GrpcConn(service.grpcAddress);
    client = new FixtureServiceClient(conn);
  });

  afterAll(async () => {
    await Promise.all(subscriptions.map((sub) => sub.stop()));
    conn?.close();
    await service?.stop();
  });

  it("turns 1,000 concurrent creates into exactly 1,000 distinct events, each outbox row marked sent", async () => {
    const deliveries: string[] = [];
    subscriptions.push(
      await service.data.broker.subscribe("test-counter", eventSubject(CREATED), async (delivery) => {
        deliveries.push(delivery.message.id);
        await delivery.ack();
      }),
    );
    const ids = new Set<string>();
    await concurrently(1_000, 25, async (i) => {
      const note = await client.createNote({ note: { title: `load ${i}` } });
      ids.add(note.id);
    });
    expect(ids.size).toBe(1_000);

    await eventually(async () => expect(new Set(deliveries).size).toBe(1_000), 30_000);
    const db = service.data.database.db;
    // Every outbox row is marked sent once the broker has acked it (just after the delivery, at the latest).
    await eventually(async () => {
      const unsent = await db.selectFrom("strata_outbox").select("id").where("sent_time", "is", null).execute();
      expect(unsent).toEqual([]);
    });
    // The events are the creates: one per row, distinct ids.
    const outbox = await db.selectFrom("strata_outbox").select("id").where("type", "=", CREATED).execute();
    expect(outbox).toHaveLength(1_000);
    expect(new Set(deliveries)).toEqual(new Set(outbox.map((row) => row.id)));
  });
});

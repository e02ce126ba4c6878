// The transactional outbox, its relay and the event consumers under the kit's
// fixture service: every committed create becomes exactly one published event,
// processed once; a poison message is dead-lettered after N attempts while
// others go on; a redelivered event counts once (the inbox).
import { create, toBinary } from "@bufbuild/protobuf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FixtureServiceClient } from "../tools/testdata/fixture/v1/fixture_grpc.js";
import { NoteCreatedSchema } from "../tools/testdata/fixture/v1/fixture_pb.js";
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
import { NOTES_CONSUMER, NOTES_SEEN_TABLE } from "./support/fixture/index.js";
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

/** How many times the fixture's consumer processed an event of each note, by note id. */
async function seenCounts(service: RunningService): Promise<Map<string, number>> {
  const rows = await service.data.database.db.selectFrom(NOTES_SEEN_TABLE).select("note_id").execute();
  const counts = new Map<string, number>();
  for (const { note_id: id } of rows) counts.set(id, (counts.get(id) ?? 0) + 1);
  return counts;
}

describe(`the outbox, its relay and the consumers (${database}, ${broker})`, () => {
  let service: RunningService;
  let conn: GrpcConn;
  let client: FixtureServiceClient;
  const subscriptions: Subscription[] = [];

  beforeAll(async () => {
    service = await startService({ EVENTS_MAX_ATTEMPTS: "3", EVENTS_RETRY_BACKOFF: "20ms" }, { apis: "fixture" });
    conn = new GrpcConn(service.grpcAddress);
    client = new FixtureServiceClient(conn);
  });

  afterAll(async () => {
    await Promise.all(subscriptions.map((sub) => sub.stop()));
    conn?.close();
    await service?.stop();
  });

  it("turns 1,000 concurrent creates into exactly 1,000 distinct events, each outbox row marked sent and each event processed once", async () => {
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
    // The consumer processed each create's event, once.
    await eventually(async () => {
      const seen = await seenCounts(service);
      expect([...ids].filter((id) => seen.get(id) !== 1)).toEqual([]);
    }, 30_000);
  });

  it("dead-letters a poison message after N attempts with N errors in its history, and keeps processing others", async () => {
    const dead: EventMessage[] = [];
    subscriptions.push(
      await service.data.broker.subscribe("test-dlq", deadLetterSubject(NOTES_CONSUMER, CREATED), async (delivery) => {
        dead.push(delivery.message);
        await delivery.ack();
      }),
    );
    const poison: EventMessage = {
      id: `poison-${Date.now()}`,
      type: CREATED,
      payload: new Uint8Array([0xff, 0xff, 0xff]), // not a NoteCreated: decoding fails every time
      headers: {},
    };
    await service.data.broker.publish(eventSubject(CREATED), poison, poison.id);
    const after: string[] = [];
    for (let i = 0; i < 10; i++) after.push((await client.createNote({ note: { title: `after poison ${i}` } })).id);

    await eventually(async () => expect(dead.map((m) => m.id)).toEqual([poison.id]), 30_000);
    const [letter] = dead;
    expect(headerValue(letter!.headers, Header.ATTEMPTS)).toBe("3");
    expect(headerValue(letter!.headers, Header.CONSUMER)).toBe(NOTES_CONSUMER);
    const history = errorHistoryOf(letter!);
    expect(history).toHaveLength(3);
    history.forEach((entry, i) => expect(entry).toMatch(new RegExp(`^attempt ${i + 1}: `)));
    expect([...letter!.payload]).toEqual([...poison.payload]);

    // The others were processed meanwhile.
    await eventually(async () => {
      const seen = await seenCounts(service);
      expect(after.filter((id) => seen.get(id) !== 1)).toEqual([]);
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
    const noteId = `redelivered-note-${Date.now()}`;
    const event: EventMessage = {
      id: `redelivered-${Date.now()}`,
      type: CREATED,
      payload: toBinary(NoteCreatedSchema, create(NoteCreatedSchema, { note: { id: noteId, title: "x" } })),
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
    expect((await seenCounts(service)).get(noteId)).toBe(1);
  });
});

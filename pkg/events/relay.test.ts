import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventTablesDb } from "./testdata/event-tables-db.js";
import { UnitOfWork } from "../data/unit-of-work.js";
import { newLogger } from "../log/logger.js";
import type { EventMessage } from "./message.js";
import { MemoryBroker } from "./memory-broker.js";
import { Outbox } from "./outbox.js";
import { OutboxRelay } from "./relay.js";
import type { EventTables } from "./tables.js";

const ctx = { signal: new AbortController().signal };
const logger = newLogger({ name: "test", version: "0", level: "silent" });

/** The in-process bus, made to fail every publish after the first `okCount`. */
class FlakyBroker extends MemoryBroker {
  readonly published: string[] = [];
  constructor(public okCount: number) {
    super();
  }
  override async publish(subject: string, message: EventMessage, messageId: string): Promise<void> {
    if (this.published.length >= this.okCount) throw new Error("broker down");
    this.published.push(messageId);
    await super.publish(subject, message, messageId);
  }
}

describe("OutboxRelay", () => {
  let db: Kysely<EventTables>;
  let outbox: Outbox;

  beforeAll(async () => {
    db = await eventTablesDb();
    outbox = new Outbox(new UnitOfWork<EventTables>({ db: () => db }));
  });

  afterAll(async () => {
    await db.destroy();
  });

  it("publishes in outbox order and marks a row sent only once the broker acked it", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(await outbox.append(ctx, "test.v1.Thing", new Uint8Array([i])));
    const broker = new FlakyBroker(3);
    const relay = new OutboxRelay({ db: () => db, broker, logger });

    await expect(relay.publishBatch()).rejects.toThrow("broker down");
    expect(broker.published).toEqual(ids.slice(0, 3));
    const unsent = await db
      .selectFrom("strata_outbox")
      .select("id")
      .where("sent_time", "is", null)
      .orderBy("seq")
      .execute();
    expect(unsent.map((row) => row.id)).toEqual(ids.slice(3)); // nothing lost, nothing marked early

    broker.okCount = 100; // the broker is back
    expect(await relay.publishBatch()).toBe(2);
    expect(broker.published).toEqual(ids);
    expect(await relay.publishBatch()).toBe(0);
  });

  it("runs as a worker: woken by commits, stopped by the App", async () => {
    const broker = new MemoryBroker();
    const seen: string[] = [];
    await broker.subscribe("test", "events.test.v1.Other", async (delivery) => {
      seen.push(delivery.message.id);
      await delivery.ack();
    });
    const relay = new OutboxRelay({ db: () => db, broker, logger, pollInterval: 60_000 });
    const woken = new Outbox(new UnitOfWork<EventTables>({ db: () => db }), () => relay.wake());
    await relay.start();
    const id = await woken.append(ctx, "test.v1.Other", new Uint8Array([1]));
    await expect.poll(() => seen).toEqual([id]); // well before the 60s poll: the commit woke it
    await relay.stop();
  });

  it("purges sent outbox rows and inbox rows past their retention, and nothing else", async () => {
    const relay = new OutboxRelay({
      db: () => db,
      broker: new MemoryBroker(),
      logger,
      outboxRetention: 60_000,
      inboxRetention: 120_000,
    });
    const unsent = await outbox.append(ctx, "test.v1.Purge", new Uint8Array([0]));
    const sent = await outbox.append(ctx, "test.v1.Purge", new Uint8Array([1]));
    const old = new Date(Date.now() - 90_000);
    await db.updateTable("strata_outbox").set({ sent_time: old }).where("id", "=", sent).execute();
    await db
      .insertInto("strata_inbox")
      .values({ consumer: "c", event_id: "old", process_time: new Date(Date.now() - 200_000) })
      .execute();
    await db.insertInto("strata_inbox").values({ consumer: "c", event_id: "recent", process_time: old }).execute();

    await relay.purge();
    const ids = (await db.selectFrom("strata_outbox").select("id").execute()).map((row) => row.id);
    expect(ids).toContain(unsent);
    expect(ids).not.toContain(sent);
    const inbox = (await db.selectFrom("strata_inbox").select("event_id").execute()).map((row) => row.event_id);
    expect(inbox).toContain("recent");
    expect(inbox).not.toContain("old");
  });
});

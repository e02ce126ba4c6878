import { create, toBinary } from "@bufbuild/protobuf";
import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventTablesDb } from "./testdata/event-tables-db.js";
import { ErrorInfoSchema } from "../gen/google/rpc/error_details_pb.js";
import { UnitOfWork } from "../data/unit-of-work.js";
import { unavailable } from "../errors/index.js";
import { newLogger } from "../log/logger.js";
import { EventConsumers } from "./consumers.js";
import { attemptsOf, errorHistoryOf, type EventMessage } from "./message.js";
import { MemoryBroker } from "./memory-broker.js";
import { deadLetterSubject, eventSubject, retrySubject } from "./subjects.js";
import type { EventTables } from "./tables.js";

// Any protobuf message does as an event; ErrorInfo is one the kit already has.
const TYPE = ErrorInfoSchema.typeName;
const logger = newLogger({ name: "test", version: "0", level: "silent" });

function event(id: string, reason: string): EventMessage {
  return { id, type: TYPE, payload: toBinary(ErrorInfoSchema, create(ErrorInfoSchema, { reason })), headers: {} };
}

describe("EventConsumers", () => {
  let db: Kysely<EventTables>;
  let broker: MemoryBroker;
  let consumers: EventConsumers;
  const handled: string[] = [];
  const failuresLeft = new Map<string, number>();
  /** Events whose handling fails this many more times as if the database were down. */
  const outagesLeft = new Map<string, number>();
  const deadLetters: EventMessage[] = [];

  beforeAll(async () => {
    db = await eventTablesDb();
    broker = new MemoryBroker();
    consumers = new EventConsumers({
      broker,
      uow: new UnitOfWork<EventTables>({ db: () => db }),
      logger,
      maxAttempts: 5,
      backoff: { initialMs: 5, maxMs: 20 },
      pause: { maxMs: 20 },
      holdLimit: 150,
    });
    consumers.subscribe("reasons", ErrorInfoSchema, async (_ctx, info, message) => {
      const outages = outagesLeft.get(message.id) ?? 0;
      if (outages > 0) {
        outagesLeft.set(message.id, outages - 1);
        throw unavailable("the database is unavailable");
      }
      const left = failuresLeft.get(message.id) ?? 0;
      if (left > 0) {
        failuresLeft.set(message.id, left - 1);
        throw new Error(`not yet (${left})`);
      }
      handled.push(info.reason);
    });
    await consumers.start();
    await broker.subscribe("dlq-spy", deadLetterSubject("reasons", TYPE), async (delivery) => {
      deadLetters.push(delivery.message);
      await delivery.ack();
    });
  });

  afterAll(async () => {
    await consumers.stop();
    await db.destroy();
  });

  it("retries a failing event with backoff, its error history growing in the headers, until it succeeds once", async () => {
    const retries: EventMessage[] = [];
    await broker.subscribe("spy", retrySubject("reasons", TYPE), async (delivery) => {
      retries.push(delivery.message);
      await delivery.ack();
    });
    failuresLeft.set("e1", 2);
    await broker.publish(eventSubject(TYPE), event("e1", "flaky"), "e1");
    await expect.poll(() => handled).toContain("flaky");
    expect(handled.filter((reason) => reason === "flaky")).toHaveLength(1);
    expect(retries.map((message) => errorHistoryOf(message))).toEqual([
      ["attempt 1: not yet (2)"],
      ["attempt 1: not yet (2)", "attempt 2: not yet (1)"],
    ]);
  });

  it("handles an event id once however often it is delivered", async () => {
    for (const copy of ["a", "b", "c"]) await broker.publish(eventSubject(TYPE), event("e2", "once"), `e2-${copy}`);
    await broker.publish(eventSubject(TYPE), event("e3", "marker"), "e3");
    await expect.poll(() => handled).toContain("marker");
    expect(handled.filter((reason) => reason === "once")).toHaveLength(1);
  });

  it("uses up no attempt while the database is down: pauses, then handles the event once, and dead-letters nothing", async () => {
    const retries: EventMessage[] = [];
    await broker.subscribe("spy-outage", retrySubject("reasons", TYPE), async (delivery) => {
      retries.push(delivery.message);
      await delivery.ack();
    });
    // Far more outage failures than maxAttempts (5); held past holdLimit, it goes round the retry subject.
    outagesLeft.set("e4", 40);
    await broker.publish(eventSubject(TYPE), event("e4", "outlived"), "e4");
    await expect.poll(() => handled, { timeout: 10_000 }).toContain("outlived");
    expect(handled.filter((reason) => reason === "outlived")).toHaveLength(1);
    expect(deadLetters.filter((message) => message.id === "e4")).toEqual([]);
    expect(retries.length).toBeGreaterThan(0);
    for (const retry of retries) {
      expect(attemptsOf(retry)).toBe(0);
      for (const entry of errorHistoryOf(retry)) {
        expect(entry).toMatch(/^infrastructure, not counted \(\d+x\): the database is unavailable$/);
      }
    }
  });

  it("counts only handler errors towards the dead-letter limit, the history telling both kinds apart", async () => {
    outagesLeft.set("e5", 3);
    failuresLeft.set("e5", 100);
    await broker.publish(eventSubject(TYPE), event("e5", "hopeless"), "e5");
    await expect.poll(() => deadLetters.map((message) => message.id), { timeout: 10_000 }).toContain("e5");
    const dead = deadLetters.find((message) => message.id === "e5")!;
    expect(attemptsOf(dead)).toBe(5);
    const history = errorHistoryOf(dead);
    expect(history.filter((entry) => entry.startsWith("attempt "))).toHaveLength(5);
    expect(history[0]).toMatch(/^infrastructure, not counted \(3x\): the database is unavailable$/);
    expect(handled).not.toContain("hopeless");
  });
});

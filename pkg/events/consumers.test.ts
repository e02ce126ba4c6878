import { create, toBinary } from "@bufbuild/protobuf";
import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventTablesDb } from "./testdata/event-tables-db.js";
import { ErrorInfoSchema } from "../gen/google/rpc/error_details_pb.js";
import { UnitOfWork } from "../data/unit-of-work.js";
import { newLogger } from "../log/logger.js";
import { EventConsumers } from "./consumers.js";
import { errorHistoryOf, type EventMessage } from "./message.js";
import { MemoryBroker } from "./memory-broker.js";
import { eventSubject, retrySubject } from "./subjects.js";
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

  beforeAll(async () => {
    db = await eventTablesDb();
    broker = new MemoryBroker();
    consumers = new EventConsumers({
      broker,
      uow: new UnitOfWork<EventTables>({ db: () => db }),
      logger,
      maxAttempts: 5,
      backoff: { initialMs: 5, maxMs: 20 },
    });
    consumers.subscribe("reasons", ErrorInfoSchema, async (_ctx, info, message) => {
      const left = failuresLeft.get(message.id) ?? 0;
      if (left > 0) {
        failuresLeft.set(message.id, left - 1);
        throw new Error(`not yet (${left})`);
      }
      handled.push(info.reason);
    });
    await consumers.start();
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
});

import { randomBytes } from "node:crypto";
import { jetstreamManager } from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";
import { describe, expect, it } from "vitest";
import type { EventMessage } from "./message.js";
import { NatsBroker } from "./nats-broker.js";
import { eventSubject } from "./subjects.js";

const natsUrl = process.env["NATS_URL"] ?? "";
if (natsUrl === "") console.log("pkg/events/nats-broker.test.ts: NATS_URL is not set, skipping the JetStream tests");

describe.skipIf(natsUrl === "")("NatsBroker (NATS_URL)", () => {
  it("creates its stream idempotently, dedupes by message id, and delivers to a durable subscription", async () => {
    const prefix = `test_${randomBytes(5).toString("hex")}`;
    const first = new NatsBroker({ url: natsUrl, prefix });
    const second = new NatsBroker({ url: natsUrl, prefix });
    await first.start();
    await second.start(); // the stream exists: updated, not an error
    try {
      const message: EventMessage = { id: "e1", type: "test.v1.Thing", payload: new Uint8Array([1, 2]), headers: {} };
      await first.publish(eventSubject(message.type), message, message.id);
      await second.publish(eventSubject(message.type), message, message.id); // a repeat: dropped by JetStream
      await first.publish(eventSubject(message.type), { ...message, id: "e2" }, "e2");

      const seen: string[] = [];
      const sub = await first.subscribe("test", eventSubject(message.type), async (delivery) => {
        seen.push(delivery.message.id);
        await delivery.ack();
      });
      await expect.poll(() => seen).toEqual(["e1", "e2"]);
      await sub.stop();
      await expect(first.readinessCheck().check(AbortSignal.timeout(1_000))).resolves.toBeUndefined();
    } finally {
      await first.stop();
      await second.stop();
      const url = new URL(natsUrl);
      const nc = await connect({ servers: `${url.hostname}:${url.port || "4222"}` });
      await (await jetstreamManager(nc)).streams.delete(prefix);
      await nc.close();
    }
  });
});

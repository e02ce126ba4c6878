import { randomBytes } from "node:crypto";
import { jetstreamManager } from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";

/** The cache and broker settings of one test service, and how to clean up after it. */
export interface TestBrokerEnv {
  /** Config overrides: REDIS_URL, NATS_URL (from the environment; empty for LRU / in-process), and a key prefix and stream of its own. */
  readonly env: Record<string, string>;
  /** Deletes the suite's JetStream stream (and with it its consumers). */
  drop(): Promise<void>;
}

/**
 * Redis and NATS for one test service: the machine's servers when REDIS_URL /
 * NATS_URL are set, else the in-process LRU and bus. Services sharing the
 * servers never see each other's keys or events: each gets its own key prefix
 * and JetStream stream.
 */
export function testBrokerEnv(): TestBrokerEnv {
  const suite = randomBytes(5).toString("hex");
  const natsUrl = process.env["NATS_URL"] ?? "";
  const stream = `test_${suite}`;
  return {
    env: {
      REDIS_URL: process.env["REDIS_URL"] ?? "",
      NATS_URL: natsUrl,
      CACHE_KEY_PREFIX: `test:${suite}:`,
      EVENTS_STREAM: stream,
    },
    drop: () => deleteStream(natsUrl, stream),
  };
}

/** Deletes a JetStream stream if the server is reachable and has it. */
export async function deleteStream(natsUrl: string, stream: string): Promise<void> {
  if (natsUrl === "") return;
  const url = new URL(natsUrl);
  const nc = await connect({ servers: `${url.hostname}:${url.port || "4222"}`, timeout: 2_000 }).catch(() => undefined);
  if (!nc) return;
  try {
    const jsm = await jetstreamManager(nc);
    await jsm.streams.delete(stream).catch(() => false);
  } finally {
    await nc.close();
  }
}

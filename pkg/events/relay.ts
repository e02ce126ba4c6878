import type { Kysely } from "kysely";
import type { Component } from "../app/component.js";
import type { Logger } from "../log/logger.js";
import type { Broker } from "./broker.js";
import { Header, type EventMessage } from "./message.js";
import { eventSubject } from "./subjects.js";
import type { EventTables } from "./tables.js";

/** Options of {@link OutboxRelay}; defaults in {@link RELAY_DEFAULTS}. */
export interface OutboxRelayOptions {
  /** The started database's query builder. */
  db: () => Kysely<EventTables>;
  broker: Broker;
  logger: Logger;
  /** Rows read per round. */
  batchSize?: number;
  /** Ms between polls when nothing woke the relay. */
  pollInterval?: number;
  /** Ms to wait after a failed round (broker or database down) before trying again. */
  retryDelay?: number;
  /** How long sent outbox rows are kept (for inspection), in ms. */
  outboxRetention?: number;
  /**
   * How long inbox rows are kept, in ms: longer than any redelivery can come
   * (JetStream's ack wait and the consumers' retries), or a late copy runs twice.
   */
  inboxRetention?: number;
  /** Ms between purges of rows past their retention. */
  purgeInterval?: number;
}

/** The defaults of {@link OutboxRelayOptions}. */
export const RELAY_DEFAULTS = {
  batchSize: 100,
  pollInterval: 500,
  retryDelay: 500,
  outboxRetention: 86_400_000,
  inboxRetention: 7 * 86_400_000,
  purgeInterval: 60_000,
} as const;

/**
 * The worker that publishes outbox rows, oldest first, and marks each sent
 * only once the broker has acknowledged it. A crash between the ack and the
 * mark publishes the row again on the next round: duplicates are possible,
 * losses are not, and the event id as message id lets JetStream and the
 * consumers' inbox drop the repeat. It also purges sent outbox rows and inbox
 * rows past their retention, so neither table grows without bound.
 */
export class OutboxRelay implements Component {
  readonly name = "outbox relay";
  private readonly options: Required<OutboxRelayOptions>;
  private running = false;
  private loop: Promise<void> | undefined;
  private wakeUp: (() => void) | undefined;
  private woken = false;
  private lastPurge = 0;

  constructor(options: OutboxRelayOptions) {
    this.options = { ...RELAY_DEFAULTS, ...options };
  }

  start(): Promise<void> {
    this.running = true;
    this.loop = this.run();
    return Promise.resolve();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake();
    await this.loop;
  }

  /** Starts the next round now: call it after committing events. */
  wake(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  /** Publishes one batch of unsent rows in order; returns how many were published. */
  async publishBatch(): Promise<number> {
    const { db, broker, batchSize } = this.options;
    const rows = await db()
      .selectFrom("strata_outbox")
      .select(["id", "type", "payload"])
      .where("sent_time", "is", null)
      .orderBy("seq")
      .limit(batchSize)
      .execute();
    const sent: string[] = [];
    try {
      for (const row of rows) {
        const message: EventMessage = {
          id: row.id,
          type: row.type,
          payload: row.payload,
          headers: { [Header.EVENT_ID]: [row.id], [Header.EVENT_TYPE]: [row.type] },
        };
        // In order: the next row waits for this one's ack.
        await broker.publish(eventSubject(row.type), message, row.id);
        sent.push(row.id);
      }
    } finally {
      if (sent.length > 0) {
        await db().updateTable("strata_outbox").set({ sent_time: new Date() }).where("id", "in", sent).execute();
      }
    }
    return sent.length;
  }

  /** Deletes sent outbox rows and inbox rows older than their retention; returns how many of each. */
  async purge(now = new Date()): Promise<{ outbox: number; inbox: number }> {
    const { db, outboxRetention, inboxRetention } = this.options;
    const outbox = await db()
      .deleteFrom("strata_outbox")
      .where("sent_time", "<", new Date(now.getTime() - outboxRetention))
      .executeTakeFirst();
    const inbox = await db()
      .deleteFrom("strata_inbox")
      .where("process_time", "<", new Date(now.getTime() - inboxRetention))
      .executeTakeFirst();
    return { outbox: Number(outbox.numDeletedRows), inbox: Number(inbox.numDeletedRows) };
  }

  private async run(): Promise<void> {
    while (this.running) {
      this.woken = false;
      try {
        if (Date.now() - this.lastPurge >= this.options.purgeInterval) {
          this.lastPurge = Date.now();
          await this.purge();
        }
        const published = await this.publishBatch();
        if (published < this.options.batchSize && !this.woken) await this.sleep(this.options.pollInterval);
      } catch (err) {
        this.options.logger.warn({ err }, `outbox relay: publishing failed, retrying in ${this.options.retryDelay}ms`);
        // Not cut short by wake(): commits keep coming while the broker is down.
        await new Promise((resolve) => setTimeout(resolve, this.options.retryDelay));
      }
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakeUp = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakeUp = done;
    });
  }
}

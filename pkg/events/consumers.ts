import { fromBinary, type DescMessage, type MessageShape } from "@bufbuild/protobuf";
import type { Component } from "../app/component.js";
import type { DataContext } from "../data/context.js";
import type { UnitOfWork } from "../data/unit-of-work.js";
import type { Logger } from "../log/logger.js";
import { backoffDelay, type BackoffOptions } from "./backoff.js";
import type { Broker, Delivery, Subscription } from "./broker.js";
import { attemptsOf, brokerMessageId, errorHistoryOf, Header, headerValue, type EventMessage } from "./message.js";
import { deadLetterSubject, eventSubject, retrySubject } from "./subjects.js";
import type { EventTables } from "./tables.js";

/**
 * Handles one event inside a transaction that also records it in the inbox:
 * what it writes through `ctx` commits together with "processed", or not at all.
 */
export type EventHandler<S extends DescMessage> = (
  ctx: DataContext,
  event: MessageShape<S>,
  message: EventMessage,
) => Promise<void>;

/** Options of {@link EventConsumers}; defaults in {@link CONSUMER_DEFAULTS}. */
export interface EventConsumersOptions {
  broker: Broker;
  /** Runs each handler and its inbox row in one transaction. */
  uow: UnitOfWork<EventTables>;
  logger: Logger;
  /** Attempts before a message goes to the dead-letter subject. */
  maxAttempts?: number;
  /** The delay between attempts. */
  backoff?: BackoffOptions;
}

/** The defaults of {@link EventConsumersOptions}. */
export const CONSUMER_DEFAULTS = { maxAttempts: 5, backoff: {} } as const;

interface Registration {
  readonly consumer: string;
  readonly schema: DescMessage;
  readonly handler: EventHandler<DescMessage>;
}

/**
 * The worker that runs event handlers with at-least-once delivery and
 * exactly-once effects on the database: each event is handled in a
 * transaction that first inserts (consumer, event id) into the inbox, so a
 * redelivered event is skipped. A failed attempt is republished to the
 * consumer's retry subject with its error appended to the `Strata-Error`
 * history and a backoff (exponential, with jitter) in `Strata-Not-Before`;
 * after `maxAttempts` it goes to the dead-letter subject with that history.
 * Other messages keep flowing meanwhile.
 */
export class EventConsumers implements Component {
  readonly name = "event consumers";
  private readonly registrations: Registration[] = [];
  private readonly subscriptions: Subscription[] = [];
  private readonly stopping = new AbortController();
  private readonly maxAttempts: number;
  private readonly backoff: BackoffOptions;

  constructor(private readonly options: EventConsumersOptions) {
    this.maxAttempts = options.maxAttempts ?? CONSUMER_DEFAULTS.maxAttempts;
    this.backoff = options.backoff ?? CONSUMER_DEFAULTS.backoff;
  }

  /**
   * Subscribes `handler` to the events of `schema`'s type under the durable
   * name `consumer` (one inbox per consumer). Call before the App starts.
   */
  subscribe<S extends DescMessage>(consumer: string, schema: S, handler: EventHandler<S>): void {
    this.registrations.push({ consumer, schema, handler: handler as EventHandler<DescMessage> });
  }

  async start(): Promise<void> {
    const { broker } = this.options;
    for (const registration of this.registrations) {
      const { consumer, schema } = registration;
      const type = schema.typeName;
      const handle = (delivery: Delivery) => this.handle(registration, delivery);
      this.subscriptions.push(await broker.subscribe(`${consumer}-${type}`, eventSubject(type), handle));
      this.subscriptions.push(
        await broker.subscribe(`${consumer}-retry-${type}`, retrySubject(consumer, type), handle),
      );
    }
  }

  /** Stops taking messages and finishes the ones in hand; the rest stay unacked in the broker. */
  async stop(): Promise<void> {
    await Promise.all(this.subscriptions.splice(0).map((sub) => sub.stop()));
    this.stopping.abort();
  }

  private async handle(registration: Registration, delivery: Delivery): Promise<void> {
    const { message } = delivery;
    const wait = Number(headerValue(message.headers, Header.NOT_BEFORE) ?? "0") - Date.now();
    if (wait > 0) return delivery.nak(wait);
    const { uow } = this.options;
    const { consumer, schema, handler } = registration;
    try {
      await uow.run({ signal: this.stopping.signal }, async (ctx) => {
        const fresh = await uow.query(ctx, (db) =>
          db
            .insertInto("strata_inbox")
            .values({ consumer, event_id: message.id })
            .onConflict((oc) => oc.columns(["consumer", "event_id"]).doNothing())
            .returning("event_id")
            .executeTakeFirst(),
        );
        if (!fresh) return; // handled before: a redelivery
        await handler(ctx, fromBinary(schema, message.payload), message);
      });
    } catch (err) {
      if (this.stopping.signal.aborted) return delivery.nak(0);
      return this.fail(consumer, delivery, err);
    }
    return delivery.ack();
  }

  /** Republishes a failed message with its error history: to the retry subject, or after the last attempt to the dead letters. */
  private async fail(consumer: string, delivery: Delivery, err: unknown): Promise<void> {
    const { message } = delivery;
    const attempts = attemptsOf(message) + 1;
    const reason = err instanceof Error ? err.message : String(err);
    const history = [...errorHistoryOf(message), `attempt ${attempts}: ${reason}`];
    const delay = backoffDelay(attempts, this.backoff);
    const dead = attempts >= this.maxAttempts;
    const headers = {
      ...message.headers,
      [Header.ATTEMPTS]: [String(attempts)],
      [Header.ERROR]: history,
      [Header.CONSUMER]: [consumer],
      [Header.NOT_BEFORE]: [String(dead ? 0 : Date.now() + delay)],
    };
    const subject = dead ? deadLetterSubject(consumer, message.type) : retrySubject(consumer, message.type);
    const next: EventMessage = { ...message, headers };
    const log = { consumer, eventId: message.id, type: message.type, attempts, err };
    try {
      await this.options.broker.publish(subject, next, brokerMessageId(next, subject));
    } catch (publishErr) {
      // The broker is unreachable: keep the message where it is and try it again later.
      this.options.logger.warn({ ...log, publishErr }, "event consumer: could not republish a failed event");
      return delivery.nak(delay);
    }
    if (dead) this.options.logger.error(log, `event consumer ${consumer}: dead-lettered after ${attempts} attempts`);
    else
      this.options.logger.warn(log, `event consumer ${consumer}: attempt ${attempts} failed, retrying in ${delay}ms`);
    return delivery.ack();
  }
}

import { fromBinary, type DescMessage, type MessageShape } from "@bufbuild/protobuf";
import type { Component } from "../app/component.js";
import type { DataContext } from "../data/context.js";
import { isInfrastructureError } from "../data/sql-errors.js";
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
  /** How consumption pauses while a dependency (the database) is down: from `backoff`'s first delay, doubling up to `maxMs`. */
  pause?: BackoffOptions;
  /** The longest a message is held through an outage before it goes back to the broker (under JetStream's ack wait), in ms. */
  holdLimit?: number;
}

/** The defaults of {@link EventConsumersOptions}. */
export const CONSUMER_DEFAULTS = { maxAttempts: 5, backoff: {}, pause: { maxMs: 30_000 }, holdLimit: 10_000 } as const;

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
 * Other messages keep flowing meanwhile. An infrastructure failure (the
 * database unreachable, its connection lost, a timeout: isInfrastructureError)
 * uses up no attempt: every subscription pauses, backing off exponentially up
 * to `pause.maxMs`, and the message in hand is tried again once the pause is
 * over; held past `holdLimit`, it goes to the retry subject with the outage in
 * its history (`infrastructure, not counted: …`) and its attempts unchanged.
 */
export class EventConsumers implements Component {
  readonly name = "event consumers";
  private readonly registrations: Registration[] = [];
  private readonly subscriptions: Subscription[] = [];
  private readonly stopping = new AbortController();
  private readonly maxAttempts: number;
  private readonly backoff: BackoffOptions;
  private readonly pause: BackoffOptions;
  private readonly holdLimit: number;
  /** Infrastructure failures in a row, across subscriptions: the pause grows with them. */
  private outageFailures = 0;
  /** No subscription handles a message before this time (ms since the epoch). */
  private pausedUntil = 0;

  constructor(private readonly options: EventConsumersOptions) {
    this.maxAttempts = options.maxAttempts ?? CONSUMER_DEFAULTS.maxAttempts;
    this.backoff = options.backoff ?? CONSUMER_DEFAULTS.backoff;
    const initialMs = this.backoff.initialMs;
    this.pause = { ...(initialMs !== undefined && { initialMs }), ...CONSUMER_DEFAULTS.pause, ...options.pause };
    this.holdLimit = options.holdLimit ?? CONSUMER_DEFAULTS.holdLimit;
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
    const { consumer } = registration;
    const held = Date.now();
    let outage: { count: number; reason: string } | undefined;
    for (;;) {
      await this.paused();
      if (this.stopping.signal.aborted) return delivery.nak(0);
      try {
        await this.process(registration, message);
      } catch (err) {
        if (this.stopping.signal.aborted) return delivery.nak(0);
        if (!isInfrastructureError(err)) return this.fail(consumer, delivery, err, outage);
        const delay = this.pauseAfter(consumer, message, err);
        outage = { count: (outage?.count ?? 0) + 1, reason: reasonOf(err) };
        if (Date.now() + delay - held > this.holdLimit) return this.requeue(consumer, delivery, outage, delay);
        continue;
      }
      this.outageFailures = 0;
      return delivery.ack();
    }
  }

  /** Runs the handler and records the event in the inbox, in one transaction; a repeat is skipped. */
  private async process(registration: Registration, message: EventMessage): Promise<void> {
    const { uow } = this.options;
    const { consumer, schema, handler } = registration;
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
  }

  /** Resolves once no pause is in force (or the consumers stop). */
  private async paused(): Promise<void> {
    for (let wait = this.pausedUntil - Date.now(); wait > 0; wait = this.pausedUntil - Date.now()) {
      if (this.stopping.signal.aborted) return;
      await sleep(wait, this.stopping.signal);
    }
  }

  /** Pauses every subscription after an infrastructure failure, longer for each in a row; returns the pause in ms. */
  private pauseAfter(consumer: string, message: EventMessage, err: unknown): number {
    const now = Date.now();
    // The subscriptions resume together and fail together: one outage round, not one per subscription.
    if (now < this.pausedUntil) return this.pausedUntil - now;
    this.outageFailures++;
    const delay = backoffDelay(this.outageFailures, this.pause);
    this.pausedUntil = now + delay;
    this.options.logger.warn(
      { consumer, eventId: message.id, type: message.type, err },
      `event consumer ${consumer}: a dependency is down (not counted as an attempt), pausing ${delay}ms`,
    );
    return delay;
  }

  /** Hands a message held through an outage back to the broker, its attempts unchanged and the outage in its history. */
  private async requeue(
    consumer: string,
    delivery: Delivery,
    outage: { count: number; reason: string },
    delay: number,
  ): Promise<void> {
    const { message } = delivery;
    const next: EventMessage = {
      ...message,
      headers: {
        ...message.headers,
        [Header.ERROR]: [...errorHistoryOf(message), outageEntry(outage)],
        [Header.CONSUMER]: [consumer],
        [Header.NOT_BEFORE]: [String(Date.now() + delay)],
      },
    };
    const subject = retrySubject(consumer, message.type);
    try {
      await this.options.broker.publish(subject, next, brokerMessageId(next, subject));
    } catch {
      return delivery.nak(delay); // the broker is down too: it redelivers the message as it was
    }
    return delivery.ack();
  }

  /** Republishes a failed message with its error history: to the retry subject, or after the last attempt to the dead letters. */
  private async fail(
    consumer: string,
    delivery: Delivery,
    err: unknown,
    outage: { count: number; reason: string } | undefined,
  ): Promise<void> {
    const { message } = delivery;
    const attempts = attemptsOf(message) + 1;
    const history = [
      ...errorHistoryOf(message),
      ...(outage ? [outageEntry(outage)] : []),
      `attempt ${attempts}: ${reasonOf(err)}`,
    ];
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

/** An error's message, for the history and logs. */
function reasonOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The history entry of an outage a message was held through: marked apart from the attempts, which it did not use. */
function outageEntry(outage: { count: number; reason: string }): string {
  return `infrastructure, not counted (${outage.count}x): ${outage.reason}`;
}

/** Waits `ms`, or less if `signal` aborts. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
  });
}

import type { DependencyCheck } from "../health/index.js";
import type { Broker, Delivery, DeliveryHandler, Subscription } from "./broker.js";
import type { EventMessage } from "./message.js";

/** How many message ids the in-process bus remembers to drop repeats. */
const DEDUPE_WINDOW = 100_000;

/**
 * The in-process bus: what the service uses when no NATS_URL is set, so `make
 * run` needs nothing installed. Same contract as JetStream within one process:
 * repeats of a message id are dropped, a nak'ed message comes back after its
 * delay, each subscription handles one message at a time. Messages live in
 * memory: a subject with no subscriber drops them, and a restart loses them.
 */
export class MemoryBroker implements Broker {
  readonly kind = "memory";
  private readonly subscriptions = new Map<string, Set<MemorySubscription>>();
  private readonly seen = new Set<string>();

  start(): Promise<void> {
    return Promise.resolve();
  }

  async stop(): Promise<void> {
    await Promise.all([...this.subscriptions.values()].flatMap((subs) => [...subs].map((sub) => sub.stop())));
  }

  publish(subject: string, message: EventMessage, messageId: string): Promise<void> {
    if (this.seen.has(messageId)) return Promise.resolve();
    this.seen.add(messageId);
    if (this.seen.size > DEDUPE_WINDOW) this.seen.delete(this.seen.values().next().value as string);
    for (const sub of this.subscriptions.get(subject) ?? []) sub.push(message);
    return Promise.resolve();
  }

  subscribe(_durable: string, subject: string, handler: DeliveryHandler): Promise<Subscription> {
    const subs = this.subscriptions.get(subject) ?? new Set<MemorySubscription>();
    this.subscriptions.set(subject, subs);
    const sub = new MemorySubscription(handler, () => subs.delete(sub));
    subs.add(sub);
    return Promise.resolve(sub);
  }

  readinessCheck(): DependencyCheck {
    return { name: "broker", critical: false, check: () => Promise.resolve() };
  }
}

/** One subscription's queue, drained one message at a time. */
class MemorySubscription implements Subscription {
  private readonly queue: EventMessage[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly handler: DeliveryHandler,
    private readonly detach: () => void,
  ) {}

  push(message: EventMessage): void {
    if (this.stopped) return;
    this.queue.push(message);
    this.running ??= this.drain().finally(() => (this.running = undefined));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.detach();
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    await this.running;
  }

  private async drain(): Promise<void> {
    for (let message = this.queue.shift(); message && !this.stopped; message = this.queue.shift()) {
      let settled = false;
      const delivery: Delivery = {
        message,
        ack: () => {
          settled = true;
          return Promise.resolve();
        },
        nak: (delayMs) => {
          settled = true;
          this.later(message, delayMs);
          return Promise.resolve();
        },
      };
      try {
        await this.handler(delivery);
      } catch {
        if (!settled) this.later(message, 1_000);
      }
    }
  }

  private later(message: EventMessage, delayMs: number): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.push(message);
    }, delayMs);
    this.timers.add(timer);
  }
}

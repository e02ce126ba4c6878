import type { DependencyCheck } from "../health/index.js";
import type { EventMessage } from "./message.js";

/** One message handed to a subscriber; it must be acked or nak'ed. */
export interface Delivery {
  readonly message: EventMessage;
  /** Done with it: never delivered to this subscription again. */
  ack(): Promise<void>;
  /** Not done: deliver it again after `delayMs`. */
  nak(delayMs: number): Promise<void>;
}

/** Handles one delivery; it acks or naks it itself. */
export type DeliveryHandler = (delivery: Delivery) => Promise<void>;

/** Stops a subscription: no delivery starts after it resolves. */
export interface Subscription {
  stop(): Promise<void>;
}

/**
 * A message broker as the kit uses it: at-least-once publish and durable
 * subscriptions on subjects (`events.<type>`, `retry.<consumer>.<type>`,
 * `dlq.<consumer>.<type>`). NATS JetStream or the in-process bus.
 */
export interface Broker {
  /** `nats` or `memory`. */
  readonly kind: string;
  /** Connects (and creates streams); resolves once publishing works. */
  start(): Promise<void>;
  /** Closes the connection. */
  stop(): Promise<void>;
  /** Publishes and resolves once the broker has stored it; `messageId` dedupes repeats. */
  publish(subject: string, message: EventMessage, messageId: string): Promise<void>;
  /** Delivers every message on `subject` to `handler`, one at a time, until stopped; `durable` names the subscription. */
  subscribe(durable: string, subject: string, handler: DeliveryHandler): Promise<Subscription>;
  /** The broker's contribution to readiness. */
  readinessCheck(): DependencyCheck;
}

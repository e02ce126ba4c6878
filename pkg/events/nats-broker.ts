import type * as JetStream from "@nats-io/jetstream";
import type { ConsumerMessages, JetStreamClient, JsMsg } from "@nats-io/jetstream";
import type * as Transport from "@nats-io/transport-node";
import type { NatsConnection } from "@nats-io/transport-node";
import type { DependencyCheck } from "../health/index.js";
import type { Broker, DeliveryHandler, Subscription } from "./broker.js";
import type { EventMessage, MessageHeaders } from "./message.js";
import { Header } from "./message.js";

/** Options of {@link NatsBroker}; defaults in {@link NATS_BROKER_DEFAULTS}. */
export interface NatsBrokerOptions {
  /** nats://host:port */
  url: string;
  /** The stream's name and the first token of its subjects (`<prefix>.>`): one per service (and per test suite). */
  prefix: string;
  /** How long a publish waits for the broker's ack, in ms. */
  publishTimeout?: number;
  /** How long a delivered message may stay unacked before JetStream redelivers it, in ms. */
  ackWait?: number;
  /** How long JetStream remembers message ids to drop repeats, in ms. */
  duplicateWindow?: number;
}

/** The defaults of {@link NatsBrokerOptions}. */
export const NATS_BROKER_DEFAULTS = { publishTimeout: 2_000, ackWait: 30_000, duplicateWindow: 120_000 } as const;

/** The NATS client's modules, imported at start. */
interface NatsModules {
  readonly jetstream: typeof JetStream;
  readonly transport: typeof Transport;
}

/**
 * The broker on NATS JetStream: one stream (`<prefix>`, subjects `<prefix>.>`,
 * file storage) created or updated at start, a durable pull consumer per
 * subscription, publishes acked by JetStream and deduplicated by message id.
 * The connection reconnects forever; while it is down the broker is reported
 * degraded, never unready: the outbox holds the events until it returns. The
 * NATS client is imported at start, so a service without NATS never loads it.
 */
export class NatsBroker implements Broker {
  readonly kind = "nats";
  private nats: NatsModules | undefined;
  private nc: NatsConnection | undefined;
  private js: JetStreamClient | undefined;
  private connected = false;
  private readonly stream: string;
  private readonly subscriptions = new Set<Subscription>();
  private readonly options: Required<NatsBrokerOptions>;

  constructor(options: NatsBrokerOptions) {
    this.options = { ...NATS_BROKER_DEFAULTS, ...options };
    this.stream = options.prefix.replace(/[^A-Za-z0-9_-]/g, "_");
  }

  async start(): Promise<void> {
    const [jetstream, transport] = await Promise.all([import("@nats-io/jetstream"), import("@nats-io/transport-node")]);
    this.nats = { jetstream, transport };
    const url = new URL(this.options.url);
    const nc = await transport.connect({
      servers: `${url.hostname}:${url.port || "4222"}`,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 250,
      name: this.stream,
    });
    this.nc = nc;
    this.connected = true;
    void (async () => {
      for await (const status of nc.status()) {
        if (status.type === "disconnect") this.connected = false;
        if (status.type === "reconnect") this.connected = true;
      }
    })();
    const jsm = await jetstream.jetstreamManager(nc);
    const config = {
      name: this.stream,
      subjects: [`${this.stream}.>`],
      duplicate_window: transport.nanos(this.options.duplicateWindow),
    };
    try {
      await jsm.streams.info(this.stream);
      await jsm.streams.update(this.stream, config);
    } catch {
      await jsm.streams.add(config);
    }
    this.js = jetstream.jetstream(nc);
  }

  async stop(): Promise<void> {
    await Promise.all([...this.subscriptions].map((sub) => sub.stop()));
    const nc = this.nc;
    this.nc = undefined;
    this.connected = false;
    await nc?.close();
  }

  async publish(subject: string, message: EventMessage, messageId: string): Promise<void> {
    if (!this.js || !this.nats) throw new Error("the broker has not been started");
    const h = this.nats.transport.headers();
    for (const [name, values] of Object.entries(message.headers)) for (const value of values) h.append(name, value);
    h.set(Header.EVENT_ID, message.id);
    h.set(Header.EVENT_TYPE, message.type);
    await this.js.publish(`${this.stream}.${subject}`, message.payload, {
      msgID: messageId,
      headers: h,
      timeout: this.options.publishTimeout,
    });
  }

  async subscribe(durable: string, subject: string, handler: DeliveryHandler): Promise<Subscription> {
    if (!this.nc || !this.js || !this.nats) throw new Error("the broker has not been started");
    const { jetstream, transport } = this.nats;
    const { AckPolicy, DeliverPolicy } = jetstream;
    const name = durable.replace(/[^A-Za-z0-9_-]/g, "_");
    const jsm = await jetstream.jetstreamManager(this.nc);
    await jsm.consumers.add(this.stream, {
      durable_name: name,
      filter_subject: `${this.stream}.${subject}`,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      ack_wait: transport.nanos(this.options.ackWait),
    });
    const consumer = await this.js.consumers.get(this.stream, name);
    const messages: ConsumerMessages = await consumer.consume({ max_messages: 64 });
    const loop = (async () => {
      for await (const msg of messages) await deliver(msg, handler);
    })();
    const sub: Subscription = {
      stop: async () => {
        this.subscriptions.delete(sub);
        await messages.close();
        await loop.catch(() => undefined);
      },
    };
    this.subscriptions.add(sub);
    return sub;
  }

  readinessCheck(): DependencyCheck {
    return {
      name: "broker",
      // The outbox absorbs an outage: writes commit, the relay publishes once NATS is back.
      critical: false,
      check: async () => {
        if (!this.nc || !this.connected) throw new Error("not connected to NATS");
        await this.nc.flush();
      },
    };
  }
}

async function deliver(msg: JsMsg, handler: DeliveryHandler): Promise<void> {
  const record: Record<string, string[]> = {};
  for (const name of msg.headers?.keys() ?? []) record[name] = msg.headers?.values(name) ?? [];
  const message: EventMessage = {
    id: record[Header.EVENT_ID]?.[0] ?? "",
    type: record[Header.EVENT_TYPE]?.[0] ?? "",
    payload: msg.data,
    headers: record satisfies MessageHeaders,
  };
  try {
    await handler({
      message,
      ack: async () => {
        msg.ack();
        return Promise.resolve();
      },
      nak: (delayMs) => {
        msg.nak(delayMs);
        return Promise.resolve();
      },
    });
  } catch {
    msg.nak(1_000);
  }
}

import type { Generated } from "kysely";

/** `strata_outbox`: events written in the transaction of the change they describe, until the relay has published them. */
export interface OutboxTable {
  /** The event id; also the broker's message id, so a republished event is deduplicated. */
  id: string;
  /** Publication order. */
  seq: Generated<string>;
  /** The event type, the full protobuf message name, e.g. `library.v1.BookCreated`. */
  type: string;
  /** The encoded event. */
  payload: Uint8Array;
  create_time: Generated<Date>;
  /** When the broker acknowledged it; null until then. */
  sent_time: Date | null;
}

/** `strata_inbox`: the events each consumer has processed, so a redelivery is processed once. */
export interface InboxTable {
  consumer: string;
  event_id: string;
  process_time: Generated<Date>;
}

/** The kit's event tables; a service's table interface extends it. */
export interface EventTables {
  strata_outbox: OutboxTable;
  strata_inbox: InboxTable;
}

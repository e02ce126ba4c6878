/** Headers of a message: each name may carry several values (the error history does). */
export type MessageHeaders = Readonly<Record<string, readonly string[]>>;

/** An event as it travels: its id (the outbox row's), type (protobuf message name), encoded payload and headers. */
export interface EventMessage {
  /** The event id: consumers dedupe on it. */
  readonly id: string;
  /** The full protobuf message name, e.g. `library.v1.BookCreated`. */
  readonly type: string;
  /** The encoded protobuf message. */
  readonly payload: Uint8Array;
  /** Delivery headers: attempt count, error history, when to retry. */
  readonly headers: MessageHeaders;
}

/** The header names the kit writes. */
export const Header = {
  /** The event id (the broker's message id may differ on retries). */
  EVENT_ID: "Strata-Event-Id",
  /** The event type. */
  EVENT_TYPE: "Strata-Event-Type",
  /** How many attempts to handle it have failed so far. */
  ATTEMPTS: "Strata-Attempts",
  /** One value per failed attempt (`attempt N: message`) or outage held through (`infrastructure, not counted (Nx): message`), oldest first. */
  ERROR: "Strata-Error",
  /** Not to be handled before this time (ms since the epoch): the retry backoff. */
  NOT_BEFORE: "Strata-Not-Before",
  /** The consumer whose attempts failed (on dead letters). */
  CONSUMER: "Strata-Consumer",
} as const;

/** The first value of a header, if any. */
export function headerValue(headers: MessageHeaders, name: string): string | undefined {
  return headers[name]?.[0];
}

/** The number of failed attempts the headers record. */
export function attemptsOf(message: EventMessage): number {
  const value = Number(headerValue(message.headers, Header.ATTEMPTS) ?? "0");
  return Number.isInteger(value) && value > 0 ? value : 0;
}

/** The error history the headers record, oldest first. */
export function errorHistoryOf(message: EventMessage): readonly string[] {
  return message.headers[Header.ERROR] ?? [];
}

/**
 * The id the broker deduplicates on: the event id for the first publish,
 * suffixed per retry (by its error history's length: an outage entry adds one
 * without an attempt) so retries are not dropped.
 */
export function brokerMessageId(message: EventMessage, subject: string): string {
  const failures = errorHistoryOf(message).length;
  return failures === 0 && subject.startsWith("events.") ? message.id : `${message.id}:${subject}:${failures}`;
}

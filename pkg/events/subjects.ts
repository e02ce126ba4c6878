/** Where events of a type are published. */
export function eventSubject(type: string): string {
  return `events.${type}`;
}

/** Where a consumer's retries of a type are published (only that consumer reads them). */
export function retrySubject(consumer: string, type: string): string {
  return `retry.${consumer}.${type}`;
}

/** Where a consumer's messages of a type go after the last failed attempt, with their error history. */
export function deadLetterSubject(consumer: string, type: string): string {
  return `dlq.${consumer}.${type}`;
}

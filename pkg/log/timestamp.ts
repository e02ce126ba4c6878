let lastMs = Number.NaN;
let lastFragment = "";

/**
 * pino's `timestamp` option writing `"time":"<ISO 8601 UTC>"`, like
 * `pino.stdTimeFunctions.isoTime`, but formatting each millisecond once: a
 * busy service writes many lines within the same millisecond.
 */
export function isoTimestamp(): string {
  const now = Date.now();
  if (now !== lastMs) {
    lastMs = now;
    lastFragment = `,"time":"${new Date(now).toISOString()}"`;
  }
  return lastFragment;
}

/** Exponential backoff with jitter; defaults in {@link BACKOFF_DEFAULTS}. */
export interface BackoffOptions {
  /** The delay after the first failure, in ms. */
  initialMs?: number;
  /** The longest delay, in ms. */
  maxMs?: number;
  /** How much each failure multiplies the delay. */
  multiplier?: number;
  /** The fraction the delay varies by at random, either way (0.2 → ±20%), so retries do not move in lockstep. */
  jitter?: number;
}

/** The defaults of {@link BackoffOptions}. */
export const BACKOFF_DEFAULTS = { initialMs: 100, maxMs: 30_000, multiplier: 2, jitter: 0.2 } as const;

/** The delay before retrying after `attempt` failures (1 for the first), in ms. */
export function backoffDelay(
  attempt: number,
  options: BackoffOptions = {},
  random: () => number = Math.random,
): number {
  const { initialMs, maxMs, multiplier, jitter } = { ...BACKOFF_DEFAULTS, ...options };
  const base = Math.min(maxMs, initialMs * multiplier ** Math.max(0, attempt - 1));
  return Math.max(0, Math.round(base * (1 + jitter * (random() * 2 - 1))));
}

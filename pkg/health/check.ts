/**
 * One dependency's contribution to readiness: a database, a cache, a broker.
 * `check` resolves when the dependency answers and rejects when it does not;
 * it must give up when `signal` aborts.
 */
export interface DependencyCheck {
  /** Named in the readiness report, e.g. `database`. */
  readonly name: string;
  /** A failing critical dependency makes the instance not ready; others are only reported. */
  readonly critical: boolean;
  /** Resolves when the dependency answers. */
  check(signal: AbortSignal): Promise<void>;
}

/**
 * How a dependency stands: `ok`; `degraded` when a non-critical one fails (the
 * service absorbs its outage: the broker behind the outbox, the cache); `down`
 * when a critical one fails (the instance cannot serve without it).
 */
export type DependencyStatus = "ok" | "degraded" | "down";

/** The state of one dependency, as `/readyz` reports it. */
export interface DependencyState {
  readonly name: string;
  readonly critical: boolean;
  readonly ok: boolean;
  readonly status: DependencyStatus;
  /** How long the check took, in ms. */
  readonly latencyMs: number;
  /** Why the check failed. */
  readonly error?: string;
}

/** Runs one check within `timeoutMs`, never throwing: a failure or timeout is reported as not ok. */
export async function runCheck(check: DependencyCheck, timeoutMs: number): Promise<DependencyState> {
  const started = performance.now();
  const signal = AbortSignal.timeout(timeoutMs);
  const base = { name: check.name, critical: check.critical };
  try {
    await new Promise<void>((resolve, reject) => {
      const onAbort = () => reject(new Error(`no answer within ${timeoutMs}ms`));
      signal.addEventListener("abort", onAbort, { once: true });
      check
        .check(signal)
        .then(resolve, reject)
        .finally(() => signal.removeEventListener("abort", onAbort));
    });
    return { ...base, ok: true, status: "ok", latencyMs: elapsed(started) };
  } catch (err) {
    return {
      ...base,
      ok: false,
      status: check.critical ? "down" : "degraded",
      latencyMs: elapsed(started),
      error: err instanceof Error ? err.message : String(err),
    };
  }
}

function elapsed(started: number): number {
  return Math.round((performance.now() - started) * 10) / 10;
}

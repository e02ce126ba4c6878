import type { AppState } from "../app/state.js";
import { runCheck, type DependencyCheck, type DependencyState } from "./check.js";

/** What `/readyz` answers: ready only while serving with every critical dependency ok. */
export interface ReadinessReport {
  readonly ready: boolean;
  readonly state: AppState;
  readonly dependencies: readonly DependencyState[];
}

/** Options of {@link Health}; defaults in {@link HEALTH_DEFAULTS}. */
export interface HealthOptions {
  /** Ms each dependency check may take before it counts as failed. */
  checkTimeout?: number;
  /** Ms between the background checks that keep `serving` (gRPC health) current. */
  interval?: number;
}

/** The defaults of {@link HealthOptions}. */
export const HEALTH_DEFAULTS = { checkTimeout: 1_000, interval: 2_000 } as const;

/** Told whether the instance should receive traffic now. */
export type ServingListener = (serving: boolean) => void;

/**
 * The instance's health: the App's state plus pluggable dependency checks.
 * `readiness()` checks every dependency now (for `/readyz`); while the App
 * serves, a background loop re-checks the critical ones every `interval` so
 * `serving` listeners (the gRPC health service) flip to NOT_SERVING when a
 * critical dependency fails and back when it returns. On stop, they flip at
 * once, before any listener closes.
 */
export class Health {
  private readonly checks: DependencyCheck[] = [];
  private readonly listeners = new Set<ServingListener>();
  private appState: AppState = "STARTING";
  private dependenciesOk = true;
  private current = false;
  private timer: NodeJS.Timeout | undefined;
  private readonly checkTimeout: number;
  private readonly interval: number;

  constructor(options: HealthOptions = {}) {
    this.checkTimeout = options.checkTimeout ?? HEALTH_DEFAULTS.checkTimeout;
    this.interval = options.interval ?? HEALTH_DEFAULTS.interval;
  }

  /** Adds a dependency check; resources add theirs when they are created. */
  addCheck(check: DependencyCheck): void {
    this.checks.push(check);
  }

  /** Whether the instance should receive traffic: SERVING and every critical dependency ok at the last check. */
  get serving(): boolean {
    return this.current;
  }

  /** Calls `listener` with `serving` now and on every change; returns a function that unsubscribes. */
  onServingChange(listener: ServingListener): () => void {
    this.listeners.add(listener);
    listener(this.current);
    return () => this.listeners.delete(listener);
  }

  /** Follows the App's state: call it from `app.onStateChange`. */
  setAppState(state: AppState): void {
    this.appState = state;
    if (state === "SERVING") {
      this.dependenciesOk = true;
      this.startLoop();
    } else {
      this.stopLoop();
    }
    this.publish();
  }

  /**
   * Checks every dependency now; once a stop has begun, answers at once
   * without them (not ready whatever they say), so a probe during the drain
   * delay gets its 503 even while dependencies are slow to answer.
   */
  async readiness(): Promise<ReadinessReport> {
    if (this.appState === "NOT_SERVING" || this.appState === "STOPPED") {
      return { ready: false, state: this.appState, dependencies: [] };
    }
    const dependencies = await Promise.all(this.checks.map((check) => runCheck(check, this.checkTimeout)));
    const ok = dependencies.every((dependency) => dependency.ok || !dependency.critical);
    return { ready: this.appState === "SERVING" && ok, state: this.appState, dependencies };
  }

  private startLoop(): void {
    if (this.timer !== undefined || this.checks.length === 0) return;
    const apply = (states: readonly DependencyState[]): void => {
      if (this.timer === undefined) return; // stopped while checking
      this.dependenciesOk = states.every((state) => state.ok);
      // The next round is due before listeners hear of this one: one that throws must not end the loop.
      this.timer = setTimeout(tick, this.interval).unref();
      this.publish();
    };
    const tick = (): void => {
      const critical = this.checks.filter((check) => check.critical);
      // runCheck never rejects (a failed check is a state), so only a listener can throw in apply:
      // that is a bug, thrown from a timer of its own as it would be from any timer callback.
      Promise.all(critical.map((check) => runCheck(check, this.checkTimeout)))
        .then(apply)
        .catch((err: unknown) => setImmediate(() => rethrow(err)));
    };
    this.timer = setTimeout(tick, this.interval).unref();
  }

  private stopLoop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private publish(): void {
    const serving = this.appState === "SERVING" && this.dependenciesOk;
    if (serving === this.current) return;
    this.current = serving;
    for (const listener of this.listeners) listener(serving);
  }
}

function rethrow(err: unknown): never {
  throw err;
}

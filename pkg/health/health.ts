import type { Gauge, Registry } from "prom-client";
import type { AppState } from "../app/state.js";
import { runCheck, type DependencyCheck, type DependencyState } from "./check.js";
import { dependencyUpGauge, recordDependencyStates } from "./metric.js";

/**
 * What `/readyz` answers: ready only while serving with every critical
 * dependency ok; `degraded` names the non-critical ones that failed (the
 * instance still serves, with less: no events published, no cache).
 */
export interface ReadinessReport {
  readonly ready: boolean;
  readonly state: AppState;
  readonly degraded: readonly string[];
  readonly dependencies: readonly DependencyState[];
}

/** Options of {@link Health}; defaults in {@link HEALTH_DEFAULTS}. */
export interface HealthOptions {
  /** Ms each dependency check may take before it counts as failed. */
  checkTimeout?: number;
  /** Ms between the background checks that keep `serving` (gRPC health) and the gauge current. */
  interval?: number;
  /** Where the `dependency_up` gauge goes (the service's registry); the global one by default. */
  registry?: Registry;
  /** The registry's metric name prefix. */
  metricsPrefix?: string;
}

/** The defaults of {@link HealthOptions}. */
export const HEALTH_DEFAULTS = { checkTimeout: 1_000, interval: 2_000 } as const;

/** Told whether the instance should receive traffic now. */
export type ServingListener = (serving: boolean) => void;

/**
 * The instance's health: the App's state plus pluggable dependency checks.
 * `readiness()` checks every dependency now (for `/readyz`); while the App
 * serves, a background loop re-checks them every `interval` so `serving`
 * listeners (the gRPC health service) flip to NOT_SERVING when a critical
 * dependency fails and back when it returns, and the `dependency_up` gauge
 * follows every dependency. On stop, listeners flip at once, before any
 * listener closes.
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
  private readonly gauge: Gauge<"dependency" | "critical">;

  constructor(options: HealthOptions = {}) {
    this.checkTimeout = options.checkTimeout ?? HEALTH_DEFAULTS.checkTimeout;
    this.interval = options.interval ?? HEALTH_DEFAULTS.interval;
    this.gauge = dependencyUpGauge(options.registry, options.metricsPrefix);
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
      return { ready: false, state: this.appState, degraded: [], dependencies: [] };
    }
    const dependencies = await this.checkAll();
    const ok = criticalOk(dependencies);
    const degraded = dependencies.filter((dependency) => dependency.status === "degraded").map((d) => d.name);
    return { ready: this.appState === "SERVING" && ok, state: this.appState, degraded, dependencies };
  }

  private async checkAll(): Promise<DependencyState[]> {
    const states = await Promise.all(this.checks.map((check) => runCheck(check, this.checkTimeout)));
    recordDependencyStates(this.gauge, states);
    return states;
  }

  private startLoop(): void {
    if (this.timer !== undefined || this.checks.length === 0) return;
    const apply = (states: readonly DependencyState[]): void => {
      if (this.timer === undefined) return; // stopped while checking
      this.dependenciesOk = criticalOk(states);
      // The next round is due before listeners hear of this one: one that throws must not end the loop.
      this.timer = setTimeout(tick, this.interval).unref();
      this.publish();
    };
    const tick = (): void => {
      // runCheck never rejects (a failed check is a state), so only a listener can throw in apply:
      // that is a bug, thrown from a timer of its own as it would be from any timer callback.
      this.checkAll()
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

/** Whether every critical dependency answered: the others only degrade the service. */
function criticalOk(states: readonly DependencyState[]): boolean {
  return states.every((state) => state.ok || !state.critical);
}

function rethrow(err: unknown): never {
  throw err;
}

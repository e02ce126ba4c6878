import { setTimeout as sleep } from "node:timers/promises";
import type { Logger } from "../log/logger.js";
import { noopRegistrar, type Component, type Registrar } from "./component.js";
import type { AppState, StateListener } from "./state.js";

/** Called around start and stop; a throwing start hook fails the start. */
export interface AppHooks {
  beforeStart?: () => Promise<void> | void;
  afterStart?: () => Promise<void> | void;
  beforeStop?: () => Promise<void> | void;
  afterStop?: () => Promise<void> | void;
}

/** What the App runs and how. Defaults are in {@link APP_DEFAULTS}. */
export interface AppOptions {
  logger: Logger;
  /** Started first, stopped last, in reverse order: database, cache, broker clients. */
  resources?: readonly Component[];
  /** Started after resources, stopped after servers: outbox relays, consumers. */
  workers?: readonly Component[];
  /** Started last and stopped first, all at once: the HTTP, gRPC and admin servers. */
  servers?: readonly Component[];
  registrar?: Registrar;
  /** Ms to keep serving after turning NOT_SERVING, before the servers stop. */
  drainDelay?: number;
  /** Ms a whole stop may take before it is abandoned as hung. */
  stopTimeout?: number;
  hooks?: AppHooks;
  /** The signals that stop the App. */
  signals?: readonly NodeJS.Signals[];
  /** Ends the process at once on a second signal. */
  exit?: (code: number) => void;
}

/** The defaults of {@link AppOptions}. */
export const APP_DEFAULTS = {
  drainDelay: 0,
  stopTimeout: 10_000,
  signals: ["SIGTERM", "SIGINT"] as readonly NodeJS.Signals[],
} as const;

/** A component failed to start; what had started was stopped again. */
export class StartError extends Error {
  override readonly name = "StartError";
}

/** A stop did not finish within the stop timeout; `pending` names what had not finished. */
export class StopTimeoutError extends Error {
  override readonly name = "StopTimeoutError";
  constructor(
    readonly pending: readonly string[],
    timeoutMs: number,
  ) {
    super(`stop timed out after ${timeoutMs}ms; still stopping: ${pending.join(", ")}`);
  }
}

/**
 * The lifecycle manager. `start` brings up resources, workers and servers in
 * that order, registers the instance and reports SERVING; `stop` reports
 * NOT_SERVING, deregisters, waits the drain delay, stops the servers (which
 * finish in-flight calls), then workers and resources in reverse order.
 * `run` does both around SIGTERM/SIGINT and returns the exit code.
 */
export class App {
  private current: AppState = "STARTING";
  private readonly listeners = new Set<StateListener>();
  private readonly started: Component[] = [];
  private readonly pending = new Set<string>();
  private readonly failedToStop: string[] = [];
  private readonly log: Logger;

  constructor(private readonly options: AppOptions) {
    this.log = options.logger;
  }

  /** The current state. */
  get state(): AppState {
    return this.current;
  }

  /** Calls `listener` on every state change; returns a function that unsubscribes. */
  onStateChange(listener: StateListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Starts everything in order; on a failure stops what had started, in reverse, and throws a StartError. */
  async start(): Promise<void> {
    this.setState("STARTING");
    const { resources = [], workers = [], servers = [], hooks = {}, registrar = noopRegistrar } = this.options;
    let step = "beforeStart hook";
    try {
      await hooks.beforeStart?.();
      for (const component of [...resources, ...workers, ...servers]) {
        step = component.name;
        await component.start();
        this.started.push(component);
        this.log.debug({ component: component.name }, "started");
      }
      step = "registrar";
      await registrar.register();
      this.setState("SERVING");
      step = "afterStart hook";
      await hooks.afterStart?.();
    } catch (err) {
      const cause = err instanceof Error ? err.message : String(err);
      await this.rollback();
      throw new StartError(`${step} failed to start: ${cause}`, { cause: err });
    }
  }

  /**
   * Stops everything gracefully. Throws a StopTimeoutError naming what hung past
   * the stop timeout, or an Error naming the components whose stop failed (the
   * others are still stopped).
   */
  async stop(): Promise<void> {
    const timeoutMs = this.options.stopTimeout ?? APP_DEFAULTS.stopTimeout;
    const timer = new AbortController();
    const timeout = sleep(timeoutMs, undefined, { signal: timer.signal }).then(
      () => {
        throw new StopTimeoutError([...this.pending], timeoutMs);
      },
      () => undefined,
    );
    try {
      await Promise.race([this.stopInOrder(), timeout]);
    } finally {
      timer.abort();
    }
  }

  /**
   * Starts, waits for a stop signal, stops, and returns the exit code: 0 after a
   * clean stop, 1 when the start failed or the stop hung. A second signal exits at once.
   */
  async run(): Promise<number> {
    try {
      await this.start();
    } catch (err) {
      // The message names the component and the cause; `err` is the cause, with its stack.
      this.log.error({ err: (err as Error).cause ?? err }, (err as Error).message);
      return 1;
    }
    const signals = this.options.signals ?? APP_DEFAULTS.signals;
    const received = await new Promise<NodeJS.Signals>((resolve) => {
      const onSignal = (signal: NodeJS.Signals): void => {
        for (const s of signals) process.off(s, onSignal);
        resolve(signal);
      };
      for (const s of signals) process.on(s, onSignal);
    });
    this.log.info({ signal: received }, "stopping");
    const exitNow = (signal: NodeJS.Signals): void => {
      this.log.error({ signal, pending: [...this.pending] }, "second signal: exiting at once");
      (this.options.exit ?? ((code: number) => process.exit(code)))(1);
    };
    for (const s of signals) process.once(s, exitNow);
    try {
      await this.stop();
      this.log.info("stopped");
      return 0;
    } catch (err) {
      this.log.error({ err, pending: (err as StopTimeoutError).pending }, (err as Error).message);
      return 1;
    } finally {
      for (const s of signals) process.off(s, exitNow);
    }
  }

  private async stopInOrder(): Promise<void> {
    const { hooks = {}, registrar = noopRegistrar } = this.options;
    this.setState("NOT_SERVING");
    await this.step("beforeStop hook", async () => hooks.beforeStop?.());
    await this.step("registrar", () => registrar.deregister());
    const drainDelay = this.options.drainDelay ?? APP_DEFAULTS.drainDelay;
    if (drainDelay > 0) await this.step("drain delay", () => sleep(drainDelay));
    const servers = new Set(this.options.servers ?? []);
    await Promise.all(this.started.filter((c) => servers.has(c)).map((c) => this.step(c.name, () => c.stop())));
    for (const component of this.started.filter((c) => !servers.has(c)).reverse()) {
      await this.step(component.name, () => component.stop());
    }
    this.started.length = 0;
    await this.step("afterStop hook", async () => hooks.afterStop?.());
    this.setState("STOPPED");
    if (this.failedToStop.length > 0) throw new Error(`failed to stop cleanly: ${this.failedToStop.join(", ")}`);
  }

  /** Runs one stop step, logging (not throwing) its failure so the rest still stop. */
  private async step(name: string, run: () => Promise<unknown>): Promise<void> {
    this.pending.add(name);
    try {
      await run();
    } catch (err) {
      this.failedToStop.push(name);
      this.log.error({ err, component: name }, `${name} failed to stop cleanly`);
    } finally {
      this.pending.delete(name);
    }
  }

  private async rollback(): Promise<void> {
    for (const component of this.started.reverse()) {
      await this.step(component.name, () => component.stop());
    }
    this.started.length = 0;
    this.setState("STOPPED");
  }

  private setState(state: AppState): void {
    if (state === this.current) return;
    this.current = state;
    for (const listener of this.listeners) listener(state);
  }
}

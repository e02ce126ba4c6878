/** Something with a deadline: told once it has passed. */
export interface Expiring {
  /** Called once the deadline has passed (at most {@link DEADLINE_RESOLUTION_MS} late). */
  expire(): void;
}

/** How late past its deadline a call may be aborted: the sweep's period, in ms. */
export const DEADLINE_RESOLUTION_MS = 10;

/**
 * The deadlines of the calls in flight, checked by one timer for all of them:
 * a timer per call (set on arrival, cleared on reply) costs a busy server
 * more than the rest of its bookkeeping for the call. Deadlines are grouped
 * by the sweep period they fall in; while any call is pending the timer
 * sweeps every {@link DEADLINE_RESOLUTION_MS} and expires the groups whose
 * time has come. It does not keep the process alive.
 */
export class Deadlines {
  readonly #groups = new Map<number, Set<Expiring>>();
  #timer: NodeJS.Timeout | undefined;

  /** Watches `item` until `delete`; `deadline` is in ms since the epoch. */
  add(item: Expiring, deadline: number): void {
    const slot = Math.ceil(deadline / DEADLINE_RESOLUTION_MS);
    let group = this.#groups.get(slot);
    if (group === undefined) {
      group = new Set();
      this.#groups.set(slot, group);
    }
    group.add(item);
    if (this.#timer === undefined) {
      this.#timer = setInterval(() => this.#sweep(), DEADLINE_RESOLUTION_MS);
      this.#timer.unref();
    }
  }

  /** Stops watching `item` (added with `deadline`). */
  delete(item: Expiring, deadline: number): void {
    const slot = Math.ceil(deadline / DEADLINE_RESOLUTION_MS);
    const group = this.#groups.get(slot);
    if (group === undefined) return;
    group.delete(item);
    if (group.size === 0) this.#groups.delete(slot);
  }

  #sweep(): void {
    const now = Date.now() / DEADLINE_RESOLUTION_MS;
    for (const [slot, group] of this.#groups) {
      if (slot > now) continue;
      this.#groups.delete(slot);
      for (const item of group) item.expire();
    }
    if (this.#groups.size === 0) {
      clearInterval(this.#timer);
      this.#timer = undefined;
    }
  }
}

/** The deadlines of every call this process serves. */
export const serverDeadlines = new Deadlines();

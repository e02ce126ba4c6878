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
  // Per sweep period, the items due in it. A deleted item leaves a hole rather
  // than shrinking a Set: calls arrive and leave by the thousand per second,
  // and a Set rehashes as it grows and again as it empties.
  readonly #groups = new Map<number, Group>();
  #timer: NodeJS.Timeout | undefined;

  /** Watches `item` until `delete`; `deadline` is in ms since the epoch. Returns the ticket `delete` takes. */
  add(item: Expiring, deadline: number): number {
    const slot = Math.ceil(deadline / DEADLINE_RESOLUTION_MS);
    let group = this.#groups.get(slot);
    if (group === undefined) {
      group = { items: [], pending: 0 };
      this.#groups.set(slot, group);
    }
    group.pending++;
    if (this.#timer === undefined) {
      this.#timer = setInterval(() => this.#sweep(), DEADLINE_RESOLUTION_MS);
      this.#timer.unref();
    }
    return group.items.push(item) - 1;
  }

  /** Stops watching `item`, added with `deadline` and given `ticket`. */
  delete(item: Expiring, deadline: number, ticket: number): void {
    const slot = Math.ceil(deadline / DEADLINE_RESOLUTION_MS);
    const group = this.#groups.get(slot);
    if (group === undefined || group.items[ticket] !== item) return;
    group.items[ticket] = undefined;
    if (--group.pending === 0) this.#groups.delete(slot);
  }

  #sweep(): void {
    const now = Date.now() / DEADLINE_RESOLUTION_MS;
    for (const [slot, group] of this.#groups) {
      if (slot > now) continue;
      this.#groups.delete(slot);
      for (const item of group.items) item?.expire();
    }
    if (this.#groups.size === 0) {
      clearInterval(this.#timer);
      this.#timer = undefined;
    }
  }
}

/** The items due in one sweep period; deleted ones are holes. */
interface Group {
  readonly items: (Expiring | undefined)[];
  /** The items not deleted. */
  pending: number;
}

/** The deadlines of every call this process serves. */
export const serverDeadlines = new Deadlines();

import { afterEach, describe, expect, it, vi } from "vitest";
import { DEADLINE_RESOLUTION_MS, Deadlines } from "./deadlines.js";

afterEach(() => vi.useRealTimers());

function item() {
  return { expire: vi.fn() };
}

describe("Deadlines", () => {
  it("expires each item once its deadline has passed, in at most one sweep period", () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const deadlines = new Deadlines();
    const soon = item();
    const later = item();
    deadlines.add(soon, Date.now() + 25);
    deadlines.add(later, Date.now() + 500);
    vi.advanceTimersByTime(24);
    expect(soon.expire).not.toHaveBeenCalled();
    vi.advanceTimersByTime(DEADLINE_RESOLUTION_MS + 1);
    expect(soon.expire).toHaveBeenCalledOnce();
    expect(later.expire).not.toHaveBeenCalled();
    vi.advanceTimersByTime(500);
    expect(soon.expire).toHaveBeenCalledOnce();
    expect(later.expire).toHaveBeenCalledOnce();
  });

  it("forgets deleted items, and stops its timer once nothing is pending", () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const deadlines = new Deadlines();
    const answered = item();
    const ticket = deadlines.add(answered, Date.now() + 20);
    deadlines.delete(answered, Date.now() + 20, ticket);
    vi.advanceTimersByTime(100);
    expect(answered.expire).not.toHaveBeenCalled();
    expect(vi.getTimerCount()).toBe(0);
  });

  it("expires the items of a period that were not deleted, whatever the order of deletes", () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const deadlines = new Deadlines();
    const deadline = Date.now() + 20;
    const items = [item(), item(), item(), item()];
    const tickets = items.map((i) => deadlines.add(i, deadline));
    deadlines.delete(items[2]!, deadline, tickets[2]!);
    deadlines.delete(items[0]!, deadline, tickets[0]!);
    deadlines.delete(items[0]!, deadline, tickets[0]!); // a second delete changes nothing
    deadlines.delete(items[3]!, deadline, tickets[1]!); // nor a ticket that is not the item's
    vi.advanceTimersByTime(20 + DEADLINE_RESOLUTION_MS);
    expect(items.map((i) => i.expire.mock.calls.length)).toEqual([0, 1, 0, 1]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("expires at once what is already past its deadline", () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const deadlines = new Deadlines();
    const late = item();
    deadlines.add(late, Date.now() - 5);
    vi.advanceTimersByTime(DEADLINE_RESOLUTION_MS);
    expect(late.expire).toHaveBeenCalledOnce();
  });
});

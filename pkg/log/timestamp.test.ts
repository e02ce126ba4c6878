import { afterEach, describe, expect, it, vi } from "vitest";
import { isoTimestamp } from "./timestamp.js";

afterEach(() => vi.useRealTimers());

describe("isoTimestamp", () => {
  it("writes the current time as pino's isoTime does", () => {
    vi.useFakeTimers({ now: Date.UTC(2026, 10, 21, 12, 30, 45, 678) });
    expect(isoTimestamp()).toBe(',"time":"2026-11-21T12:30:45.678Z"');
  });

  it("follows the clock from one millisecond to the next", () => {
    vi.useFakeTimers({ now: Date.UTC(2026, 0, 1, 0, 0, 0, 1) });
    expect(isoTimestamp()).toBe(',"time":"2026-01-01T00:00:00.001Z"');
    expect(isoTimestamp()).toBe(',"time":"2026-01-01T00:00:00.001Z"');
    vi.advanceTimersByTime(1);
    expect(isoTimestamp()).toBe(',"time":"2026-01-01T00:00:00.002Z"');
  });
});

import { describe, expect, it } from "vitest";
import { backoffDelay } from "./backoff.js";

describe("backoffDelay", () => {
  it("doubles from the initial delay up to the maximum, without jitter at random() = 0.5", () => {
    const delays = [1, 2, 3, 4, 5, 6].map((attempt) =>
      backoffDelay(attempt, { initialMs: 100, maxMs: 1_000 }, () => 0.5),
    );
    expect(delays).toEqual([100, 200, 400, 800, 1_000, 1_000]);
  });

  it("varies by at most the jitter fraction either way", () => {
    expect(backoffDelay(1, { initialMs: 100, jitter: 0.2 }, () => 0)).toBe(80);
    expect(backoffDelay(1, { initialMs: 100, jitter: 0.2 }, () => 1)).toBe(120);
  });
});

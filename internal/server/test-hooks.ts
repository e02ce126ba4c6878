import { setTimeout as sleep } from "node:timers/promises";
import type { Component } from "../../pkg/app/index.js";
import type { Middleware } from "../../pkg/middleware/index.js";

/** The request header (gRPC metadata key) that delays a call when `testing.delayHeader` is on. */
export const TEST_DELAY_HEADER = "x-test-delay-ms";

/**
 * Test-only: delays each call by its `x-test-delay-ms` header, so a test can hold
 * a request in flight across a stop. Off unless `testing.delayHeader` is set.
 */
export function testDelay(): Middleware {
  return (next) => async (req, ctx) => {
    const delay = Number(ctx.requestHeader.get(TEST_DELAY_HEADER) ?? 0);
    if (Number.isFinite(delay) && delay > 0) await sleep(Math.min(delay, 60_000), undefined, { signal: ctx.signal });
    return next(req, ctx);
  };
}

/** Test-only: a component whose stop never finishes, to prove the stop timeout. */
export const hangingComponent: Component = {
  name: "test hang",
  start: () => Promise.resolve(),
  stop: () => new Promise(() => undefined),
};

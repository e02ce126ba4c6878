import { setTimeout as sleep } from "node:timers/promises";
import type { WireOptions } from "../../cmd/server/wire.js";
import type { Component } from "../../pkg/app/index.js";
import type { Middleware } from "../../pkg/middleware/index.js";
import { fixtureApi } from "./fixture/index.js";

/** The request header (gRPC metadata key) that delays a call when the `delay` hook is on. */
export const TEST_DELAY_HEADER = "x-test-delay-ms";

/** The environment variable through which a test hands its hooks (JSON {@link TestHooks}) to the server process. */
export const TEST_HOOKS_ENV = "STRATA_TEST_HOOKS";

/** Behaviour only tests add to the service, each off unless asked for. */
export interface TestHooks {
  /** Delay each call by its `x-test-delay-ms` header, to hold a request in flight across a stop. */
  delay?: boolean;
  /** Add a component whose stop never finishes, to prove the stop timeout. */
  hangOnStop?: boolean;
  /** Serve the kit's fixture service (test/support/fixture) instead of the registered APIs. */
  fixture?: boolean;
}

/** Delays each call by its `x-test-delay-ms` header (at most a minute), or until the call is cancelled. */
export function testDelay(): Middleware {
  return (next) => async (req, ctx) => {
    const delay = Number(ctx.requestHeader.get(TEST_DELAY_HEADER) ?? 0);
    if (Number.isFinite(delay) && delay > 0) await sleep(Math.min(delay, 60_000), undefined, { signal: ctx.signal });
    return next(req, ctx);
  };
}

/** A component whose stop never finishes. */
export const hangingComponent: Component = {
  name: "test hang",
  start: () => Promise.resolve(),
  stop: () => new Promise(() => undefined),
};

/** What `hooks` add to the service's wiring. */
export function wiringOf(hooks: TestHooks): WireOptions {
  return {
    middleware: hooks.delay === true ? [testDelay()] : [],
    components: hooks.hangOnStop === true ? [hangingComponent] : [],
    ...(hooks.fixture === true && { apis: [fixtureApi] }),
  };
}

/** The hooks a test asked for through {@link TEST_HOOKS_ENV}; none when it is unset. */
export function hooksFromEnv(env: NodeJS.ProcessEnv): TestHooks {
  const json = env[TEST_HOOKS_ENV];
  return json === undefined || json === "" ? {} : (JSON.parse(json) as TestHooks);
}

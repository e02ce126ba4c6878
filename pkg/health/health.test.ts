import { Registry } from "prom-client";
import { describe, expect, it, vi } from "vitest";
import { runCheck, type DependencyCheck } from "./check.js";
import { Health } from "./health.js";

/** The `t_dependency_up` gauge's value per dependency. */
async function upGauge(registry: Registry): Promise<Record<string, number>> {
  const metric = await registry.getSingleMetric("t_dependency_up")?.get();
  return Object.fromEntries((metric?.values ?? []).map((v) => [String(v.labels["dependency"]), v.value]));
}

/** A check whose answer a test switches. */
function switchable(name: string, critical: boolean): DependencyCheck & { up: boolean } {
  const check = {
    name,
    critical,
    up: true,
    check: () => (check.up ? Promise.resolve() : Promise.reject(new Error(`${name} is down`))),
  };
  return check;
}

describe("runCheck", () => {
  it("reports ok with latency", async () => {
    const state = await runCheck({ name: "db", critical: true, check: () => Promise.resolve() }, 100);
    expect(state).toMatchObject({ name: "db", critical: true, ok: true });
    expect(state.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it("reports the failure's message", async () => {
    const state = await runCheck(
      { name: "db", critical: true, check: () => Promise.reject(new Error("refused")) },
      100,
    );
    expect(state).toMatchObject({ ok: false, error: "refused" });
  });

  it("gives up at the timeout and aborts the check's signal", async () => {
    let signal: AbortSignal | undefined;
    const state = await runCheck(
      {
        name: "slow",
        critical: false,
        check: (s) => {
          signal = s;
          return new Promise(() => undefined);
        },
      },
      20,
    );
    expect(state).toMatchObject({ ok: false, error: "no answer within 20ms" });
    expect(signal?.aborted).toBe(true);
  });
});

describe("Health", () => {
  it("is ready only while SERVING with every critical dependency ok", async () => {
    const db = switchable("database", true);
    const cache = switchable("cache", false);
    const health = new Health();
    health.addCheck(db);
    health.addCheck(cache);

    expect((await health.readiness()).ready).toBe(false); // STARTING
    health.setAppState("SERVING");
    expect(await health.readiness()).toMatchObject({
      ready: true,
      state: "SERVING",
      dependencies: [
        { name: "database", ok: true },
        { name: "cache", ok: true },
      ],
    });

    cache.up = false;
    expect(await health.readiness()).toMatchObject({
      ready: true, // not critical: reported degraded only
      degraded: ["cache"],
      dependencies: [
        { name: "database", status: "ok" },
        { name: "cache", ok: false, status: "degraded" },
      ],
    });
    db.up = false;
    const down = await health.readiness();
    expect(down.ready).toBe(false);
    expect(down.dependencies[0]).toMatchObject({ ok: false, status: "down", error: "database is down" });

    db.up = true;
    health.setAppState("NOT_SERVING");
    expect((await health.readiness()).ready).toBe(false);
    health.setAppState("STOPPED");
  });

  it("tells serving listeners at once when the App stops serving", () => {
    const health = new Health();
    const seen: boolean[] = [];
    health.onServingChange((serving) => seen.push(serving));
    health.setAppState("SERVING");
    health.setAppState("NOT_SERVING");
    expect(seen).toEqual([false, true, false]);
  });

  it("flips serving when a critical dependency fails and returns, by its background checks", async () => {
    vi.useFakeTimers();
    try {
      const db = switchable("database", true);
      const registry = new Registry();
      const health = new Health({ interval: 100, registry, metricsPrefix: "t_" });
      const cache = switchable("cache", false);
      health.addCheck(db);
      health.addCheck(cache);
      const seen: boolean[] = [];
      health.onServingChange((serving) => seen.push(serving));
      health.setAppState("SERVING");
      cache.up = false;
      await vi.advanceTimersByTimeAsync(150);
      expect(health.serving).toBe(true); // the cache only degrades it
      expect(await upGauge(registry)).toEqual({ database: 1, cache: 0 });
      db.up = false;
      await vi.advanceTimersByTimeAsync(100);
      expect(health.serving).toBe(false);
      expect(await upGauge(registry)).toEqual({ database: 0, cache: 0 });
      db.up = true;
      await vi.advanceTimersByTimeAsync(150);
      expect(health.serving).toBe(true);
      expect(seen).toEqual([false, true, false, true]);
      health.setAppState("NOT_SERVING");
    } finally {
      vi.useRealTimers();
    }
  });
});

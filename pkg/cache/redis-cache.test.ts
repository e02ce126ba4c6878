import { randomBytes } from "node:crypto";
import { Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { newLogger } from "../log/logger.js";
import { CACHE_ERRORS_METRIC } from "./degraded.js";
import { RedisCache } from "./redis-cache.js";

const redisUrl = process.env["REDIS_URL"] ?? "";
const logger = newLogger({ name: "test", version: "0", level: "silent" });

async function errorCount(registry: Registry): Promise<number> {
  const metric = registry.getSingleMetric(CACHE_ERRORS_METRIC);
  return metric ? (await metric.get()).values.reduce((sum, value) => sum + value.value, 0) : 0;
}

describe("RedisCache", () => {
  it.skipIf(redisUrl === "")("fills, serves, and ignores a fill from before an invalidation (REDIS_URL)", async () => {
    const cache = new RedisCache({ url: redisUrl, keyPrefix: `test:${randomBytes(4).toString("hex")}:`, logger });
    await cache.start();
    try {
      const miss = await cache.lookup("k");
      expect(miss.value).toBeUndefined();
      await cache.fill("k", miss.token, "v1", 60_000);
      expect((await cache.lookup("k")).value).toBe("v1");
      const racing = await cache.lookup("other");
      await cache.invalidate("other");
      await cache.fill("other", racing.token, "old", 60_000);
      expect((await cache.lookup("other")).value).toBeUndefined();
      await cache.invalidate("k");
      expect((await cache.lookup("k")).value).toBeUndefined();
    } finally {
      await cache.stop();
    }
  });

  it("degrades to misses, counted, when Redis is unreachable: never throws", async () => {
    const registry = new Registry();
    const cache = new RedisCache({ url: "redis://127.0.0.1:1", keyPrefix: "x:", logger, registry });
    await cache.start();
    try {
      const lookup = await cache.lookup("k");
      expect(lookup.value).toBeUndefined();
      await cache.fill("k", lookup.token, "v", 1_000);
      await cache.invalidate("k");
      expect(await errorCount(registry)).toBeGreaterThanOrEqual(3);
    } finally {
      await cache.stop();
    }
  });
});

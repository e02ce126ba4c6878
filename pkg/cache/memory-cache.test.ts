import { describe, expect, it } from "vitest";
import { MemoryCache } from "./memory-cache.js";

describe("MemoryCache", () => {
  it("serves what was filled until invalidated", async () => {
    const cache = new MemoryCache();
    const miss = await cache.lookup("k");
    expect(miss.value).toBeUndefined();
    await cache.fill("k", miss.token, "v1", 60_000);
    expect((await cache.lookup("k")).value).toBe("v1");
    await cache.invalidate("k");
    expect((await cache.lookup("k")).value).toBeUndefined();
  });

  it("ignores a fill from a lookup made before an invalidation (a read racing a write)", async () => {
    const cache = new MemoryCache();
    const before = await cache.lookup("k"); // a reader misses, then reads the old row...
    await cache.invalidate("k"); // ...while a writer commits and invalidates
    await cache.fill("k", before.token, "old", 60_000);
    expect((await cache.lookup("k")).value).toBeUndefined();
  });

  it("expires entries after their TTL", async () => {
    const cache = new MemoryCache();
    await cache.fill("k", (await cache.lookup("k")).token, "v", 20);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect((await cache.lookup("k")).value).toBeUndefined();
  });
});

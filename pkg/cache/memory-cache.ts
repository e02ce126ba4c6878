import { LRUCache } from "lru-cache";
import type { DependencyCheck } from "../health/index.js";
import type { Cache, CacheLookup } from "./cache.js";

/** Options of {@link MemoryCache}; defaults in {@link MEMORY_CACHE_DEFAULTS}. */
export interface MemoryCacheOptions {
  /** The most entries kept; the least recently used go first. */
  max?: number;
}

/** The defaults of {@link MemoryCacheOptions}. */
export const MEMORY_CACHE_DEFAULTS = { max: 10_000 } as const;

/** The in-process cache (an LRU with per-entry TTL), used when no REDIS_URL is set. */
export class MemoryCache implements Cache {
  readonly kind = "memory";
  private readonly values: LRUCache<string, string>;
  // Generations outlive values (a fill may come late), so they get more room.
  private readonly generations: LRUCache<string, number>;

  constructor(options: MemoryCacheOptions = {}) {
    const max = options.max ?? MEMORY_CACHE_DEFAULTS.max;
    this.values = new LRUCache({ max, ttlAutopurge: false });
    this.generations = new LRUCache({ max: max * 4 });
  }

  lookup(key: string): Promise<CacheLookup> {
    return Promise.resolve({ value: this.values.get(key), token: String(this.generations.get(key) ?? 0) });
  }

  fill(key: string, token: string, value: string, ttlMs: number): Promise<void> {
    if (String(this.generations.get(key) ?? 0) === token) this.values.set(key, value, { ttl: ttlMs });
    return Promise.resolve();
  }

  invalidate(key: string): Promise<void> {
    this.generations.set(key, (this.generations.get(key) ?? 0) + 1);
    this.values.delete(key);
    return Promise.resolve();
  }

  start(): Promise<void> {
    return Promise.resolve();
  }

  stop(): Promise<void> {
    this.values.clear();
    return Promise.resolve();
  }

  readinessCheck(): DependencyCheck {
    return { name: "cache", critical: false, check: () => Promise.resolve() };
  }
}

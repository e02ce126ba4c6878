import type { DependencyCheck } from "../health/index.js";

/** What a cache lookup found: the value (if any) and the token a later `fill` must present. */
export interface CacheLookup {
  readonly value: string | undefined;
  /** The key's generation when it was read; an invalidation since makes `fill` a no-op. */
  readonly token: string;
}

/**
 * A cache for cache-aside reads. The read path is `lookup` → on a miss, read
 * the source → `fill` with the lookup's token; the write path is `invalidate`
 * after the write committed. `fill` stores nothing if the key was invalidated
 * after its lookup, so a read racing a write never puts the old value back.
 * Implementations never throw: a cache that fails is a miss.
 */
export interface Cache {
  /** `redis` or `memory`. */
  readonly kind: string;
  /** The cached value of `key`, if any, and its generation token. */
  lookup(key: string): Promise<CacheLookup>;
  /** Stores `value` for `ttlMs` unless `key` was invalidated after the lookup that gave `token`. */
  fill(key: string, token: string, value: string, ttlMs: number): Promise<void>;
  /** Drops `key` and makes fills from earlier lookups no-ops. */
  invalidate(key: string): Promise<void>;
  /** Connects (Redis); never fails the start: an unreachable cache only degrades reads. */
  start(): Promise<void>;
  /** Disconnects. */
  stop(): Promise<void>;
  /** The cache's contribution to readiness: never critical. */
  readinessCheck(): DependencyCheck;
}

import type { Redis } from "ioredis";
import type { Counter, Registry } from "prom-client";
import type { DependencyCheck } from "../health/index.js";
import type { Logger } from "../log/logger.js";
import type { Cache, CacheLookup } from "./cache.js";
import { cacheErrorCounter } from "./degraded.js";

/** Options of {@link RedisCache}; defaults in {@link REDIS_CACHE_DEFAULTS}. */
export interface RedisCacheOptions {
  /** redis://host:port/db */
  url: string;
  /** Prepended to every key: one namespace per service (and per test suite). */
  keyPrefix: string;
  logger: Logger;
  /** Ms a command may take before it counts as failed (the read then goes to the database). */
  commandTimeout?: number;
  /** Where the error counter is registered (the service's `/metrics`); prom-client's default registry if unset. */
  registry?: Registry;
  /** Prepended to the error counter's name, as to the service's other metrics. */
  metricsPrefix?: string;
}

/** The defaults of {@link RedisCacheOptions}. */
export const REDIS_CACHE_DEFAULTS = { commandTimeout: 250 } as const;

// Sets the value only if the key's generation is still the one the lookup saw.
const FILL_SCRIPT = `if (redis.call('get', KEYS[2]) or '0') == ARGV[1] then
  redis.call('set', KEYS[1], ARGV[2], 'PX', ARGV[3])
end
return 0`;

/**
 * The cache on Redis (ioredis). It degrades, never fails: while Redis is down
 * or slow, every operation gives up at once (no offline queue) or after
 * `commandTimeout`, counts `cache_errors_total`, logs a warning (at most one
 * per second), and acts as a miss; ioredis reconnects in the background.
 * ioredis is imported at start, so a service without Redis never loads it.
 */
export class RedisCache implements Cache {
  readonly kind = "redis";
  private client: Redis | undefined;
  private readonly errors: Counter<"cache" | "op">;
  private lastWarning = 0;

  constructor(private readonly options: RedisCacheOptions) {
    this.errors = cacheErrorCounter(options.registry, options.metricsPrefix);
  }

  /** The connection; an operation before start fails like one while Redis is down (a miss). */
  private get redis(): Redis {
    if (!this.client) throw new Error("the Redis cache has not been started");
    return this.client;
  }

  async lookup(key: string): Promise<CacheLookup> {
    try {
      const [value, generation] = await this.redis.mget(key, generationKey(key));
      return { value: value ?? undefined, token: generation ?? "0" };
    } catch (err) {
      this.degraded("lookup", err);
      // No token a fill could match: while Redis fails, nothing is cached.
      return { value: undefined, token: "unavailable" };
    }
  }

  async fill(key: string, token: string, value: string, ttlMs: number): Promise<void> {
    if (token === "unavailable") return;
    try {
      await this.redis.eval(FILL_SCRIPT, 2, key, generationKey(key), token, value, String(ttlMs));
    } catch (err) {
      this.degraded("fill", err);
    }
  }

  async invalidate(key: string): Promise<void> {
    try {
      await this.redis.multi().incr(generationKey(key)).pexpire(generationKey(key), 86_400_000).del(key).exec();
    } catch (err) {
      this.degraded("invalidate", err);
    }
  }

  async start(): Promise<void> {
    const { Redis } = await import("ioredis");
    const { options } = this;
    this.client = new Redis(options.url, {
      keyPrefix: options.keyPrefix,
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: options.commandTimeout ?? REDIS_CACHE_DEFAULTS.commandTimeout,
      retryStrategy: (times) => Math.min(times * 100, 1_000),
    });
    // Connection errors are reported by the operations that fail; without a listener ioredis would log each.
    this.client.on("error", () => undefined);
    try {
      await this.client.connect();
    } catch (err) {
      this.degraded("connect", err);
    }
  }

  stop(): Promise<void> {
    this.client?.disconnect();
    this.client = undefined;
    return Promise.resolve();
  }

  readinessCheck(): DependencyCheck {
    return {
      name: "cache",
      critical: false,
      check: async () => {
        await this.redis.ping();
      },
    };
  }

  private degraded(op: string, err: unknown): void {
    this.errors.inc({ cache: "redis", op });
    const now = Date.now();
    if (now - this.lastWarning < 1_000) return;
    this.lastWarning = now;
    this.options.logger.warn({ err, op }, "cache unavailable: reading from the database");
  }
}

function generationKey(key: string): string {
  return `${key}#gen`;
}

import type { Kysely } from "kysely";
import type { Registry } from "prom-client";
import type { Component } from "../../pkg/app/index.js";
import { MemoryCache, RedisCache, type Cache } from "../../pkg/cache/index.js";
import { UnitOfWork } from "../../pkg/data/index.js";
import {
  EventConsumers,
  MemoryBroker,
  NatsBroker,
  OutboxRelay,
  type Broker,
  type EventTables,
} from "../../pkg/events/index.js";
import type { DependencyCheck } from "../../pkg/health/index.js";
import type { Logger } from "../../pkg/log/logger.js";
import type { Config } from "../conf/conf.js";
import { BackendCanceller } from "./backend-canceller.js";
import type { Database } from "./database.js";
import type { Tables } from "./schema.js";

/**
 * Everything the data layer runs besides the database: the unit of work over
 * it, the cache (Redis or LRU), the broker (JetStream or in-process), the
 * outbox relay and the event consumers, as App components and readiness checks.
 */
export interface DataRuntime {
  readonly database: Database;
  readonly uow: UnitOfWork<Tables>;
  /** The same transactions typed for the kit's event tables (outbox, inbox). */
  readonly eventsUow: UnitOfWork<EventTables>;
  readonly cache: Cache;
  readonly broker: Broker;
  readonly relay: OutboxRelay;
  readonly consumers: EventConsumers;
  /** Resources for the App, in start order: database, canceller, cache, broker. */
  readonly resources: readonly Component[];
  /** Workers for the App, in start order: consumers, then the relay. */
  readonly workers: readonly Component[];
  /** Readiness: database (critical), broker and cache (never critical: their outage only degrades the service). */
  readonly checks: readonly DependencyCheck[];
}

/** Where the data runtime's metrics go: the service's registry and name prefix. */
export interface DataMetrics {
  readonly registry: Registry;
  readonly prefix: string;
}

/** Builds the data runtime around `database` from the `data` config. */
export function newDataRuntime(
  database: Database,
  config: Config["data"],
  logger: Logger,
  metrics?: DataMetrics,
): DataRuntime {
  const canceller = new BackendCanceller(config.database.url);
  const cancelBackend = canceller.enabled ? (pid: number) => canceller.cancel(pid) : undefined;
  const onHookError = (err: unknown) => logger.error({ err }, "commit hook failed");
  const uow = new UnitOfWork<Tables>({ db: () => database.db, cancelBackend, onHookError });
  const eventsUow = new UnitOfWork<EventTables>({
    db: () => database.db as unknown as Kysely<EventTables>,
    cancelBackend,
    onHookError,
  });
  const cache: Cache =
    config.cache.redisUrl === ""
      ? new MemoryCache()
      : new RedisCache({
          url: config.cache.redisUrl,
          keyPrefix: config.cache.keyPrefix,
          logger,
          ...(metrics && { registry: metrics.registry, metricsPrefix: metrics.prefix }),
        });
  const broker: Broker =
    config.events.natsUrl === ""
      ? new MemoryBroker()
      : new NatsBroker({ url: config.events.natsUrl, prefix: config.events.stream });
  const relay = new OutboxRelay({
    db: () => database.db as unknown as Kysely<EventTables>,
    broker,
    logger,
    pollInterval: config.events.relayInterval,
  });
  const consumers = new EventConsumers({
    broker,
    uow: eventsUow,
    logger,
    maxAttempts: config.events.maxAttempts,
    backoff: { initialMs: config.events.retryBackoff },
  });
  const named = (name: string, component: Cache | Broker): Component => ({
    name,
    start: () => component.start(),
    stop: () => component.stop(),
  });
  return {
    database,
    uow,
    eventsUow,
    cache,
    broker,
    relay,
    consumers,
    resources: [database, canceller, named("cache", cache), named("broker", broker)],
    workers: [consumers, relay],
    checks: [database.readinessCheck(), broker.readinessCheck(), cache.readinessCheck()],
  };
}

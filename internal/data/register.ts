import type { DependencyContainer } from "tsyringe";
import { UnitOfWorkToken } from "../biz/unit-of-work.js";
import { Outbox } from "../../pkg/events/index.js";
import type { Config } from "../conf/conf.js";
import type { DataRuntime } from "./data.js";
import { DatabaseToken } from "./database.js";
import { CacheToken, DataOptionsToken, SqlUnitOfWorkToken } from "./tokens.js";

/**
 * Registers the data layer's shared providers: the database and its unit of
 * work (behind biz's UnitOfWork), the cache and the outbox. Each API registers
 * its own repositories (internal/apis).
 */
export function register(container: DependencyContainer, data: DataRuntime, config: Config["data"]): void {
  container.registerInstance(DatabaseToken, data.database);
  container.registerInstance(SqlUnitOfWorkToken, data.uow);
  container.registerInstance(UnitOfWorkToken, data.uow);
  container.registerInstance(CacheToken, data.cache);
  container.registerInstance(DataOptionsToken, { cacheTtl: config.cache.ttl });
  container.registerInstance(Outbox, new Outbox(data.eventsUow, () => data.relay.wake()));
}

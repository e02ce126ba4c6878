import type { DependencyContainer } from "tsyringe";
import { TodoRepoToken, TodoStatsRepoToken } from "../biz/todo.js";
import { TodoEventsToken } from "../biz/todo-events.js";
import { UnitOfWorkToken } from "../biz/unit-of-work.js";
import { Outbox } from "../../pkg/events/index.js";
import type { Config } from "../conf/conf.js";
import type { DataRuntime } from "./data.js";
import { DatabaseToken } from "./database.js";
import { SqlTodoRepo } from "./todo-repo.js";
import { SqlTodoStatsRepo } from "./todo-stats.js";
import { OutboxTodoEvents } from "./todo-events.js";
import { TodoCache } from "./todo-cache.js";
import { CacheToken, DataOptionsToken, SqlUnitOfWorkToken } from "./tokens.js";

/**
 * Registers the data layer's providers: the database and its unit of work
 * (behind biz's UnitOfWork), the cache, the outbox (behind biz's TodoEvents),
 * the repositories behind biz's interfaces, and the todo_stats projection's
 * subscriptions on the event consumers.
 */
export function register(container: DependencyContainer, data: DataRuntime, config: Config["data"]): void {
  container.registerInstance(DatabaseToken, data.database);
  container.registerInstance(SqlUnitOfWorkToken, data.uow);
  container.registerInstance(UnitOfWorkToken, data.uow);
  container.registerInstance(CacheToken, data.cache);
  container.registerInstance(DataOptionsToken, { cacheTtl: config.cache.ttl });
  container.registerInstance(Outbox, new Outbox(data.eventsUow, () => data.relay.wake()));
  container.registerSingleton(TodoCache);
  container.registerSingleton(TodoEventsToken, OutboxTodoEvents);
  container.registerSingleton(TodoRepoToken, SqlTodoRepo);
  container.registerSingleton(TodoStatsRepoToken, SqlTodoStatsRepo);
  container.resolve<SqlTodoStatsRepo>(TodoStatsRepoToken).subscribe(data.consumers);
}

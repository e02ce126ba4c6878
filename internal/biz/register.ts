import type { DependencyContainer } from "tsyringe";
import { TodoUsecase } from "./todo-usecase.js";

/**
 * Registers the biz layer's providers (the use cases). The ports they use
 * (TodoRepo, TodoStatsRepo, TodoEvents, UnitOfWork) are registered by the data layer.
 */
export function register(container: DependencyContainer): void {
  container.registerSingleton(TodoUsecase);
}

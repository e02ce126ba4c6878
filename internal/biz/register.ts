import type { DependencyContainer } from "tsyringe";
import { TodoUsecase } from "./todo-usecase.js";

/** Registers the biz layer's providers (the use cases). */
export function register(container: DependencyContainer): void {
  container.registerSingleton(TodoUsecase);
}

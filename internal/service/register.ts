import type { DependencyContainer } from "tsyringe";
import { TodoService } from "./todo-service.js";

/** Registers the service layer's providers (the API implementations). */
export function register(container: DependencyContainer): void {
  container.registerSingleton(TodoService);
}

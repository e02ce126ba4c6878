import type { DependencyContainer } from "tsyringe";
import { TodoRepoToken } from "../biz/todo.js";
import { DatabaseToken, type Database } from "./database.js";
import { SqlTodoRepo } from "./todo-repo.js";

/**
 * Registers the data layer's providers: the opened database (a resource the
 * App closes) and the repositories behind biz's interfaces.
 */
export function register(container: DependencyContainer, database: Database): void {
  container.registerInstance(DatabaseToken, database);
  container.registerSingleton(TodoRepoToken, SqlTodoRepo);
}

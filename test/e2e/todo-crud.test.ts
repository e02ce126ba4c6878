// REST and gRPC CRUD against the deployed service (docker-compose or any URL).
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { checkingFetch, readOpenApi, ResponseChecker } from "../support/openapi.js";
import { grpcTodoApi, restTodoApi, type Result, type TodoApi } from "../support/todo-api.js";
import { targetOrSkip } from "./target.js";

const target = targetOrSkip("crud");

function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected success, got ${JSON.stringify(result.error)}`);
  return result.value;
}

function error<T>(result: Result<T>) {
  if (result.ok) throw new Error(`expected an error, got ${JSON.stringify(result.value)}`);
  return result.error;
}

describe.skipIf(target === undefined)("CRUD on the deployed service", () => {
  // Every REST reply of the deployed service is checked against the API document.
  const checked = checkingFetch(new ResponseChecker(readOpenApi("api/openapi.json")));
  const apis: TodoApi[] = target ? [restTodoApi(target.httpUrl, {}, checked), grpcTodoApi(target.grpcAddr)] : [];
  afterAll(() => apis.forEach((api) => api.close()));

  describe.each(apis.map((api) => [api.name, api] as const))("over %s", (_name, api) => {
    it("creates, reads, lists, updates and deletes a todo", async () => {
      const title = `e2e ${api.name} ${randomUUID()}`;
      const created = value(await api.create({ title }));
      expect(created).toMatchObject({ id: expect.any(String), title });
      const id = created.id as string;

      expect(value(await api.get(id))).toEqual(created);

      // Newest first or not, the todo is somewhere in the pages.
      const seen: string[] = [];
      let token: string | undefined;
      do {
        const page = value(await api.list(100, token));
        seen.push(...page.todos.map((todo) => todo.id as string));
        token = page.nextPageToken || undefined;
      } while (token !== undefined && !seen.includes(id));
      expect(seen).toContain(id);

      const updated = value(await api.update({ id, done: true }, ["done"]));
      expect(updated).toMatchObject({ id, title, done: true });
      expect(value(await api.get(id))).toMatchObject({ done: true });

      value(await api.delete(id));
      expect(error(await api.get(id))).toMatchObject({ code: 404, reason: "TODO_NOT_FOUND", metadata: { id } });
    });

    it("answers bad input with 400 naming the field", async () => {
      expect(error(await api.create({ title: "" }))).toMatchObject({
        code: 400,
        reason: "VALIDATION_FAILED",
        metadata: { field: "todo.title" },
      });
    });

    it("makes a create with a requestId idempotent", async () => {
      const requestId = randomUUID();
      const first = value(await api.create({ title: `idempotent ${requestId}` }, requestId));
      const second = value(await api.create({ title: `idempotent ${requestId}` }, requestId));
      expect(second.id).toBe(first.id);
    });
  });

  it("serves the same todo on both transports", async () => {
    const [rest, grpc] = apis as [TodoApi, TodoApi];
    const created = value(await rest.create({ title: `cross ${randomUUID()}` }));
    expect(value(await grpc.get(created.id as string))).toEqual(created);
  });
});

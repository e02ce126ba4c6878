import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkingFetch, readOpenApi, ResponseChecker } from "./support/openapi.js";
import { startService, type RunningService } from "./support/service.js";
import { grpcTodoApi, restTodoApi, type Result, type TodoApi, type TodoJson } from "./support/todo-api.js";

const database = process.env["DATABASE_URL"] ? "PostgreSQL" : "PGlite";
// The suite runs with the in-process LRU and, when REDIS_URL is set, with Redis.
const redisUrl = process.env["REDIS_URL"] ?? "";
const cacheModes: [string, Record<string, string>][] = [["LRU", { REDIS_URL: "" }]];
if (redisUrl !== "") cacheModes.push(["Redis", { REDIS_URL: redisUrl }]);
else console.log("test/todo.test.ts: REDIS_URL is not set, so the suite runs with the in-process LRU only");
// Every REST reply is checked against the API document as it arrives.
const checker = new ResponseChecker(readOpenApi("api/openapi.json"));
const transports = [
  ["rest", (s: RunningService) => restTodoApi(s.httpUrl, {}, checkingFetch(checker))],
  ["grpc", (s: RunningService) => grpcTodoApi(s.grpcAddress)],
] as const;

function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected success, got ${JSON.stringify(result.error)}`);
  return result.value;
}

/**
 * A service of the suite's own, started before its tests and stopped after,
 * and the TodoApi `connect` gives for it (a proxy: the service starts in beforeAll).
 */
function serviceApi(env: Record<string, string>, connect: (service: RunningService) => TodoApi): TodoApi {
  let service: RunningService;
  let api: TodoApi;
  beforeAll(async () => {
    service = await startService(env);
    api = connect(service);
  });
  afterAll(async () => {
    api.close();
    await service.stop();
  });
  return new Proxy({} as TodoApi, { get: (_target, key: keyof TodoApi) => api[key] });
}

function error<T>(result: Result<T>) {
  if (result.ok) throw new Error(`expected an error, got ${JSON.stringify(result.value)}`);
  return result.error;
}

describe.each(cacheModes)(`cache: %s (${database})`, (_cache, cacheEnv) => {
  describe.each(transports)(`TodoService over %s (${database})`, (_name, connect) => {
    const api = serviceApi(cacheEnv, connect);

    it("creates, reads, updates and deletes a todo", async () => {
      const created = value(await api.create({ title: "buy milk" }));
      expect(created).toMatchObject({ title: "buy milk" });
      expect(created["id"]).toEqual(expect.any(String));
      expect(created["createTime"]).toEqual(expect.stringMatching(/^\d{4}-\d\d-\d\dT/));
      const id = created["id"] as string;

      expect(value(await api.get(id))).toEqual(created);

      const updated = value(await api.update({ id, title: "buy oat milk", done: true }));
      expect(updated).toMatchObject({ id, title: "buy oat milk", done: true, createTime: created["createTime"] });

      expect(value(await api.delete(id))).toBeNull();
      expect(error(await api.get(id))).toMatchObject({ code: 404, reason: "TODO_NOT_FOUND" });
    });

    it("answers an unknown id with 404 TODO_NOT_FOUND", async () => {
      for (const result of [
        await api.get("nope"),
        await api.update({ id: "nope", title: "x" }),
        await api.delete("nope"),
      ]) {
        expect(error(result)).toMatchObject({ code: 404, reason: "TODO_NOT_FOUND", metadata: { id: "nope" } });
      }
    });

    it("rejects an empty or too long title with 400 VALIDATION_FAILED naming title", async () => {
      for (const title of ["", "x".repeat(201)]) {
        const failure = error(await api.create({ title }));
        expect(failure).toMatchObject({ code: 400, reason: "VALIDATION_FAILED", metadata: { field: "todo.title" } });
        expect(failure.message).toContain("title");
      }
    });

    it("rejects a page size over 100 naming page_size", async () => {
      const failure = error(await api.list(101));
      expect(failure).toMatchObject({ code: 400, reason: "VALIDATION_FAILED", metadata: { field: "page_size" } });
    });

    it("rejects a page token it did not issue", async () => {
      expect(error(await api.list(10, "garbage"))).toMatchObject({ code: 400, reason: "TODO_INVALID_PAGE_TOKEN" });
    });

    it("creates once per request id", async () => {
      const first = value(await api.create({ title: "idempotent" }, `req-${Math.random()}`));
      const requestId = `req-${Math.random()}`;
      const a = value(await api.create({ title: "pay rent" }, requestId));
      const b = value(await api.create({ title: "pay rent twice?" }, requestId));
      expect(b).toEqual(a);
      expect(a["id"]).not.toEqual(first["id"]);
    });

    it("updates only the fields in the update mask", async () => {
      const todo = value(await api.create({ title: "mask me" }));
      const id = todo["id"] as string;
      const done = value(await api.update({ id, title: "ignored", done: true }, ["done"]));
      expect(done).toMatchObject({ id, title: "mask me", done: true });
      // Only title is validated when only title is updated, and only when named.
      const renamed = value(await api.update({ id, title: "masked" }, ["title"]));
      expect(renamed).toMatchObject({ id, title: "masked", done: true });
      const emptyTitle = error(await api.update({ id, title: "" }, ["title"]));
      expect(emptyTitle).toMatchObject({ code: 400, reason: "VALIDATION_FAILED" });
      expect(emptyTitle.message).toContain("title");
      const badPath = error(await api.update({ id, title: "x" }, ["create_time"]));
      expect(badPath).toMatchObject({
        code: 400,
        reason: "TODO_INVALID_UPDATE_MASK",
        metadata: { path: "create_time" },
      });
      expect(badPath.message).toContain("create_time");
    });
  });

  describe.each(transports)(`ListTodos over %s (${database})`, (_name, connect) => {
    const api = serviceApi(cacheEnv, connect);

    it("pages through 45 todos 20 at a time, oldest first", async () => {
      const created: string[] = [];
      for (let i = 0; i < 45; i++) created.push(value(await api.create({ title: `todo ${i}` }))["id"] as string);

      const pages: TodoJson[][] = [];
      let token: string | undefined;
      do {
        const page = value(await api.list(20, token));
        pages.push(page.todos);
        token = page.nextPageToken || undefined;
      } while (token !== undefined);

      expect(pages.map((page) => page.length)).toEqual([20, 20, 5]);
      expect(pages.flat().map((todo) => todo["id"])).toEqual(created);
      expect(value(await api.list(0)).todos).toHaveLength(20); // 0 means the default, 20
    });
  });

  describe(`REST and gRPC agree (${database})`, () => {
    let service: RunningService;
    let rest: TodoApi;
    let grpc: TodoApi;

    beforeAll(async () => {
      service = await startService(cacheEnv);
      rest = restTodoApi(service.httpUrl);
      grpc = grpcTodoApi(service.grpcAddress);
    });

    afterAll(async () => {
      rest.close();
      grpc.close();
      await service.stop();
    });

    it("returns the same todo whichever transport wrote or reads it", async () => {
      const viaRest = value(await rest.create({ title: "from rest" }));
      const viaGrpc = value(await grpc.create({ title: "from grpc", done: true }));
      expect(value(await grpc.get(viaRest["id"] as string))).toEqual(viaRest);
      expect(value(await rest.get(viaGrpc["id"] as string))).toEqual(viaGrpc);
      expect(value(await rest.list(100))).toEqual(value(await grpc.list(100)));
    });

    it("returns the same errors", async () => {
      const calls: ((api: TodoApi) => Promise<Result<unknown>>)[] = [
        (api) => api.get("missing"),
        (api) => api.create({ title: "" }),
        (api) => api.list(500),
        (api) => api.list(5, "not-a-token"),
        (api) => api.update({ id: "missing", title: "t" }, ["id"]),
      ];
      for (const call of calls) {
        expect(error(await call(grpc))).toEqual(error(await call(rest)));
      }
    });
  });
});

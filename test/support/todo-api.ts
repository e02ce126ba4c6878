import { toJson, type JsonObject } from "@bufbuild/protobuf";
import { ListTodosResponseSchema, TodoSchema } from "../../api/todo/v1/todo_pb.js";
import { TodoServiceClient } from "../../api/todo/v1/todo_grpc.js";
import { grpcResult, restResult, type Result } from "./api-result.js";
import { GrpcConn } from "../../pkg/transport/grpc/index.js";

/** A todo in its proto3 JSON form, as REST returns it. */
export type TodoJson = JsonObject;

export type { ApiError, Result } from "./api-result.js";

/**
 * TodoService as a test drives it, the same over both transports, so one
 * scenario runs on REST and gRPC and their answers can be compared as they are.
 */
export interface TodoApi {
  readonly name: "rest" | "grpc";
  create(todo: { title: string; done?: boolean }, requestId?: string): Promise<Result<TodoJson>>;
  get(id: string): Promise<Result<TodoJson>>;
  list(pageSize: number, pageToken?: string): Promise<Result<{ todos: TodoJson[]; nextPageToken: string }>>;
  update(todo: { id: string; title?: string; done?: boolean }, paths?: string[]): Promise<Result<TodoJson>>;
  delete(id: string): Promise<Result<null>>;
  close(): void;
}

/** TodoService over REST with fetch; `headers` go with every request (e.g. authorization). */
export function restTodoApi(baseUrl: string, headers: Record<string, string> = {}): TodoApi {
  const call = async <T>(method: string, path: string, body?: unknown): Promise<Result<T>> =>
    restResult<T>(
      await fetch(`${baseUrl}${path}`, {
        method,
        headers: body === undefined ? headers : { ...headers, "content-type": "application/json" },
        body: body === undefined ? null : JSON.stringify(body),
      }),
    );
  const query = (params: Record<string, string | undefined>): string => {
    const defined = Object.entries(params).filter((entry): entry is [string, string] => entry[1] !== undefined);
    return defined.length === 0 ? "" : `?${new URLSearchParams(defined).toString()}`;
  };
  return {
    name: "rest",
    create: (todo, requestId) => call("POST", `/v1/todos${query({ requestId })}`, todo),
    get: (id) => call("GET", `/v1/todos/${encodeURIComponent(id)}`),
    list: async (pageSize, pageToken) => {
      const result = await call<{ todos?: TodoJson[]; nextPageToken?: string }>(
        "GET",
        `/v1/todos${query({ pageSize: String(pageSize), pageToken })}`,
      );
      return result.ok
        ? { ok: true, value: { todos: result.value.todos ?? [], nextPageToken: result.value.nextPageToken ?? "" } }
        : result;
    },
    update: (todo, paths) =>
      call("PATCH", `/v1/todos/${encodeURIComponent(todo.id)}${query({ updateMask: paths?.join(",") })}`, todo),
    delete: async (id) => {
      const result = await call<object>("DELETE", `/v1/todos/${encodeURIComponent(id)}`);
      return result.ok ? { ok: true, value: null } : result;
    },
    close: () => undefined,
  };
}

/** TodoService over gRPC with the generated client; replies converted to proto3 JSON; `headers` is metadata for every call. */
export function grpcTodoApi(address: string, headers: Record<string, string> = {}): TodoApi {
  const conn = new GrpcConn(address, {
    middleware: (next) => (req, ctx) => {
      for (const [name, value] of Object.entries(headers)) ctx.requestHeader.set(name, value);
      return next(req, ctx);
    },
  });
  const client = new TodoServiceClient(conn);
  const attempt = grpcResult;
  const todoJson = (todo: Parameters<typeof toJson<typeof TodoSchema>>[1]) => toJson(TodoSchema, todo) as TodoJson;
  return {
    name: "grpc",
    create: (todo, requestId) =>
      attempt(async () => todoJson(await client.createTodo({ todo, requestId: requestId ?? "" }))),
    get: (id) => attempt(async () => todoJson(await client.getTodo({ id }))),
    list: (pageSize, pageToken) =>
      attempt(async () => {
        const reply = toJson(
          ListTodosResponseSchema,
          await client.listTodos({ pageSize, pageToken: pageToken ?? "" }),
        ) as {
          todos?: TodoJson[];
          nextPageToken?: string;
        };
        return { todos: reply.todos ?? [], nextPageToken: reply.nextPageToken ?? "" };
      }),
    update: (todo, paths) =>
      attempt(async () =>
        todoJson(await client.updateTodo({ todo, updateMask: paths === undefined ? undefined : { paths } })),
      ),
    delete: (id) => attempt(async () => (await client.deleteTodo({ id }), null)),
    close: () => conn.close(),
  };
}

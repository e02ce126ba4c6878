import { toJson, type JsonObject, type MessageInitShape } from "@bufbuild/protobuf";
import { TodoServiceClient } from "../../api/todo/v1/todo_grpc.js";
import { TodoServiceHttpClient } from "../../api/todo/v1/todo_http_client.js";
import {
  ListTodosResponseSchema,
  TodoSchema,
  type CreateTodoRequestSchema,
  type DeleteTodoRequestSchema,
  type GetTodoRequestSchema,
  type ListTodosRequestSchema,
  type ListTodosResponse,
  type Todo,
  type UpdateTodoRequestSchema,
} from "../../api/todo/v1/todo_pb.js";
import { GrpcConn } from "../../pkg/transport/grpc/index.js";
import { HttpConn } from "../../pkg/transport/http/conn.js";
import { grpcResult, type Result } from "./api-result.js";

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

/** The methods of TodoService that TodoApi calls: the generated gRPC and REST clients both have them. */
interface TodoCalls {
  createTodo(request: MessageInitShape<typeof CreateTodoRequestSchema>): Promise<Todo>;
  getTodo(request: MessageInitShape<typeof GetTodoRequestSchema>): Promise<Todo>;
  listTodos(request: MessageInitShape<typeof ListTodosRequestSchema>): Promise<ListTodosResponse>;
  updateTodo(request: MessageInitShape<typeof UpdateTodoRequestSchema>): Promise<Todo>;
  deleteTodo(request: MessageInitShape<typeof DeleteTodoRequestSchema>): Promise<unknown>;
}

/** TodoApi over a generated client; replies converted to proto3 JSON, errors to their code, reason and metadata. */
function todoApiOver(name: TodoApi["name"], client: TodoCalls, close: () => void): TodoApi {
  const attempt = grpcResult;
  const todoJson = (todo: Todo) => toJson(TodoSchema, todo) as TodoJson;
  return {
    name,
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
    close,
  };
}

/**
 * TodoService over REST with the generated client; `headers` go with every
 * request (e.g. authorization); `fetch` replaces the platform's (e.g. one that
 * checks every reply against the API document).
 */
export function restTodoApi(
  baseUrl: string,
  headers: Record<string, string> = {},
  fetch: typeof globalThis.fetch = globalThis.fetch,
): TodoApi {
  const client = new TodoServiceHttpClient(new HttpConn({ baseUrl, headers, fetch }));
  return todoApiOver("rest", client, () => undefined);
}

/** TodoService over gRPC with the generated client; `headers` is metadata for every call. */
export function grpcTodoApi(address: string, headers: Record<string, string> = {}): TodoApi {
  const conn = new GrpcConn(address, {
    middleware: (next) => (req, ctx) => {
      for (const [name, value] of Object.entries(headers)) ctx.requestHeader.set(name, value);
      return next(req, ctx);
    },
  });
  return todoApiOver("grpc", new TodoServiceClient(conn), () => conn.close());
}

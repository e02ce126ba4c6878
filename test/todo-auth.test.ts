// The Todo example's auth rules (api/todo/v1/todo.proto) on the whole service,
// over both transports: reading needs todo.read, writing todo.write, the stats
// are public. The kit's auth itself (tokens, the attack corpus) is auth.test.ts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jwksOf, mintToken, newSigningKey, type SigningKey, type TokenClaims } from "../tools/dev-issuer/issuer.js";
import { JwksServer } from "../tools/dev-issuer/jwks-server.js";
import { startService, type RunningService } from "./support/service.js";
import { grpcTodoApi, restTodoApi, type Result, type TodoApi } from "./support/todo-api.js";

const ISSUER = "https://issuer.test";
const AUDIENCE = "todo";

let key: SigningKey;
let jwks: JwksServer;
let service: RunningService;

beforeAll(async () => {
  key = await newSigningKey("test-1", "ES256");
  jwks = await JwksServer.start(jwksOf(key));
  service = await startService({ AUTH_JWKS_URL: jwks.url.href, AUTH_ISSUER: ISSUER, AUTH_AUDIENCE: AUDIENCE });
});
afterAll(async () => {
  await service?.stop();
  await jwks?.stop();
});

function token(claims: TokenClaims = {}): Promise<string> {
  return mintToken(key, { iss: ISSUER, aud: AUDIENCE, sub: "alice", ...claims });
}

const transports = {
  rest: (headers: Record<string, string>) => restTodoApi(service.httpUrl, headers),
  grpc: (headers: Record<string, string>) => grpcTodoApi(service.grpcAddress, headers),
};

/** Runs `fn` with a TodoApi sending `headers`, then closes it. */
async function using<T>(
  transport: keyof typeof transports,
  headers: Record<string, string>,
  fn: (api: TodoApi) => Promise<T>,
): Promise<T> {
  const api = transports[transport](headers);
  try {
    return await fn(api);
  } finally {
    api.close();
  }
}

function outcome(result: Result<unknown>): string {
  if (result.ok) return "ok";
  const scope = result.error.metadata["scope"];
  return `${result.error.code} ${result.error.reason}${scope === undefined ? "" : ` ${scope}`}`;
}

describe.each(["rest", "grpc"] as const)("the Todo example's auth rules over %s", (transport) => {
  it("serves todo.read callers GetTodo and ListTodos, and refuses them CreateTodo with 403 SCOPE_MISSING", async () => {
    const writer = { authorization: `Bearer ${await token({ scope: "todo.read todo.write" })}` };
    const created = await using(transport, writer, (api) => api.create({ title: "guarded" }));
    if (!created.ok) throw new Error(JSON.stringify(created.error));
    const reader = { authorization: `Bearer ${await token({ scope: "todo.read" })}` };
    await using(transport, reader, async (api) => {
      expect(outcome(await api.get(String(created.value["id"])))).toBe("ok");
      expect(outcome(await api.list(10))).toBe("ok");
      expect(outcome(await api.create({ title: "no" }))).toBe("403 SCOPE_MISSING todo.write");
      expect(outcome(await api.delete(String(created.value["id"])))).toBe("403 SCOPE_MISSING todo.write");
    });
  });

  it("serves the public GetTodoStats without a token", async () => {
    if (transport === "rest") {
      expect((await fetch(`${service.httpUrl}/v1/todos:stats`)).status).toBe(200);
    } else {
      const { TodoServiceClient } = await import("../api/todo/v1/todo_grpc.js");
      const { GrpcConn } = await import("../pkg/transport/grpc/index.js");
      const conn = new GrpcConn(service.grpcAddress);
      try {
        await expect(new TodoServiceClient(conn).getTodoStats({})).resolves.toBeDefined();
      } finally {
        conn.close();
      }
    }
  });
});

// tools/call (`make call`) against the real server on the Todo example, the
// API it finds by default (api/): its methods, a Timestamp printed as proto3
// JSON, and a PATCH's curl line with the update mask in the query string.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT, ServerProcess } from "./support/server-process.js";

const exec = promisify(execFile);
let server: ServerProcess;

beforeAll(async () => {
  server = await ServerProcess.start();
});

afterAll(async () => {
  await server.kill();
});

interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `node --import tsx tools/call ...args` with the server's addresses in GRPC_ADDR and HTTP_ADDR, as the config reads them. */
async function call(...args: string[]): Promise<CliRun> {
  const env = { ...process.env, GRPC_ADDR: server.grpcAddress, HTTP_ADDR: server.httpUrl.replace("http://", "") };
  try {
    const { stdout, stderr } = await exec(process.execPath, ["--import", "tsx", "tools/call", ...args], {
      cwd: ROOT,
      env,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const failed = err as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe("tools/call", () => {
  it("creates a todo and prints it as proto3 JSON, then gets it back", async () => {
    const created = await call("todo.v1.TodoService/CreateTodo", '{"todo":{"title":"x"}}');
    expect(created.code, created.stderr).toBe(0);
    const todo = JSON.parse(created.stdout) as { id: string; title: string; createTime: string };
    expect(todo.title).toBe("x");
    expect(todo.createTime).toMatch(/^\d{4}-\d\d-\d\dT/);
    const got = await call("/todo.v1.TodoService/GetTodo", JSON.stringify({ id: todo.id }));
    expect(JSON.parse(got.stdout)).toEqual(todo);
  });

  it("lists the methods of the generated descriptors, and names them for an unknown one", async () => {
    const listed = await call();
    expect(listed.stdout.split("\n")).toContain("todo.v1.TodoService/GetTodoStats");
    const unknown = await call("todo.v1.TodoService/Nope");
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("todo.v1.TodoService/CreateTodo");
  });

  it("--rest prints the curl line of the google.api.http rule, and that line works", async () => {
    const run = await call("--rest", "todo.v1.TodoService/CreateTodo", '{"todo":{"title":"over rest"}}');
    expect(run.stdout.trim()).toBe(
      `curl -s -X POST '${server.httpUrl}/v1/todos' -H 'content-type: application/json' -d '{"title":"over rest"}'`,
    );
    const { stdout } = await exec("bash", ["-c", run.stdout]);
    expect((JSON.parse(stdout) as { title: string }).title).toBe("over rest");
    const update = await call(
      "--rest",
      "todo.v1.TodoService/UpdateTodo",
      '{"todo":{"id":"a b","done":true},"updateMask":"done"}',
    );
    expect(update.stdout.trim()).toBe(
      `curl -s -X PATCH '${server.httpUrl}/v1/todos/a%20b?updateMask=done' -H 'content-type: application/json' -d '{"done":true}'`,
    );
  });
});

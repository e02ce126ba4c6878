// `docker-compose restart` of the service while clients write: every create
// the service acknowledged before, during and after the restart is readable
// afterwards. Clients retry only on connection errors (with the same
// requestId, so a retried create is not stored twice).
import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { grpcTodoApi, restTodoApi, type ApiError, type TodoApi, type TodoJson } from "../support/todo-api.js";
import { targetOrSkip } from "./target.js";

const target = targetOrSkip("restart");
const compose = (process.env.E2E_COMPOSE ?? "").trim().split(/\s+/).filter(Boolean);
const service = process.env.E2E_COMPOSE_SERVICE ?? "app";
if (target && compose.length === 0) {
  console.warn("e2e restart: skipped, E2E_COMPOSE (the compose command running the stack) not set");
}

/** How long one create may keep retrying through connection errors. */
const RETRY_FOR_MS = 90_000;

type Phase = "before" | "during" | "after";
interface Ack {
  readonly api: TodoApi["name"];
  readonly phase: Phase;
  readonly todo: TodoJson;
}

/**
 * A transport-level failure, as both generated clients report it: UNAVAILABLE
 * raised by the client (the connection refused, reset or dropped), not an error
 * the service sent, so nothing was answered and the create may be retried.
 */
function isConnectionFailure(error: ApiError): boolean {
  return (
    error.code === 503 &&
    error.reason === "UNAVAILABLE" &&
    /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|EPIPE|ECONNABORTED|UND_ERR_|No connection established|Connection dropped|GOAWAY|socket/i.test(
      error.message,
    )
  );
}

describe.skipIf(target === undefined || compose.length === 0)("a restart of the deployed service", () => {
  const rest = restTodoApi(target?.httpUrl ?? "");
  const grpc = grpcTodoApi(target?.grpcAddr ?? "127.0.0.1:1");
  afterAll(() => [rest, grpc].forEach((api) => api.close()));

  let retries = 0;
  const acks: Ack[] = [];

  async function create(api: TodoApi, phase: () => Phase): Promise<void> {
    const requestId = randomUUID();
    const title = `restart ${api.name} ${requestId}`;
    const deadline = Date.now() + RETRY_FOR_MS;
    for (;;) {
      const result = await api.create({ title }, requestId);
      if (result.ok) {
        acks.push({ api: api.name, phase: phase(), todo: result.value });
        return;
      }
      if (!isConnectionFailure(result.error)) {
        throw new Error(`${api.name} create failed: ${JSON.stringify(result.error)}`);
      }
      retries++;
      if (Date.now() > deadline) throw new Error(`${api.name} create kept failing: ${result.error.message}`);
      await sleep(100);
    }
  }

  async function ready(): Promise<boolean> {
    try {
      return (await fetch(`${target!.adminUrl}/readyz`)).status === 200;
    } catch {
      return false;
    }
  }

  it("loses no acknowledged create across `compose restart`", { timeout: 240_000 }, async () => {
    for (let i = 0; i < 10; i++) {
      await create(rest, () => "before");
      await create(grpc, () => "before");
    }

    let phase: Phase = "during";
    let writing = true;
    const writer = async (api: TodoApi) => {
      while (writing) await create(api, () => phase);
    };
    const writers = Promise.all([writer(rest), writer(grpc)]);
    await sleep(200);
    const [command, ...args] = compose as [string, ...string[]];
    const run = (...more: string[]) => promisify(execFile)(command, [...args, ...more], { timeout: 180_000 });
    await run("restart", service);
    while (!(await ready())) await sleep(250);
    writing = false;
    await writers;

    phase = "after";
    for (let i = 0; i < 10; i++) {
      await create(rest, () => "after");
      await create(grpc, () => "after");
    }

    // PID 1 (node) got the SIGTERM and stopped gracefully rather than being killed.
    const { stdout: logs } = await run("logs", "--no-color", service);
    expect(logs).toMatch(/"signal":"SIGTERM".*"msg":"stopping"/);
    expect(logs).toMatch(/"msg":"stopped"/);

    // The restart really cut the connections, and clients wrote on both sides of it.
    expect(retries).toBeGreaterThan(0);
    for (const api of ["rest", "grpc"] as const) {
      for (const when of ["before", "during", "after"] as const) {
        expect(acks.filter((ack) => ack.api === api && ack.phase === when).length, `${api} ${when}`).toBeGreaterThan(0);
      }
    }

    const missing: string[] = [];
    for (const ack of acks) {
      const read = await rest.get(ack.todo.id as string);
      if (!read.ok || read.value.title !== ack.todo.title)
        missing.push(`${ack.api}/${ack.phase} ${String(ack.todo.id)}`);
    }
    expect(missing, `${missing.length} of ${acks.length} acknowledged creates not readable`).toEqual([]);
  });
});

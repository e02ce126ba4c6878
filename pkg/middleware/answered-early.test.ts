import { InMemorySpanExporter } from "@opentelemetry/sdk-trace-base";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { EchoService } from "../../tools/testdata/echo/v1/echo_pb.js";
import { cancelled, deadlineExceeded } from "../errors/kit.js";
import { Metrics } from "../metrics/metrics.js";
import { Tracing } from "../tracing/tracing.js";
import { ServerCall } from "../transport/server-call.js";
import { logging } from "./logging.js";
import { chain } from "./middleware.js";
import { metrics } from "./metrics.js";
import { tracing } from "./tracing.js";

const ECHO = "/echo.v1.EchoService/Echo";

/** The observing middleware (tracing, logging, metrics) and what each recorded. */
function observed() {
  const raw: string[] = [];
  const logger = pino({ level: "info" }, { write: (line: string) => void raw.push(line) });
  const m = new Metrics({ processMetrics: false });
  const exporter = new InMemorySpanExporter();
  const t = new Tracing({ serviceName: "test", serviceVersion: "1", exporters: [exporter] });
  const middleware = chain(tracing(t), logging({ logger }), metrics(m.server));
  return {
    middleware,
    lines: () => raw.map((line) => JSON.parse(line) as Record<string, unknown>),
    exposition: () => m.exposition(),
    spans: () => exporter.getFinishedSpans(),
  };
}

/** A served call and a handler that settles (as told) only after the transport answered. */
function answeredFirst(reason: unknown, handlerEnds: (call: ServerCall) => Promise<string>) {
  const call = new ServerCall({
    kind: "grpc",
    method: EchoService.method.echo,
    deadline: undefined,
    requestHeader: new Headers(),
  });
  const handler = async (): Promise<string> => {
    call.abort(reason);
    return handlerEnds(call);
  };
  return { call, handler };
}

describe.each([
  ["deadline exceeded", deadlineExceeded(), 504, "DEADLINE_EXCEEDED"],
  ["client cancelled", cancelled(), 499, "CANCELLED"],
])("a call the transport answered first (%s)", (_, reason, code, label) => {
  it.each([
    ["succeeds afterwards", () => Promise.resolve("late")],
    ["fails otherwise afterwards", () => Promise.reject(new Error("late and broken"))],
  ])("is recorded with the answer sent when its handler %s", async (_, ends) => {
    const o = observed();
    const { call, handler } = answeredFirst(reason, ends);
    await o
      .middleware(handler)(null, call.ctx)
      .catch(() => undefined);

    expect(o.lines()).toEqual([expect.objectContaining({ msg: "access", operation: ECHO, code, reason: label })]);
    const text = await o.exposition();
    expect(text).toContain(
      `server_requests_code_total{kind="grpc",operation="${ECHO}",code="${code}",reason="${label}"} 1`,
    );
    expect(text).not.toContain(`code="200"`);
    expect(o.spans().map((s) => s.attributes["http.response.status_code"])).toEqual([code]);
  });
});

describe("a call the transport did not answer first", () => {
  it("is recorded with what its handler returned", async () => {
    const o = observed();
    const call = new ServerCall({
      kind: "http",
      method: EchoService.method.echo,
      deadline: undefined,
      requestHeader: new Headers(),
    });
    await o.middleware(async () => "ok")(null, call.ctx);
    call.dispose();
    call.abort(cancelled());
    expect(o.lines()).toEqual([expect.objectContaining({ code: 200, reason: "" })]);
    expect(o.spans().map((s) => s.attributes["http.response.status_code"])).toEqual([200]);
  });
});

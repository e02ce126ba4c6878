// The whole service's observability: /metrics after REST and gRPC calls
// (success and error) checked by promtool, access lines, server and SQL spans,
// and the profiling routes on the admin port.
import { execFile } from "node:child_process";
import { SpanKind } from "@opentelemetry/api";
import { InMemorySpanExporter } from "@opentelemetry/sdk-trace-base";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FixtureServiceClient } from "../tools/testdata/fixture/v1/fixture_grpc.js";
import { GrpcConn } from "../pkg/transport/grpc/index.js";
import { NOTES_TABLE } from "./support/fixture/index.js";
import { logLines } from "./support/log-lines.js";
import { startService, type RunningService } from "./support/service.js";
import { SERVICE_NAME } from "./support/service-name.js";

const TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
const TRACEPARENT = `00-${TRACE_ID}-b7ad6b7169203331-01`;
const GET_NOTE = "/fixture.v1.FixtureService/GetNote";
const CREATE_NOTE = "/fixture.v1.FixtureService/CreateNote";

/** Runs promtool on an exposition; resolves with its exit code and output. */
function promtoolCheck(exposition: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = execFile("promtool", ["check", "metrics"], (err, stdout, stderr) => {
      const code = err === null ? 0 : typeof err.code === "number" ? err.code : -1;
      resolve({ code, output: `${stdout}${stderr}${err !== null && code === -1 ? err.message : ""}` });
    });
    child.stdin?.end(exposition);
  });
}

describe("the service's metrics, logs and traces", () => {
  const exporter = new InMemorySpanExporter();
  const logs = logLines();
  let service: RunningService;
  let conn: GrpcConn;
  let notes: FixtureServiceClient;
  let createdId: string;

  beforeAll(async () => {
    service = await startService(
      { LOG_LEVEL: "info" },
      { logger: logs.logger, spanExporters: [exporter], apis: "fixture" },
    );
    conn = new GrpcConn(service.grpcAddress);
    notes = new FixtureServiceClient(conn);

    // REST: a success and an error; gRPC: a success and an error.
    const created = await fetch(`${service.httpUrl}/v1/notes`, {
      method: "POST",
      headers: { traceparent: TRACEPARENT, "content-type": "application/json" },
      body: JSON.stringify({ title: "observe me" }),
    });
    expect(created.status).toBe(200);
    createdId = ((await created.json()) as { id: string }).id;
    expect((await fetch(`${service.httpUrl}/v1/notes/nope`)).status).toBe(404);
    await notes.getNote({ id: createdId });
    await expect(notes.getNote({ id: "nope" })).rejects.toMatchObject({ code: 404, reason: "NOTE_NOT_FOUND" });
    // A body that is not JSON fails before the handler, and is still logged and counted.
    const malformed = await fetch(`${service.httpUrl}/v1/notes`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: '{"title": ',
    });
    expect(malformed.status).toBe(400);
  });

  afterAll(async () => {
    conn?.close();
    await service?.stop();
  });

  it("/metrics has the server series of both transports with the right labels", async () => {
    const res = await fetch(`${service.adminUrl}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/plain");
    const text = await res.text();
    const series = (name: string, labels: string) => new RegExp(`^${name}\\{${labels}\\} 1$`, "m");
    const op = (operation: string) => operation.replaceAll("/", "\\/").replaceAll(".", "\\.");
    expect(text).toMatch(
      series("server_requests_code_total", `kind="http",operation="${op(CREATE_NOTE)}",code="200",reason=""`),
    );
    expect(text).toMatch(
      series(
        "server_requests_code_total",
        `kind="http",operation="${op(GET_NOTE)}",code="404",reason="NOTE_NOT_FOUND"`,
      ),
    );
    expect(text).toMatch(
      series("server_requests_code_total", `kind="grpc",operation="${op(GET_NOTE)}",code="200",reason=""`),
    );
    expect(text).toMatch(
      series(
        "server_requests_code_total",
        `kind="grpc",operation="${op(GET_NOTE)}",code="404",reason="NOTE_NOT_FOUND"`,
      ),
    );
    expect(text).toMatch(
      series(
        "server_requests_code_total",
        `kind="http",operation="${op(CREATE_NOTE)}",code="400",reason="MALFORMED_REQUEST"`,
      ),
    );
    expect(text).toMatch(
      /^server_requests_seconds_count\{kind="grpc",operation="\/fixture\.v1\.FixtureService\/GetNote"\} 2$/m,
    );
    expect(text).toMatch(
      /^server_requests_seconds_bucket\{le="\+Inf",kind="http",operation="\/fixture\.v1\.FixtureService\/GetNote"\} 1$/m,
    );
    expect(text).toMatch(/^# TYPE server_requests_seconds histogram$/m);
    expect(text).toMatch(/^# TYPE client_requests_code_total counter$/m);
    expect(text).toMatch(/^process_cpu_seconds_total \d/m);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds \d/m);
  });

  it("promtool check metrics accepts the exposition", async () => {
    const text = await (await fetch(`${service.adminUrl}/metrics`)).text();
    const { code, output } = await promtoolCheck(text);
    expect(output, "promtool (Debian package prometheus) must be installed").not.toMatch(/ENOENT/);
    expect({ code, output }).toEqual({ code: 0, output: "" });
  });

  it("promtool rejects a broken exposition (the check can fail)", async () => {
    const { code } = await promtoolCheck('# TYPE x counter\nx{a="1" 1\n');
    expect(code).not.toBe(0);
  });

  it("writes one access line per call, with the caller's trace id", () => {
    const access = logs.lines().filter((line) => line.msg === "access");
    expect(access.map((l) => [l.kind, l.operation, l.code, l.reason])).toEqual([
      ["http", CREATE_NOTE, 200, ""],
      ["http", GET_NOTE, 404, "NOTE_NOT_FOUND"],
      ["grpc", GET_NOTE, 200, ""],
      ["grpc", GET_NOTE, 404, "NOTE_NOT_FOUND"],
      ["http", CREATE_NOTE, 400, "MALFORMED_REQUEST"],
    ]);
    expect(access[0]).toMatchObject({ trace_id: TRACE_ID, "service.name": SERVICE_NAME, level: "info" });
    for (const line of access) expect(line.span_id).toMatch(/^[0-9a-f]{16}$/);
  });

  it("makes a server span per call and an SQL span under it", () => {
    const spans = exporter.getFinishedSpans();
    const server = spans.find((s) => s.kind === SpanKind.SERVER && s.spanContext().traceId === TRACE_ID);
    expect(server?.name).toBe("fixture.v1.FixtureService/CreateNote");
    const sql = spans.filter((s) => s.parentSpanContext?.spanId === server?.spanContext().spanId);
    const insert = sql.find((s) => String(s.attributes["db.query.text"]).startsWith(`insert into "${NOTES_TABLE}"`));
    expect(insert?.name).toBe("INSERT");
    expect(insert?.spanContext().traceId).toBe(TRACE_ID);
    expect(insert?.attributes["db.system.name"]).toBe("postgresql");
    expect(String(insert?.attributes["db.query.text"])).not.toContain("observe me");
    // One per call, the one whose body was not JSON included.
    expect(spans.filter((s) => s.kind === SpanKind.SERVER)).toHaveLength(5);
  });

  it("serves no profiling routes unless configured on", async () => {
    expect((await fetch(`${service.adminUrl}/debug/profile?seconds=1`)).status).toBe(404);
    expect((await fetch(`${service.adminUrl}/debug/heapsnapshot`)).status).toBe(404);
  });
});

describe("metric prefix", () => {
  it("prefixes every metric name", async () => {
    const service = await startService({ METRICS_PREFIX: "svc_" }, { apis: "fixture" });
    try {
      await fetch(`${service.httpUrl}/v1/notes/nope`);
      const text = await (await fetch(`${service.adminUrl}/metrics`)).text();
      expect(text).toMatch(/^svc_server_requests_code_total\{kind="http",.*code="404"/m);
      expect(text).toMatch(/^svc_process_cpu_seconds_total /m);
      expect(text).not.toMatch(/^server_requests_code_total/m);
    } finally {
      await service.stop();
    }
  });
});

describe("profiling on the admin server", () => {
  const token = "a-debug-token-of-32-characters!!";
  const auth = { headers: { authorization: `Bearer ${token}` } };
  let service: RunningService;
  beforeAll(async () => {
    service = await startService({ ADMIN_PROFILING: "true", ADMIN_DEBUG_TOKEN: token }, { apis: "fixture" });
  });
  afterAll(async () => {
    await service?.stop();
  });

  it("answers 401 to a caller without the debug token, or with another", async () => {
    const refused: Record<string, string>[] = [
      {},
      { authorization: "Bearer wrong" },
      { authorization: token },
      { authorization: "Bearer " },
    ];
    for (const headers of refused) {
      for (const path of ["/debug/profile?seconds=1", "/debug/heapsnapshot"]) {
        const res = await fetch(`${service.adminUrl}${path}`, { headers });
        expect(res.status, `${path} with ${JSON.stringify(headers)}`).toBe(401);
        expect(res.headers.get("www-authenticate")).toBe('Bearer realm="debug"');
      }
    }
    // The probes and metrics stay open to the kubelet and Prometheus.
    expect((await fetch(`${service.adminUrl}/healthz`)).status).toBe(200);
    expect((await fetch(`${service.adminUrl}/metrics`)).status).toBe(200);
  });

  it("/debug/profile?seconds=1 returns a CPU profile DevTools loads", async () => {
    const res = await fetch(`${service.adminUrl}/debug/profile?seconds=1`, auth);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toMatch(/\.cpuprofile"$/);
    const profile = (await res.json()) as { nodes: unknown[]; startTime: number; endTime: number; samples: unknown[] };
    expect(profile.nodes.length).toBeGreaterThan(0);
    expect(profile.endTime - profile.startTime).toBeGreaterThanOrEqual(900_000); // µs
  });

  it("rejects a bad duration with 400 naming it", async () => {
    const res = await fetch(`${service.adminUrl}/debug/profile?seconds=0`, auth);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("seconds");
  });

  it("/debug/heapsnapshot returns a heap snapshot, one at a time", async () => {
    // The first reply's body, unread, is still being sent: a second snapshot must wait.
    const res = await fetch(`${service.adminUrl}/debug/heapsnapshot`, auth);
    expect(res.status).toBe(200);
    expect((await fetch(`${service.adminUrl}/debug/heapsnapshot`, auth)).status).toBe(409);
    expect(res.headers.get("content-disposition")).toMatch(/\.heapsnapshot"$/);
    const snapshot = (await res.json()) as { snapshot: { node_count: number } };
    expect(snapshot.snapshot.node_count).toBeGreaterThan(0);
    // Sent: the next one may start.
    expect((await fetch(`${service.adminUrl}/debug/profile?seconds=1`, auth)).status).toBe(200);
  });
});

describe("profiling without a debug token", () => {
  it("is refused at start, naming the setting", async () => {
    await expect(startService({ ADMIN_PROFILING: "true" }, { apis: "fixture" })).rejects.toThrow(
      /server\.admin\.debugToken.*ADMIN_DEBUG_TOKEN/s,
    );
  });
});

import { execFileSync } from "node:child_process";
import { context, trace } from "@opentelemetry/api";
import { InMemorySpanExporter } from "@opentelemetry/sdk-trace-base";
import { describe, expect, it } from "vitest";
import { Tracing } from "../tracing/tracing.js";
import { DEFAULT_REDACT_FIELDS, newLogger, redactPaths, type LoggerOptions } from "./logger.js";
import { EchoService } from "../../tools/testdata/echo/v1/echo_pb.js";
import { newCallContext } from "../transport/context.js";
import { runInCall } from "./active-call.js";
import { requestLogger, setDefaultLogger, setLogScope } from "./scope.js";

function capture(options: Partial<LoggerOptions> = {}) {
  const raw: string[] = [];
  const logger = newLogger({
    name: "svc",
    version: "1.2.3",
    level: "info",
    destination: { write: (line: string) => void raw.push(line) },
    ...options,
  });
  return { logger, lines: () => raw.map((line) => JSON.parse(line) as Record<string, unknown>), raw };
}

describe("newLogger", () => {
  it("never writes the bound values of a failed SQL statement (PGlite errors carry them)", async () => {
    const { PGlite } = await import("@electric-sql/pglite");
    const db = new PGlite();
    await db.query("create table t (id int primary key)");
    await db.query("insert into t values (1)");
    const failure = await db
      .query("insert into t values ($1) returning $2::text", [1, "a-secret"])
      .catch((e: unknown) => e);
    await db.close();
    const { logger, raw } = capture({ redact: [] });
    logger.error({ err: failure }, "the statement failed");
    logger.error({ err: new Error("wrapped", { cause: failure }) }, "the call failed");
    expect(raw.join("")).toContain("23505");
    expect(raw.join("")).not.toContain("a-secret");
    expect(raw.join("").match(/"params":"\[REDACTED\]"/g)).toHaveLength(1);
  });

  it("writes JSON lines with time, level, msg, service name and version", () => {
    const { logger, lines } = capture();
    logger.info("hello");
    expect(lines()[0]).toEqual({
      level: "info",
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      msg: "hello",
      "service.name": "svc",
      "service.version": "1.2.3",
    });
  });

  it("adds trace_id and span_id inside an active span, and nothing outside one", () => {
    const tracing = new Tracing({ serviceName: "svc", serviceVersion: "1", exporters: [new InMemorySpanExporter()] });
    const { logger, lines } = capture();
    const span = tracing.tracer.startSpan("work");
    context.with(trace.setSpan(context.active(), span), () => logger.info("inside"));
    span.end();
    logger.info("outside");
    const [inside, outside] = lines();
    expect(inside).toMatchObject({ trace_id: span.spanContext().traceId, span_id: span.spanContext().spanId });
    expect(outside).not.toHaveProperty("trace_id");
  });

  it("redacts the default fields at the top level and one object deep", () => {
    const { logger, raw, lines } = capture();
    logger.info(
      { password: "p1", token: "t1", headers: { authorization: "Bearer b1", cookie: "c1" }, user: { password: "p2" } },
      "secrets",
    );
    expect(raw.join("")).not.toMatch(/p1|t1|b1|c1|p2/);
    expect(lines()[0]).toMatchObject({
      password: "[REDACTED]",
      token: "[REDACTED]",
      headers: { authorization: "[REDACTED]", cookie: "[REDACTED]" },
      user: { password: "[REDACTED]" },
    });
    expect(DEFAULT_REDACT_FIELDS).toEqual(["authorization", "cookie", "password", "token"]);
  });

  it("redacts the configured fields instead when given", () => {
    const { logger, lines } = capture({ redact: redactPaths(["apiKey"]) });
    logger.info({ apiKey: "k", password: "visible" }, "custom");
    expect(lines()[0]).toMatchObject({ apiKey: "[REDACTED]", password: "visible" });
  });

  it("honours the level", () => {
    const { logger, raw } = capture({ level: "warn" });
    logger.info("dropped");
    logger.warn("kept");
    expect(raw).toHaveLength(1);
  });
});

describe("requestLogger", () => {
  it("is a child carrying the call's fields inside the call, and the default logger outside", () => {
    const { logger, lines } = capture();
    setDefaultLogger(logger);
    const call = newCallContext({ kind: "grpc", method: EchoService.method.echo });
    setLogScope(call, { logger, fields: { kind: "grpc", operation: "/a.B/C" } });
    runInCall(call, () => requestLogger().info("in call"));
    requestLogger().info("outside");
    const [inCall, outside] = lines();
    expect(inCall).toMatchObject({ kind: "grpc", operation: "/a.B/C", msg: "in call" });
    expect(outside).not.toHaveProperty("operation");
  });
});

describe("log format", () => {
  // A child process, so the logger writes to a real standard output.
  const run = (format: string): string =>
    execFileSync(
      process.execPath,
      [
        "--import",
        "tsx",
        "--input-type=module",
        "-e",
        `import { newLogger } from ${JSON.stringify(new URL("./logger.ts", import.meta.url).href)};
         const logger = newLogger({ name: "svc", version: "1", level: "info", format: ${JSON.stringify(format)} });
         logger.info("formatted"); logger.flush();`,
      ],
      { encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } },
    );

  it("json (and auto, when standard output is not a terminal) writes JSON lines", () => {
    for (const format of ["json", "auto"]) {
      expect(JSON.parse(run(format).trim())).toMatchObject({ msg: "formatted", level: "info" });
    }
  });

  it("pretty writes human-readable lines through pino-pretty", () => {
    const out = run("pretty");
    expect(out).toContain("formatted");
    expect(out).toMatch(/INFO/);
    expect(() => JSON.parse(out.trim())).toThrow();
  });
});

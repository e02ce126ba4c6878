import { execFile, execFileSync, spawnSync } from "node:child_process";
import { promisify } from "node:util";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startService, type RunningService } from "./support/service.js";
import { grpcTodoApi } from "./support/todo-api.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const PYTHON = "/usr/bin/python3";
const PROTOS = [
  "todo/v1/todo.proto",
  "todo/v1/error_reason.proto",
  "google/api/annotations.proto",
  "google/api/http.proto",
  "google/api/field_behavior.proto",
  "google/rpc/status.proto",
  "google/rpc/error_details.proto",
  "buf/validate/validate.proto",
  "strata/errors/errors.proto",
];

/** Why the foreign client cannot run here, or undefined when it can (CI installs what it needs). */
function missingTools(): string | undefined {
  const probe = spawnSync(PYTHON, ["-c", "import grpc, google.protobuf"], { stdio: "ignore" });
  if (probe.status !== 0) return "python3 with grpcio and protobuf (apt: python3-grpcio python3-protobuf)";
  for (const tool of ["protoc", "grpc_python_plugin"]) {
    if (spawnSync("which", [tool], { stdio: "ignore" }).status !== 0) {
      return `${tool} (apt: protobuf-compiler protobuf-compiler-grpc)`;
    }
  }
  return undefined;
}

const missing = missingTools();
if (missing) console.warn(`skipping the Python gRPC interop test: ${missing} is not installed`);

describe.skipIf(missing !== undefined)("a gRPC client that is not ours (Python grpcio)", () => {
  let service: RunningService;
  let generated: string;

  beforeAll(async () => {
    generated = mkdtempSync(join(tmpdir(), "interop-py-"));
    execFileSync("protoc", [
      `-I${join(ROOT, "api")}`,
      `-I${join(ROOT, "third_party")}`,
      `--python_out=${generated}`,
      `--plugin=protoc-gen-grpc_python=${execFileSync("which", ["grpc_python_plugin"]).toString().trim()}`,
      `--grpc_python_out=${generated}`,
      ...PROTOS,
    ]);
    service = await startService();
  });

  afterAll(async () => {
    await service?.stop();
    rmSync(generated, { recursive: true, force: true });
  });

  it("gets the same replies and the same error reasons in ErrorInfo", async () => {
    // Asynchronously: the service answers from this very process.
    const { stdout: output } = await promisify(execFile)(PYTHON, [
      join(ROOT, "test/interop/todo_client.py"),
      generated,
      service.grpcAddress,
    ]);
    const seen = JSON.parse(output) as Record<string, Record<string, unknown> | null>;
    expect(seen["created"]).toMatchObject({ title: "from python" });
    expect(seen["got"]).toEqual(seen["created"]);

    const ours = grpcTodoApi(service.grpcAddress);
    try {
      const got = await ours.get(seen["created"]!["id"] as string);
      expect(got).toEqual({ ok: true, value: seen["created"] });
      const notFound = await ours.get("missing");
      expect(notFound.ok).toBe(false);
      expect(seen["notFound"]).toEqual({
        code: "NOT_FOUND",
        message: notFound.ok ? "" : notFound.error.message,
        reason: "TODO_NOT_FOUND",
        metadata: { id: "missing" },
      });
    } finally {
      ours.close();
    }
    expect(seen["invalid"]).toMatchObject({
      code: "INVALID_ARGUMENT",
      reason: "VALIDATION_FAILED",
      metadata: { field: "todo.title" },
    });
  });
});

import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generatePython, missingPythonGrpc, PYTHON } from "./support/python-health.js";
import { startService, type RunningService } from "./support/service.js";
import { grpcNotesApi } from "./support/fixture/client.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const PROTOS = [
  "fixture/v1/fixture.proto",
  "google/api/annotations.proto",
  "google/api/http.proto",
  "google/rpc/status.proto",
  "google/rpc/error_details.proto",
  "buf/validate/validate.proto",
  "strata/errors/errors.proto",
  "strata/auth/v1/auth.proto",
];

const missing = missingPythonGrpc();
if (missing) console.warn(`skipping the Python gRPC interop test: ${missing} is not installed`);

describe.skipIf(missing !== undefined)("a gRPC client that is not ours (Python grpcio)", () => {
  let service: RunningService;
  let generated: string;

  beforeAll(async () => {
    generated = generatePython(["tools/testdata", "third_party"], PROTOS);
    service = await startService({}, { apis: "fixture" });
  });

  afterAll(async () => {
    await service?.stop();
    rmSync(generated, { recursive: true, force: true });
  });

  it("gets the same replies and the same error reasons in ErrorInfo", async () => {
    // Asynchronously: the service answers from this very process.
    const { stdout: output } = await promisify(execFile)(PYTHON, [
      join(ROOT, "test/interop/fixture_client.py"),
      generated,
      service.grpcAddress,
    ]);
    const seen = JSON.parse(output) as Record<string, Record<string, unknown> | null>;
    expect(seen["created"]).toMatchObject({ title: "from python" });
    expect(seen["got"]).toEqual(seen["created"]);

    const ours = grpcNotesApi(service.grpcAddress);
    try {
      const got = await ours.get(seen["created"]!["id"] as string);
      expect(got).toEqual({ ok: true, value: seen["created"] });
      const notFound = await ours.get("missing");
      expect(notFound.ok).toBe(false);
      expect(seen["notFound"]).toEqual({
        code: "NOT_FOUND",
        message: notFound.ok ? "" : notFound.error.message,
        reason: "NOTE_NOT_FOUND",
        metadata: { id: "missing" },
      });
    } finally {
      ours.close();
    }
    expect(seen["invalid"]).toMatchObject({
      code: "INVALID_ARGUMENT",
      reason: "VALIDATION_FAILED",
      metadata: { field: "note.title" },
    });
  });
});

// Liveness, readiness and gRPC health of the deployed service.
import { describe, expect, it } from "vitest";
import { grpcHealthCheck } from "./grpc-health.js";
import { targetOrSkip } from "./target.js";

const target = targetOrSkip("health");

describe.skipIf(target === undefined)("health of the deployed service", () => {
  it("answers /healthz with 200", async () => {
    const response = await fetch(`${target!.adminUrl}/healthz`);
    expect(response.status).toBe(200);
  });

  it("is ready on /readyz with PostgreSQL as a critical dependency that answers", async () => {
    const response = await fetch(`${target!.adminUrl}/readyz`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { ready: boolean; state: string; dependencies: unknown[] };
    expect(body).toMatchObject({ ready: true, state: "SERVING" });
    expect(body.dependencies).toContainEqual(expect.objectContaining({ name: "database", critical: true, ok: true }));
    // Every dependency the deployment wires (database, cache, broker, ...) answers.
    expect(body.dependencies).not.toContainEqual(expect.objectContaining({ ok: false }));
  });

  it("reports SERVING over grpc.health.v1 for the server", async () => {
    expect(await grpcHealthCheck(target!.grpcAddr, "")).toBe("SERVING");
  });
});

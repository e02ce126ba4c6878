import type { Server } from "@grpc/grpc-js";
import { HealthImplementation } from "grpc-health-check";
import type { Health } from "./health.js";

/**
 * Serves the standard grpc.health.v1.Health service (Check and Watch) on a
 * gRPC server, for the whole server ("") and each named service, following
 * `health.serving`: SERVING while the instance takes traffic, NOT_SERVING
 * otherwise (from the first moment of a stop).
 */
export function addGrpcHealth(server: Server, health: Health, services: readonly string[]): void {
  const names = ["", ...services];
  const implementation = new HealthImplementation(Object.fromEntries(names.map((name) => [name, "NOT_SERVING"])));
  implementation.addToServer(server);
  health.onServingChange((serving) => {
    for (const name of names) implementation.setStatus(name, serving ? "SERVING" : "NOT_SERVING");
  });
}

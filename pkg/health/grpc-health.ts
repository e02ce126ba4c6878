import type { Server, ServerWritableStream, ServiceDefinition, UntypedServiceImplementation } from "@grpc/grpc-js";
import { HealthImplementation, type ServingStatus } from "grpc-health-check";
import { Health as HealthService } from "../gen/grpc/health/v1/health_pb.js";
import type { Health } from "./health.js";

/** The descriptor of the grpc.health.v1.Health service {@link addGrpcHealth} serves, for server reflection to list. */
export const grpcHealthService = HealthService;

/** Options of {@link addGrpcHealth}. */
export interface GrpcHealthOptions {
  /**
   * Aborts when the server begins to stop (its listeners close). Open Watch
   * streams then end, with status OK, after the NOT_SERVING they have been
   * sent: no further change is coming, and a stream that never ends would
   * hold the server's graceful stop until it is forced.
   */
  stopping?: AbortSignal;
}

type WatchCall = ServerWritableStream<{ service: string }, { status: ServingStatus | "SERVICE_UNKNOWN" }>;

/**
 * Serves the standard grpc.health.v1.Health service (Check, Watch and List)
 * on a gRPC server, for the whole server ("") and each named service,
 * following `health.serving`: SERVING while the instance takes traffic,
 * NOT_SERVING otherwise (from the first moment of a stop).
 */
export function addGrpcHealth(
  server: Server,
  health: Health,
  services: readonly string[],
  options: GrpcHealthOptions = {},
): void {
  const names = ["", ...services];
  const statuses = new Map<string, ServingStatus>(names.map((name) => [name, "NOT_SERVING"]));
  const implementation = new HealthImplementation(Object.fromEntries(statuses));
  const watches = new Set<WatchCall>();
  const { stopping } = options;

  // grpc-health-check serves Check and List; Watch is ours, to end it on stop.
  implementation.addToServer({
    addService: (definition, handlers) =>
      server.addService(
        definition as unknown as ServiceDefinition,
        {
          ...handlers,
          watch: (call: WatchCall) => {
            call.write({ status: statuses.get(call.request.service) ?? "SERVICE_UNKNOWN" });
            if (stopping?.aborted) return call.end();
            watches.add(call);
            call.once("cancelled", () => watches.delete(call));
          },
        } as UntypedServiceImplementation,
      ),
  });
  stopping?.addEventListener(
    "abort",
    () => {
      for (const call of watches) call.end();
      watches.clear();
    },
    { once: true },
  );

  health.onServingChange((serving) => {
    const status = serving ? "SERVING" : "NOT_SERVING";
    for (const name of names) {
      statuses.set(name, status);
      implementation.setStatus(name, status);
    }
    for (const call of watches) if (statuses.has(call.request.service)) call.write({ status });
  });
}

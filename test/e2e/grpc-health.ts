import { credentials, makeClientConstructor, type Client } from "@grpc/grpc-js";
import { service as healthService } from "grpc-health-check";

/** A grpc.health.v1 status as the generated service definition decodes it. */
export type ServingStatus = "UNKNOWN" | "SERVING" | "NOT_SERVING" | "SERVICE_UNKNOWN";

interface HealthClient extends Client {
  check(req: { service: string }, cb: (err: Error | null, res?: { status: ServingStatus }) => void): void;
}

/** One grpc.health.v1 Check of `service` ("" for the server) at `address`. */
export async function grpcHealthCheck(address: string, service: string): Promise<ServingStatus> {
  const Constructor = makeClientConstructor(healthService, "grpc.health.v1.Health");
  const client = new Constructor(address, credentials.createInsecure()) as unknown as HealthClient;
  try {
    return await new Promise((resolve, reject) =>
      client.check({ service }, (err, res) => (err ? reject(err) : resolve(res!.status))),
    );
  } finally {
    client.close();
  }
}

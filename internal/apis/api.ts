import type { DescService } from "@bufbuild/protobuf";
import type { DependencyContainer } from "tsyringe";
import type { GrpcServer } from "../../pkg/transport/grpc/index.js";
import type { HttpServer } from "../../pkg/transport/http/index.js";
import type { DataRuntime } from "../data/data.js";
import type { Migrations } from "../data/migrations/index.js";

/**
 * One API of the service, composed across its layers: what it adds to the
 * container (repositories, use cases, the service implementation), the
 * database migrations it needs, and how it is served. The composition root
 * (cmd/server/wire.ts) and the servers iterate over every registered Api, so
 * adding one edits no wiring (see ./index.ts).
 */
export interface Api {
  /** The gRPC services it implements: listed by reflection and given a health status each. */
  readonly services: readonly DescService[];
  /** Its migrations by name, run with the kit's and every other API's in name order. */
  readonly migrations: Migrations;
  /** Registers its providers; the data runtime gives the database, cache, outbox and consumers. */
  register(container: DependencyContainer, data: DataRuntime): void;
  /** Registers its generated REST routes, bound to its implementation from the container. */
  serveHttp(server: HttpServer, container: DependencyContainer): void;
  /** Registers its generated gRPC services, bound to its implementation from the container. */
  serveGrpc(server: GrpcServer, container: DependencyContainer): void;
}

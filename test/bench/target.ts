// The service `make bench` measures, as data: how to start it, where it is
// ready, and the one REST route and gRPC method it is loaded with. Each
// target is a module of ./targets/ (see targets.ts).
import type { DescMethodUnary } from "@bufbuild/protobuf";

/** The loopback ports a target listens on. */
export interface TargetPorts {
  readonly http: number;
  readonly grpc: number;
  readonly admin: number;
}

/** A service under test. */
export interface BenchTarget {
  /** Shown in the table's header. */
  readonly name: string;
  /** The module (relative to the repository root) and arguments node runs: the compiled entry point. */
  readonly args: readonly string[];
  /** The environment that makes it listen on `ports` (and whatever else the target needs). */
  env(ports: TargetPorts): Record<string, string>;
  /** The admin path answering 200 once the service is ready. */
  readonly readyPath: string;
  /** The unary method the gRPC scenario calls; the gRPC baseline serves the same one. */
  readonly grpcMethod: DescMethodUnary;
  /** Makes what the load asks for exist (e.g. creates a record) and returns the request. */
  prepare(ports: TargetPorts): Promise<PreparedTarget>;
}

/** The request the load repeats, and the reply the baselines give to it. */
export interface PreparedTarget {
  /** The REST path the load GETs, e.g. "/v1/notes/0f3c…". */
  readonly restPath: string;
  /** The fastify route pattern of `restPath` for the bare fastify baseline, e.g. "/v1/notes/:id". */
  readonly restRoute: string;
  /** The JSON body the service answers `restPath` with. */
  readonly restBody: string;
  /** The gRPC request message, binary-encoded. */
  readonly grpcRequest: Uint8Array;
  /** The gRPC reply, as proto3 JSON of the method's output type. */
  readonly grpcReplyJson: string;
}

import type { DescMethod } from "@bufbuild/protobuf";
import { Unrouted } from "../gen/strata/transport/unrouted_pb.js";

/**
 * The operation label of calls no rpc serves (an unknown REST route, an
 * unknown gRPC method): one label for them all, so the metrics' cardinality
 * stays bounded whatever paths clients make up.
 */
export const UNKNOWN_OPERATION = "unknown";

/** The method such calls are recorded under (`strata.transport.Unrouted/Unknown`), with UNKNOWN_OPERATION as their operation. */
export const unroutedMethod: DescMethod = Unrouted.method.unknown;

import type { DescMethod } from "@bufbuild/protobuf";
import type { Metadata, ServerUnaryCall } from "@grpc/grpc-js";
import { cancelled, deadlineExceeded } from "../../errors/kit.js";
import { HeadersView, type HeaderSource } from "../headers-view.js";
import { ServerCall } from "../server-call.js";
import { headersFromMetadata } from "./metadata.js";

/** The CallContext of one gRPC call, and how to release what it holds once the call is done. */
export interface ServerCallScope {
  /** The call being served: its `ctx` is handed to the middleware and the handler. */
  readonly serving: ServerCall;
  /** Stops watching the deadline and the cancellation. */
  readonly dispose: () => void;
}

/** What a call scope reads of a grpc-js call: unary calls and streams alike have it. */
export type ServedGrpcCall = Pick<
  ServerUnaryCall<unknown, unknown>,
  "getDeadline" | "metadata" | "cancelled" | "getAuthContext"
> & {
  once(event: "cancelled", listener: () => void): unknown;
  removeListener(event: "cancelled", listener: () => void): unknown;
};

/**
 * The CallContext of a gRPC call: its deadline is the client's `grpc-timeout`
 * or else `defaultTimeoutMs` from now (0: none); it aborts at the deadline
 * (reason: 504 DEADLINE_EXCEEDED) or when the client cancels (reason: 499
 * CANCELLED); its request headers are the call's metadata, its peer the
 * client certificate the TLS handshake verified (mTLS). `operation`
 * overrides the method's own label (UNKNOWN_OPERATION for unknown methods).
 */
export function serverCallScope(
  call: ServedGrpcCall,
  method: DescMethod,
  defaultTimeoutMs: number,
  operation?: string,
): ServerCallScope {
  const deadline = deadlineOf(call, defaultTimeoutMs);
  const serving = new ServerCall({
    kind: "grpc",
    method,
    deadline,
    requestHeader: new HeadersView(call.metadata, metadataHeaders),
    peer: call,
    ...(operation !== undefined && { operation }),
  });
  // grpc-js ends a call itself at the client's deadline, which reaches us as a
  // cancellation: name it for what it is (timers may fire a little early).
  const onCancel = (): void =>
    serving.abort(deadline !== undefined && Date.now() + 5 >= deadline ? deadlineExceeded() : cancelled());
  if (call.cancelled) onCancel();
  else call.once("cancelled", onCancel);
  return {
    serving,
    dispose: () => {
      serving.dispose();
      call.removeListener("cancelled", onCancel);
    },
  };
}

function deadlineOf(call: ServedGrpcCall, defaultTimeoutMs: number): number | undefined {
  const client = call.getDeadline();
  const ms = client instanceof Date ? client.getTime() : client;
  if (Number.isFinite(ms)) return ms;
  return defaultTimeoutMs > 0 ? Date.now() + defaultTimeoutMs : undefined;
}

/** gRPC metadata, read as Headers reads headers: values joined with ", ", binary ones in base64. */
const metadataHeaders: HeaderSource<Metadata> = {
  get(metadata, name) {
    const values = metadata.get(name);
    if (values.length === 0) return null;
    return values.map((value) => (typeof value === "string" ? value : value.toString("base64"))).join(", ");
  },
  copy: headersFromMetadata,
};

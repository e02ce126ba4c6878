import { status as Status, type ServerInterceptor, type StatusObject } from "@grpc/grpc-js";
import { StrataError } from "../../errors/error.js";
import { KitReason, malformedRequest } from "../../errors/kit.js";

/** A status as grpc-js sends it: code and details, metadata optional. */
type PartialStatus = Pick<StatusObject, "code" | "details"> & { metadata?: StatusObject["metadata"] | null };

/**
 * The kit's error for a failure grpc-js answers itself, before or around any
 * handler, when the client sent something wrong; undefined for any other
 * status. grpc-js says INTERNAL for a bad `grpc-timeout`, a message that does
 * not decompress and bytes its deserializer rejects (health, reflection):
 * they are the client's mistakes, INVALID_ARGUMENT. A unary call with no or
 * two request messages stays UNIMPLEMENTED, as the gRPC spec says of
 * cardinality violations, but is no longer called "server streaming".
 */
export function clientFaultOf(status: PartialStatus): StrataError | undefined {
  const { code, details } = status;
  if (code === Status.INTERNAL) {
    if (details.startsWith("Invalid grpc-timeout value")) {
      return malformedRequest("the grpc-timeout header is not a valid timeout", { header: "grpc-timeout" });
    }
    if (details === "Failed to decompress message") {
      return malformedRequest("the request message does not decompress with the call's grpc-encoding", {
        header: "grpc-encoding",
      });
    }
    if (details.startsWith("Error deserializing request")) {
      return malformedRequest("the request is not a valid message of the method's request type");
    }
  } else if (code === Status.UNIMPLEMENTED) {
    if (details.startsWith("Received a second request message") || details.startsWith("Received no request message")) {
      return new StrataError(501, KitReason.MALFORMED_REQUEST, "the call must send exactly one request message");
    }
  }
  return undefined;
}

/** The part of a grpc-js server call this module replaces. */
interface StatusSender {
  sendStatus(status: PartialStatus): void;
}

/**
 * A server interceptor, to be the first: the statuses grpc-js sends for a
 * client's mistakes (see `clientFaultOf`) are sent as the kit's errors
 * (`toStatus`), with a reason, and `onFault` is told of them with the
 * method's path. grpc-js sends them from the call object interceptors wrap,
 * past any interceptor: its `sendStatus` is replaced on that object, which
 * only the first interceptor is handed.
 */
export function clientFaults(
  toStatus: (err: StrataError) => StatusObject,
  onFault: (path: string, err: StrataError) => void,
): ServerInterceptor {
  return (method, call) => {
    const target = call as unknown as StatusSender;
    const send = (Object.getPrototypeOf(target) as StatusSender).sendStatus;
    // Only the first status reaches the caller; grpc-js may try more once a call has failed.
    let answered = false;
    target.sendStatus = (status) => {
      const fault = answered || status.code === Status.OK ? undefined : clientFaultOf(status);
      answered = true;
      if (fault === undefined) {
        send.call(target, status);
        return;
      }
      send.call(target, toStatus(fault));
      onFault(method.path, fault);
    };
    return call as ReturnType<ServerInterceptor>;
  };
}

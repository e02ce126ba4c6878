import type { DescMethod } from "@bufbuild/protobuf";
import type { ServerUnaryCall } from "@grpc/grpc-js";
import { cancelled, deadlineExceeded } from "../../errors/kit.js";
import { newCallContext, type CallContext } from "../context.js";
import { headersFromMetadata } from "./metadata.js";

// setTimeout fires at once for delays past 2^31-1 ms; such deadlines never fire.
const MAX_TIMER_MS = 2 ** 31 - 1;

/** The CallContext of one gRPC call, and how to release what it holds once the call is done. */
export interface ServerCallScope {
  /** The context handed to the middleware and the handler. */
  readonly ctx: CallContext;
  /** Stops the deadline timer and the cancellation listener. */
  readonly dispose: () => void;
}

/**
 * The CallContext of a gRPC call: its deadline is the client's `grpc-timeout`
 * or else `defaultTimeoutMs` from now (0: none); its signal aborts at the
 * deadline (reason: 504 DEADLINE_EXCEEDED) or when the client cancels (reason:
 * 499 CANCELLED); its request headers are the call's metadata.
 */
export function serverCallScope(
  call: ServerUnaryCall<unknown, unknown>,
  method: DescMethod,
  defaultTimeoutMs: number,
): ServerCallScope {
  const controller = new AbortController();
  const deadline = deadlineOf(call, defaultTimeoutMs);
  const ctx = newCallContext({
    kind: "grpc",
    method,
    signal: controller.signal,
    deadline,
    requestHeader: headersFromMetadata(call.metadata),
  });

  // grpc-js ends a call itself at the client's deadline, which reaches us as a
  // cancellation: name it for what it is (timers may fire a little early).
  const onCancel = (): void =>
    controller.abort(deadline !== undefined && Date.now() + 5 >= deadline ? deadlineExceeded() : cancelled());
  call.once("cancelled", onCancel);
  if (call.cancelled) onCancel();

  let timer: NodeJS.Timeout | undefined;
  if (deadline !== undefined) {
    const ms = Math.max(0, deadline - Date.now());
    if (ms <= MAX_TIMER_MS) timer = setTimeout(() => controller.abort(deadlineExceeded()), ms);
  }

  return {
    ctx,
    dispose: () => {
      clearTimeout(timer);
      call.removeListener("cancelled", onCancel);
    },
  };
}

function deadlineOf(call: ServerUnaryCall<unknown, unknown>, defaultTimeoutMs: number): number | undefined {
  const client = call.getDeadline();
  const ms = client instanceof Date ? client.getTime() : client;
  if (Number.isFinite(ms)) return ms;
  return defaultTimeoutMs > 0 ? Date.now() + defaultTimeoutMs : undefined;
}

import type { DescMethod } from "@bufbuild/protobuf";
import type { FastifyReply, FastifyRequest } from "fastify";
import { cancelled, deadlineExceeded } from "../../errors/kit.js";
import { newCallContext, type CallContext } from "../context.js";
import { headersFromIncoming } from "./headers.js";

// setTimeout fires at once for delays past 2^31-1 ms; such deadlines never fire.
const MAX_TIMER_MS = 2 ** 31 - 1;

/** The CallContext of one HTTP call, and how to release what it holds once the call is done. */
export interface HttpCallScope {
  /** The context handed to the middleware and the handler. */
  readonly ctx: CallContext;
  /** Stops the deadline timer and the disconnect listener. */
  readonly dispose: () => void;
}

/**
 * The CallContext of an HTTP call: its deadline is `timeoutMs` from now (0:
 * none); its signal aborts at the deadline (reason: 504 DEADLINE_EXCEEDED) or
 * when the client disconnects before the reply is sent (reason: 499
 * CANCELLED); its request headers are the request's.
 */
export function httpCallScope(
  request: FastifyRequest,
  reply: FastifyReply,
  method: DescMethod,
  timeoutMs: number,
): HttpCallScope {
  const controller = new AbortController();
  const deadline = timeoutMs > 0 ? Date.now() + timeoutMs : undefined;
  const ctx = newCallContext({
    kind: "http",
    method,
    signal: controller.signal,
    deadline,
    requestHeader: headersFromIncoming(request.headers),
  });

  // The response closes when it is sent or when the connection goes; only the
  // latter, before the reply is complete, means the client gave up.
  const res = reply.raw;
  const onClose = (): void => {
    if (!res.writableFinished) controller.abort(cancelled());
  };
  res.once("close", onClose);
  if (res.destroyed || request.raw.socket?.destroyed === true) onClose();

  let timer: NodeJS.Timeout | undefined;
  if (timeoutMs > 0 && timeoutMs <= MAX_TIMER_MS) {
    timer = setTimeout(() => controller.abort(deadlineExceeded()), timeoutMs);
  }

  return {
    ctx,
    dispose: () => {
      clearTimeout(timer);
      res.removeListener("close", onClose);
    },
  };
}

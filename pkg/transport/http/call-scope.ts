import type { DescMethod } from "@bufbuild/protobuf";
import type { IncomingMessage } from "node:http";
import type { FastifyReply, FastifyRequest } from "fastify";
import { cancelled } from "../../errors/kit.js";
import { HeadersView, type HeaderSource } from "../headers-view.js";
import { ServerCall } from "../server-call.js";
import { headersFromIncoming } from "./headers.js";

/** The CallContext of one HTTP call, and how to release what it holds once the call is done. */
export interface HttpCallScope {
  /** The call: its `ctx` is handed to the middleware and the handler. */
  readonly call: ServerCall;
  /** Stops watching the deadline; call once the reply is sent. */
  readonly dispose: () => void;
}

/**
 * The CallContext of an HTTP call: its deadline is `timeoutMs` from now (0:
 * none); it aborts at the deadline (reason: 504 DEADLINE_EXCEEDED) or when
 * the client disconnects before the reply is sent (reason: 499 CANCELLED);
 * its request headers are the request's. `operation` overrides the method's
 * own label (UNKNOWN_OPERATION for requests no route serves).
 */
export function httpCallScope(
  request: FastifyRequest,
  reply: FastifyReply,
  method: DescMethod,
  timeoutMs: number,
  operation?: string,
): HttpCallScope {
  const call = new ServerCall({
    kind: "http",
    method,
    deadline: timeoutMs > 0 ? Date.now() + timeoutMs : undefined,
    requestHeader: new HeadersView(request.raw, incomingHeaders),
    ...(operation !== undefined && { operation }),
  });
  // The response closes when it is sent or when the connection goes; only the
  // latter, before the reply is complete, means the client gave up.
  const res = reply.raw;
  const onClose = (): void => {
    if (!res.writableFinished) call.abort(cancelled());
  };
  // 'close' comes once per response, after the reply when all went well (the
  // call is disposed by then, so it does not abort): the listener needs
  // neither once()'s wrapper nor removing.
  if (res.destroyed || request.raw.socket?.destroyed === true) onClose();
  else res.on("close", onClose);
  return { call, dispose: () => call.dispose() };
}

/**
 * A request's headers, read as Headers reads them. A header sent once is
 * looked up in `rawHeaders` as received: reading `request.headers` makes Node
 * build the whole header object, which most calls never need. A repeated one
 * is read from that object, which merges repeats as Node does.
 */
const incomingHeaders: HeaderSource<IncomingMessage> = {
  get(incoming, name) {
    const raw = incoming.rawHeaders;
    let found: string | undefined;
    for (let i = 0; i < raw.length; i += 2) {
      const key = raw[i];
      if (key?.length !== name.length || key.toLowerCase() !== name) continue;
      if (found !== undefined) return merged(incoming, name);
      found = raw[i + 1] ?? "";
    }
    return found ?? null;
  },
  copy: (incoming) => headersFromIncoming(incoming.headers),
};

/** A repeated header as Node merged it: joined, or the first where repeats are dropped. */
function merged(incoming: IncomingMessage, name: string): string | null {
  const value = incoming.headers[name];
  if (value === undefined) return null;
  return typeof value === "string" ? value : value.join(", ");
}

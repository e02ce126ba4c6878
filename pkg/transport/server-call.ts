import type { DescMethod } from "@bufbuild/protobuf";
import type { PeerCertificate } from "node:tls";
import { deadlineExceeded } from "../errors/kit.js";
import { operationOf, type CallContext, type TransportKind } from "./context.js";
import { serverDeadlines, type Expiring } from "./deadlines.js";

/** What a transport knows of a call when it starts serving it. */
export interface ServerCallInit {
  readonly kind: TransportKind;
  readonly method: DescMethod;
  /** When the call must be done, in ms since the epoch; undefined for none. */
  readonly deadline: number | undefined;
  /** The request headers (gRPC metadata); a HeadersView spares copying them. */
  readonly requestHeader: Headers;
  /** The operation label, when it is not the method's own (UNKNOWN_OPERATION for calls no rpc serves). */
  readonly operation?: string;
  /** Where the certificate the client presented (mTLS) is found, asked only when something reads it. */
  readonly peer?: PeerSource;
}

/**
 * What knows a call's verified client certificate: a grpc-js call is one
 * (its AuthContext), so the transport hands the call itself, at no cost to
 * calls whose peer no one reads.
 */
export interface PeerSource {
  getAuthContext(): { readonly sslPeerCertificate?: PeerCertificate | undefined } | null;
}

/**
 * A call a server is serving: its `ctx` and what the transport does with it.
 * The transport aborts the call (deadline, client gone) with `abort`, and
 * answers the caller at that moment through `settle`, without waiting for a
 * handler that ignores `ctx.signal` and without a listener on the signal.
 * The signal itself is made on first use: most calls never look at it, and
 * an AbortSignal per call costs a busy server more than the rest of its
 * context together.
 */
export class ServerCall implements Expiring {
  /** The context handed to the middleware and the handler. */
  readonly ctx: CallContext;
  #controller: AbortController | undefined;
  #aborted = false;
  #reason: unknown;
  #onAbort: ((reason: unknown) => void) | undefined;
  #watched = false;
  #ticket = 0;
  #disposed = false;

  /** Starts the call: once its deadline, if it has one, passes, it aborts with 504 DEADLINE_EXCEEDED. */
  constructor(init: ServerCallInit) {
    this.ctx = new ServerCallContext(init, this);
    if (init.deadline !== undefined) {
      this.#ticket = serverDeadlines.add(this, init.deadline);
      this.#watched = true;
    }
  }

  #responseHeader: Headers | undefined;

  /** The reply headers the handler or middleware set, undefined when they never looked at them. */
  get responseHeader(): Headers | undefined {
    return this.#responseHeader;
  }

  /** The call's reply headers, made on first use. */
  responseHeaders(): Headers {
    this.#responseHeader ??= new Headers();
    return this.#responseHeader;
  }

  /** Whether the call has been aborted. */
  get aborted(): boolean {
    return this.#aborted;
  }

  /** Why the call was aborted (what its caller was answered), undefined while it is not. */
  get abortReason(): unknown {
    return this.#reason;
  }

  /** The call's AbortSignal, made on first use (aborted already if the call is). */
  signal(): AbortSignal {
    if (this.#controller === undefined) {
      this.#controller = new AbortController();
      if (this.#aborted) this.#controller.abort(this.#reason);
    }
    return this.#controller.signal;
  }

  /**
   * Aborts the call with `reason` (a StrataError): `ctx.signal` aborts and
   * `settle` fails. Later calls, and calls once the call is disposed (its
   * reply sent), do nothing.
   */
  abort(reason: unknown): void {
    if (this.#aborted || this.#disposed) return;
    this.#aborted = true;
    this.#reason = reason;
    this.#unwatch();
    this.#controller?.abort(reason);
    this.#onAbort?.(reason);
  }

  /**
   * Runs `work` and calls back once: `onValue` with what it resolves to, or
   * `onError` with why it failed or, as soon as the call is aborted, with the
   * abort reason, whichever comes first; a call already aborted does not run
   * `work`. Callbacks rather than a promise: a busy server makes no promise
   * per call for this. `onError` may be called from within `abort`, so it
   * must not throw. One settle per call.
   */
  settle<T>(work: () => Promise<T>, onValue: (value: T) => void, onError: (err: unknown) => void): void {
    if (this.#aborted) {
      onError(this.#reason);
      return;
    }
    let settled = false;
    const fail = (err: unknown): void => {
      if (settled) return;
      settled = true;
      onError(err);
    };
    this.#onAbort = fail;
    let pending: Promise<T>;
    try {
      pending = work();
    } catch (err) {
      fail(err);
      return;
    }
    pending.then((value) => {
      if (settled) return;
      settled = true;
      onValue(value);
    }, fail);
  }

  /** Its deadline has passed (Deadlines calls this). */
  expire(): void {
    this.#watched = false;
    this.abort(deadlineExceeded());
  }

  /** Ends the call once its reply is sent: its deadline is no longer watched and it can no longer abort. */
  dispose(): void {
    this.#disposed = true;
    this.#unwatch();
    this.#onAbort = undefined;
  }

  #unwatch(): void {
    if (!this.#watched) return;
    this.#watched = false;
    serverDeadlines.delete(this, this.ctx.deadline ?? 0, this.#ticket);
  }
}

/**
 * The CallContext of a served call. `signal` and `responseHeader` are getters
 * on the prototype, made on first use (reading the call through a plain
 * property, so contexts derived from this one with `deriveContext` read them
 * too); everything else is its own.
 */
class ServerCallContext implements CallContext {
  readonly kind: TransportKind;
  readonly method: DescMethod;
  readonly operation: string;
  readonly deadline: number | undefined;
  readonly requestHeader: Headers;
  /** The call it belongs to (read by `answeredEarly`). */
  readonly call: ServerCall;
  /** Where the client's certificate is found (read by `peerCertificateOf`). */
  readonly peer: PeerSource | undefined;

  constructor(init: ServerCallInit, call: ServerCall) {
    this.kind = init.kind;
    this.method = init.method;
    this.operation = init.operation ?? operationOf(init.method);
    this.deadline = init.deadline;
    this.requestHeader = init.requestHeader;
    this.call = call;
    this.peer = init.peer;
  }

  get signal(): AbortSignal {
    return this.call.signal();
  }

  get responseHeader(): Headers {
    return this.call.responseHeaders();
  }
}

/**
 * What the caller of a served call was answered with before its handler
 * (and the middleware around it) finished: the abort reason (504
 * DEADLINE_EXCEEDED, 499 CANCELLED) once the transport answered at the
 * deadline or saw the client go; undefined otherwise, and for contexts that
 * are not a server's. The access log, the metrics and the span record this
 * rather than what the handler returned too late: what the caller saw.
 */
export function answeredEarly(ctx: CallContext): unknown {
  return ctx instanceof ServerCallContext ? ctx.call.abortReason : undefined;
}

/**
 * The certificate the client of a served call presented and the server
 * verified (gRPC with mTLS); undefined without one, and for contexts that are
 * not a server's. Read it through `peerOf` (pkg/auth), which describes it.
 */
export function peerCertificateOf(ctx: CallContext): PeerCertificate | undefined {
  return ctx instanceof ServerCallContext ? (ctx.peer?.getAuthContext()?.sslPeerCertificate ?? undefined) : undefined;
}

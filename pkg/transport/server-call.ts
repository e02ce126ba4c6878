import type { DescMethod } from "@bufbuild/protobuf";
import { deadlineExceeded } from "../errors/kit.js";
import { operationOf, type CallContext, type TransportKind } from "./context.js";

// setTimeout fires at once for delays past 2^31-1 ms; such deadlines never fire.
const MAX_TIMER_MS = 2 ** 31 - 1;

/** What a transport knows of a call when it starts serving it. */
export interface ServerCallInit {
  readonly kind: TransportKind;
  readonly method: DescMethod;
  /** When the call must be done, in ms since the epoch; undefined for none. */
  readonly deadline: number | undefined;
  /** The request headers (gRPC metadata), made on first use. */
  readonly requestHeader: () => Headers;
}

/**
 * A call a server is serving, made cheap for the common call that never
 * looks at most of its context: `ctx`'s AbortSignal, request headers and
 * reply headers come into being on first use. `ctx` is a plain object whose
 * properties are its own (getters for the lazy ones), so `{ ...ctx }` copies
 * every one of them. The transport aborts the call (deadline, client gone)
 * with `abort`, and answers the caller at that moment through `race`,
 * without waiting for a handler that ignores `ctx.signal`.
 */
export class ServerCall {
  /** The context handed to the middleware and the handler. */
  readonly ctx: CallContext;
  readonly #readRequestHeader: () => Headers;
  #requestHeader: Headers | undefined;
  #responseHeader: Headers | undefined;
  #controller: AbortController | undefined;
  #aborted = false;
  #reason: unknown;
  #onAbort: ((reason: unknown) => void) | undefined;
  #timer: NodeJS.Timeout | undefined;

  /** Starts the call: its deadline timer, if it has a deadline, aborts it with 504 DEADLINE_EXCEEDED. */
  constructor(init: ServerCallInit) {
    this.#readRequestHeader = init.requestHeader;
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- ctx's own getters read this call's state
    const call = this;
    this.ctx = {
      kind: init.kind,
      method: init.method,
      operation: operationOf(init.method),
      deadline: init.deadline,
      get signal() {
        return call.#signal();
      },
      get requestHeader() {
        call.#requestHeader ??= call.#readRequestHeader();
        return call.#requestHeader;
      },
      get responseHeader() {
        call.#responseHeader ??= new Headers();
        return call.#responseHeader;
      },
    };
    if (init.deadline !== undefined) {
      const ms = Math.max(0, init.deadline - Date.now());
      if (ms <= MAX_TIMER_MS) this.#timer = setTimeout(() => this.abort(deadlineExceeded()), ms);
    }
  }

  /** The reply headers the handler or middleware set, undefined when none were. */
  get responseHeader(): Headers | undefined {
    return this.#responseHeader;
  }

  /** Whether the call has been aborted. */
  get aborted(): boolean {
    return this.#aborted;
  }

  /** Aborts the call with `reason` (a StrataError): `ctx.signal` aborts and `race` rejects. Later calls do nothing. */
  abort(reason: unknown): void {
    if (this.#aborted) return;
    this.#aborted = true;
    this.#reason = reason;
    clearTimeout(this.#timer);
    this.#controller?.abort(reason);
    this.#onAbort?.(reason);
  }

  /**
   * Runs `work` and settles as it does, or rejects with the abort reason as
   * soon as the call is aborted, whichever comes first; a call already
   * aborted does not run `work`. One race per call.
   */
  race<T>(work: () => Promise<T>): Promise<T> {
    if (this.#aborted) return Promise.reject(this.#reason);
    return new Promise<T>((resolve, reject) => {
      this.#onAbort = reject;
      work().then(resolve, reject);
    });
  }

  /** Ends the call's deadline timer: call once the reply is sent. */
  dispose(): void {
    clearTimeout(this.#timer);
    this.#onAbort = undefined;
  }

  #signal(): AbortSignal {
    if (this.#controller === undefined) {
      this.#controller = new AbortController();
      if (this.#aborted) this.#controller.abort(this.#reason);
    }
    return this.#controller.signal;
  }
}

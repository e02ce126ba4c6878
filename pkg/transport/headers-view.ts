type KeysIterator = ReturnType<Headers["keys"]>;
type EntriesIterator = ReturnType<Headers["entries"]>;

/** How a HeadersView reads its source: one header, or all of them as a copy. */
export interface HeaderSource<S> {
  /** One header by lower-case name, values of a repeated one joined with ", " (as Headers.get does); null if absent. */
  get(source: S, name: string): string | null;
  /** Every header, copied into a Headers. */
  copy(source: S): Headers;
}

/**
 * A transport's request headers (HTTP headers, gRPC metadata) seen as fetch
 * Headers without copying them for every call: `get` and `has` read the
 * transport's own structure; anything else (iteration, writes,
 * `getSetCookie`) first copies them into a real Headers, once, and works on
 * that copy. Most calls only ever read a few headers (the tracing middleware
 * reads `traceparent`, `tracestate` and `baggage`), so most never copy.
 */
export class HeadersView<S> implements Headers {
  readonly #source: S;
  readonly #access: HeaderSource<S>;
  #copy: Headers | undefined;

  /** A view of `source`, read through `access` (one per transport, shared by every call). */
  constructor(source: S, access: HeaderSource<S>) {
    this.#source = source;
    this.#access = access;
  }

  get(name: string): string | null {
    return this.#copy !== undefined ? this.#copy.get(name) : this.#access.get(this.#source, name.toLowerCase());
  }

  has(name: string): boolean {
    return this.get(name) !== null;
  }

  append(name: string, value: string): void {
    this.#headers().append(name, value);
  }

  set(name: string, value: string): void {
    this.#headers().set(name, value);
  }

  delete(name: string): void {
    this.#headers().delete(name);
  }

  getSetCookie(): string[] {
    return this.#headers().getSetCookie();
  }

  forEach(callback: (value: string, key: string, parent: Headers) => void, thisArg?: unknown): void {
    this.#headers().forEach((value, key) => callback.call(thisArg, value, key, this));
  }

  keys(): KeysIterator {
    return this.#headers().keys();
  }

  values(): KeysIterator {
    return this.#headers().values();
  }

  entries(): EntriesIterator {
    return this.#headers().entries();
  }

  [Symbol.iterator](): EntriesIterator {
    return this.#headers()[Symbol.iterator]();
  }

  #headers(): Headers {
    this.#copy ??= this.#access.copy(this.#source);
    return this.#copy;
  }
}

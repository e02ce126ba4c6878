type KeysIterator = ReturnType<Headers["keys"]>;
type EntriesIterator = ReturnType<Headers["entries"]>;

/**
 * A transport's request headers (HTTP headers, gRPC metadata) seen as fetch
 * Headers without copying them for every call: `get` and `has` read the
 * transport's own structure; anything else (iteration, writes,
 * `getSetCookie`) first copies them into a real Headers, once, and works on
 * that copy. Most calls only ever read a few headers (the tracing middleware
 * reads `traceparent`, `tracestate` and `baggage`), so most never copy.
 */
export class HeadersView implements Headers {
  readonly #lookup: (name: string) => string | null;
  readonly #build: () => Headers;
  #copy: Headers | undefined;

  /**
   * `lookup` reads one header by lower-case name (values of a repeated one
   * joined with ", ", as Headers.get does); `build` copies them all.
   */
  constructor(lookup: (name: string) => string | null, build: () => Headers) {
    this.#lookup = lookup;
    this.#build = build;
  }

  get(name: string): string | null {
    return this.#copy !== undefined ? this.#copy.get(name) : this.#lookup(name.toLowerCase());
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
    this.#copy ??= this.#build();
    return this.#copy;
  }
}

import type { TextMapGetter, TextMapSetter } from "@opentelemetry/api";

/** Reads W3C trace context and baggage from request headers or gRPC metadata (CallContext.requestHeader). */
export const headersGetter: TextMapGetter<Headers> = {
  keys: (headers) => [...headers.keys()],
  get: (headers, key) => headers.get(key) ?? undefined,
};

/** Writes W3C trace context and baggage into an outbound call's headers. */
export const headersSetter: TextMapSetter<Headers> = {
  set: (headers, key, value) => headers.set(key, value),
};

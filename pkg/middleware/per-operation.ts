import type { DescMethod } from "@bufbuild/protobuf";
import type { CallContext, TransportKind } from "../transport/context.js";

/**
 * Memoizes, per rpc and transport, what middleware prepares once for every
 * call of an operation (span names, bound loggers): `make` runs on the first
 * call of each and its result serves every later one.
 */
export function perOperation<T>(make: (ctx: CallContext) => T): (ctx: CallContext) => T {
  const byMethod = new WeakMap<DescMethod, Map<TransportKind, T>>();
  return (ctx) => {
    let byKind = byMethod.get(ctx.method);
    if (byKind === undefined) {
      byKind = new Map();
      byMethod.set(ctx.method, byKind);
    }
    let found = byKind.get(ctx.kind);
    if (found === undefined) {
      found = make(ctx);
      byKind.set(ctx.kind, found);
    }
    return found;
  };
}

import type { DescMethod } from "@bufbuild/protobuf";
import { operationOf } from "../transport/context.js";
import { chain, type Handler, type Middleware } from "./middleware.js";

/** Decides from the operation (`/pkg.Service/Method`) and its method whether selected middleware applies. */
export type OperationPredicate = (operation: string, method: DescMethod) => boolean;

/**
 * Which operations a {@link selector} applies its middleware to, by full gRPC
 * method name (`/library.v1.LibraryService/GetBook`, the same for REST and gRPC).
 * An operation is selected when any one of the given criteria matches it.
 */
export interface OperationMatch {
  /** Exact operations, e.g. `/library.v1.LibraryService/DeleteBook`. */
  readonly operations?: readonly string[];
  /** Operation prefixes, e.g. `/library.v1.LibraryService/` for a whole service or `/library.v1.` for a package. */
  readonly prefixes?: readonly string[];
  /** Patterns that must match the whole operation (as if anchored with `^…$`), e.g. `/\/library\.v1\.\w+\/Get\w+/`. */
  readonly regex?: readonly RegExp[];
  /** Anything else: a decision from the name or the method's descriptor (its options, its kind). */
  readonly match?: OperationPredicate;
}

/**
 * Applies `middleware` to the operations `match` selects and lets every other
 * call go straight on, as Kratos's `selector.Server(...).Prefix(...).Build()`:
 * e.g. `selector({ prefixes: ["/admin.v1."] }, auth(...))` to guard one
 * service only. The decision is made on an operation's first call and
 * remembered, so a call costs one lookup whatever the criteria.
 */
export function selector(match: OperationMatch | OperationPredicate, ...middleware: readonly Middleware[]): Middleware {
  const selects = typeof match === "function" ? match : predicateOf(match);
  const decided = new WeakMap<DescMethod, boolean>();
  const isSelected = (method: DescMethod): boolean => {
    let selected = decided.get(method);
    if (selected === undefined) {
      selected = selects(operationOf(method), method);
      decided.set(method, selected);
    }
    return selected;
  };
  const wrap = chain(...middleware);
  return (next): Handler => {
    const selected = wrap(next);
    return (req, ctx) => (isSelected(ctx.method) ? selected(req, ctx) : next(req, ctx));
  };
}

// One predicate for all of a match's criteria, any of which selects an operation.
function predicateOf(match: OperationMatch): OperationPredicate {
  const exact = new Set(match.operations);
  const prefixes = match.prefixes ?? [];
  // Anchored copies without `g`/`y`, whose lastIndex would make test() depend on the previous call.
  const patterns = (match.regex ?? []).map((re) => new RegExp(`^(?:${re.source})$`, re.flags.replace(/[gy]/g, "")));
  const custom = match.match;
  return (operation, method) =>
    exact.has(operation) ||
    prefixes.some((prefix) => operation.startsWith(prefix)) ||
    patterns.some((re) => re.test(operation)) ||
    (custom?.(operation, method) ?? false);
}

import type { DescField } from "@bufbuild/protobuf";
import type { CompiledRoute, TemplateVariable } from "../../pkg/transport/http/index.js";

/** One `{param}` of an OpenAPI path: the path segment(s) it stands for. */
export interface PathParam {
  /** The parameter's name in the path. */
  name: string;
  /** The template variable the segment belongs to, if any (a bare `*` belongs to none). */
  readonly variable: TemplateVariable | undefined;
  /** The request field the variable sets, through its messages. */
  readonly chain: readonly DescField[];
  /** Whether the variable is this one segment alone, so the parameter is the field's whole value. */
  readonly whole: boolean;
  /** Whether it stands for `**`: one or more segments, slashes included. */
  readonly deep: boolean;
}

/** A route's path in OpenAPI form, with its parameters in order. */
export interface OpenApiPath {
  readonly params: PathParam[];
  /** The path with `{name}` for each parameter: call `render()` after renaming parameters. */
  render(): string;
  /** The path with every parameter as `{}`: routes of one shape share their path item. */
  readonly shape: string;
}

/**
 * The OpenAPI form of a route's path template. OpenAPI parameters cannot hold
 * a `/`, so a variable over several segments (`{name=shelves/*}`) keeps its
 * literals and has one parameter per wildcard, named after the literal before
 * it (`/v1/shelves/{shelf}`); a one-segment variable is one parameter named
 * by the field's JSON path (`{id}`, `{shelf.shelfId}`); a custom verb stays
 * (`:cancel`).
 */
export function openApiPath(compiled: CompiledRoute): OpenApiPath {
  const { template } = compiled;
  const parts: (string | PathParam)[] = [];
  const params: PathParam[] = [];
  const used = new Set<string>();
  const unique = (name: string): string => {
    let candidate = name;
    for (let n = 2; used.has(candidate); n++) candidate = `${name}${n}`;
    used.add(candidate);
    return candidate;
  };
  for (const [i, segment] of template.segments.entries()) {
    if (segment.kind === "literal") {
      parts.push(segment.value);
      continue;
    }
    const variable = template.variables.find((v) => v.start <= i && i < v.end);
    const chain = variable !== undefined ? (compiled.pathFields.get(variable.name) ?? []) : [];
    const whole = variable !== undefined && variable.end - variable.start === 1;
    const before = template.segments[i - 1];
    const base = whole
      ? jsonPath(chain)
      : before?.kind === "literal"
        ? singular(before.value)
        : `${variable !== undefined ? jsonPath(chain) : "segment"}${i}`;
    const param: PathParam = { name: unique(base), variable, chain, whole, deep: segment.kind === "deepWildcard" };
    params.push(param);
    parts.push(param);
  }
  const verb = template.verb !== undefined ? `:${template.verb}` : "";
  const join = (name: (p: PathParam) => string): string =>
    "/" + parts.map((p) => (typeof p === "string" ? p : `{${name(p)}}`)).join("/") + verb;
  return { params, render: () => join((p) => p.name), shape: join(() => "") };
}

/** The dotted JSON names of a field chain: `shelf.shelfId`. */
export function jsonPath(chain: readonly DescField[]): string {
  return chain.map((f) => f.jsonName).join(".");
}

/** `shelves` → `shelf`, `books` → `book`, `categories` → `category`: a collection's member. */
function singular(collection: string): string {
  if (/ies$/.test(collection)) return collection.slice(0, -3) + "y";
  if (/ves$/.test(collection)) return collection.slice(0, -3) + "f";
  if (/[^s]s$/.test(collection)) return collection.slice(0, -1);
  return collection;
}

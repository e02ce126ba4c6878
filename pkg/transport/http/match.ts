import { malformedRequest } from "../../errors/kit.js";
import type { PathTemplate } from "./template.js";

/**
 * Matches a URL path (as sent, percent-encoded, without the query) against a
 * template. Returns the value of each variable by its dotted field path, or
 * undefined when the path does not match.
 *
 * Decoding follows google.api.http: a variable of one segment is fully
 * percent-decoded; a variable of several segments (or `**`) is decoded except
 * for `%2F`, which stays as it is so that the value's own slashes stay apart
 * from escaped ones. A malformed escape is a 400 MALFORMED_REQUEST.
 */
export function matchTemplate(template: PathTemplate, path: string): Map<string, string> | undefined {
  if (!path.startsWith("/")) return undefined;
  const raw = path.slice(1).split("/");
  if (template.verb !== undefined) {
    const suffix = `:${template.verb}`;
    const last = raw[raw.length - 1] ?? "";
    if (!last.endsWith(suffix)) return undefined;
    raw[raw.length - 1] = last.slice(0, -suffix.length);
  }
  const segments = template.segments;
  const deep = segments[segments.length - 1]?.kind === "deepWildcard";
  if (deep ? raw.length < segments.length - 1 : raw.length !== segments.length) return undefined;

  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i];
    const value = raw[i];
    if (segment?.kind === "literal" && (value === undefined || decode(value) !== segment.value)) return undefined;
    if (segment?.kind === "wildcard" && !value) return undefined;
  }

  const values = new Map<string, string>();
  for (const variable of template.variables) {
    const end = variable.end === segments.length && deep ? raw.length : variable.end;
    const spanned = raw.slice(variable.start, end);
    const single = variable.end - variable.start === 1 && segments[variable.start]?.kind === "wildcard";
    const value = single ? decode(spanned[0] ?? "") : spanned.map(decodeKeepingSlashes).join("/");
    values.set(variable.name, value);
  }
  return values;
}

function decode(segment: string): string {
  if (!segment.includes("%")) return segment;
  try {
    return decodeURIComponent(segment);
  } catch {
    throw malformedRequest(`the URL path segment "${segment}" is not validly percent-encoded`);
  }
}

function decodeKeepingSlashes(segment: string): string {
  return segment
    .split(/%2F/i)
    .map((part) => decode(part))
    .join("%2F");
}

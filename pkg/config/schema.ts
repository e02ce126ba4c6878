import { z } from "zod";
import { parseDuration } from "./duration.js";

/** A duration (`500ms`, `2s`, `1m`, `1h`, or `0`) read as milliseconds. */
export function duration(): z.ZodType<number, string | number> {
  return z.union([z.string(), z.number()]).transform((value, ctx) => {
    if (typeof value === "number") return value;
    const ms = parseDuration(value);
    if (ms === undefined) {
      ctx.addIssue({ code: "custom", message: `expected a duration like 500ms, 2s or 1m, got "${value}"` });
      return z.NEVER;
    }
    return ms;
  });
}

/** A `host:port` listen address; port 0 picks a free port. */
export function listenAddress(): z.ZodString {
  return z.string().regex(/^(\[[0-9a-fA-F:.]+\]|[^:\s]*):\d{1,5}$/, 'expected "host:port", e.g. "0.0.0.0:8000"');
}

/** A boolean, also written as the strings `true`/`false` (as placeholders produce). */
export function flag(): z.ZodType<boolean, boolean | "true" | "false"> {
  return z.union([z.boolean(), z.enum(["true", "false"])]).transform((value) => value === true || value === "true");
}

/** A whole number, also written as a string (as placeholders produce). */
export function integer(): z.ZodType<number, unknown> {
  return z.coerce.number<unknown>().int();
}

/**
 * A comma-separated list of web origins (`https://app.example.com,http://localhost:5173`),
 * each a scheme, host and optional port with nothing after, or `*` for any; empty is none.
 */
export function originList(): z.ZodType<string[], string> {
  return z.string().transform((value, ctx) => {
    const origins = value
      .split(",")
      .map((origin) => origin.trim())
      .filter((origin) => origin !== "");
    for (const origin of origins) {
      if (origin === "*") continue;
      let parsed: URL | undefined;
      try {
        parsed = new URL(origin);
      } catch {
        parsed = undefined;
      }
      if (parsed === undefined || !/^https?:$/.test(parsed.protocol) || parsed.origin !== origin) {
        ctx.addIssue({ code: "custom", message: `expected origins like https://app.example.com, got "${origin}"` });
        return z.NEVER;
      }
    }
    return origins;
  });
}

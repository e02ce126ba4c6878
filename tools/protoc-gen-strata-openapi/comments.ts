import type { AnyDesc, DescFile } from "@bufbuild/protobuf";
import { getComments } from "@bufbuild/protoplugin";

/** What a declaration's leading comment says, as OpenAPI `summary` and `description`. */
export interface Described {
  /** The first sentence (or line), for `summary`. */
  readonly summary: string | undefined;
  /** The whole comment, for `description`. */
  readonly description: string | undefined;
}

// Linter directives are for buf, not for readers of the API.
const DIRECTIVE = /^\s*buf:lint:ignore\b/;

/** The leading comment of a declaration, without buf:lint directives and the leading space of each line. */
export function commentOf(desc: Exclude<AnyDesc, DescFile>): string | undefined {
  const text = getComments(desc).leading;
  if (text === undefined) return undefined;
  const lines = text
    .split("\n")
    .filter((line) => !DIRECTIVE.test(line))
    .map((line) => line.replace(/^ /, "").trimEnd());
  const joined = lines.join("\n").trim();
  return joined === "" ? undefined : joined;
}

/** The summary and description of a declaration, from its leading comment. */
export function described(desc: Exclude<AnyDesc, DescFile>): Described {
  const description = commentOf(desc);
  if (description === undefined) return { summary: undefined, description: undefined };
  const paragraph = description.split(/\n\s*\n/)[0]?.replace(/\s*\n\s*/g, " ") ?? "";
  const sentence = /^(.+?[.!?])(\s|$)/.exec(paragraph)?.[1] ?? paragraph;
  return { summary: sentence, description };
}

import type { GeneratedFile, ImportSymbol, Plugin } from "@bufbuild/protoplugin";

// Shared by protoc-gen-strata-grpc and protoc-gen-strata-errors.

/** A piece of generated code: text, or a symbol that protoplugin imports. */
export type Part = string | ImportSymbol;

/** The line width the generated code is laid out for: the repository's prettier printWidth. */
export const PRINT_WIDTH = 120;

const width = (parts: readonly Part[]): number =>
  parts.reduce((n, part) => n + (typeof part === "string" ? part : part.name).length, 0);

/**
 * Prints `head(a, b): tail` on one line when it fits in PRINT_WIDTH, else with
 * one item per line as prettier lays out long parameter and argument lists,
 * so that the generated code passes `prettier --check` as it is. Items are
 * not broken further: one that alone overflows the line (an rpc name of 70
 * characters or so) is where the layouts part.
 */
export function printList(
  f: GeneratedFile,
  indent: string,
  head: readonly Part[],
  items: readonly (readonly Part[])[],
  tail: readonly Part[],
): void {
  const joined = items.flatMap((item, i) => (i === 0 ? [...item] : [", ", ...item]));
  const line = [indent, ...head, "(", ...joined, ")", ...tail];
  if (width(line) <= PRINT_WIDTH) {
    f.print(...line);
    return;
  }
  f.print(indent, ...head, "(");
  for (const item of items) f.print(indent, "  ", ...item, ",");
  f.print(indent, ")", ...tail);
}

const IMPORT_LINE = /^import (type )?\{ (.+) \} from ("[^"]+");$/;

/**
 * Lays out import statements longer than PRINT_WIDTH with one name per line,
 * as prettier does; protoplugin writes every import on one line.
 */
export function wrapLongImports(content: string): string {
  return content
    .split("\n")
    .map((line) => {
      const match = line.length > PRINT_WIDTH ? IMPORT_LINE.exec(line) : null;
      if (match === null) return line;
      const [, typeOnly = "", names, from] = match;
      const list = names.split(", ").map((name) => `  ${name},\n`);
      return `import ${typeOnly}{\n${list.join("")}} from ${from};`;
    })
    .join("\n");
}

/**
 * The finishing touches on a generated file: long imports wrapped, and no
 * blanket eslint-disable from the preamble, since the code passes the
 * repository's lint rules as it is (eslint reports an unused directive).
 */
export function tidy(content: string): string {
  return wrapLongImports(content.replace(/^\/\* eslint-disable \*\/\n/m, ""));
}

/** A plugin whose generated files are tidied (see `tidy`). */
export function tidied(plugin: Plugin): Plugin {
  return {
    name: plugin.name,
    version: plugin.version,
    run(request) {
      const response = plugin.run(request);
      for (const file of response.file) file.content = tidy(file.content);
      return response;
    },
  };
}

import type { DescField, DescMessage } from "@bufbuild/protobuf";

/** The fields a dotted path walks through, from the outer message to the field it names. */
export type FieldChain = readonly DescField[];

/**
 * Resolves a field path (`["book", "name"]`) in a message: every field but the
 * last must be a singular message field. Path templates and `body` use proto
 * field names; the query string may also use JSON names (`jsonNames`).
 * Returns the chain, or a sentence saying why the path does not resolve.
 */
export function resolveFieldPath(
  desc: DescMessage,
  names: readonly string[],
  jsonNames = false,
): { chain: FieldChain } | { problem: string } {
  const chain: DescField[] = [];
  let parent = desc;
  for (const [i, name] of names.entries()) {
    const field = parent.fields.find((f) => f.name === name || (jsonNames && f.jsonName === name));
    if (field === undefined) return { problem: `${parent.typeName} has no field "${name}"` };
    chain.push(field);
    if (i === names.length - 1) break;
    if (field.fieldKind !== "message") {
      const kind = field.fieldKind === "list" ? "repeated" : field.fieldKind === "map" ? "a map" : "not a message";
      return { problem: `${chainName(chain)} is ${kind}, so it has no field "${names[i + 1] ?? ""}"` };
    }
    parent = field.message;
  }
  return { chain };
}

/** The dotted proto-name path of a chain: `book.name`. */
export function chainName(chain: FieldChain): string {
  return chain.map((f) => f.name).join(".");
}

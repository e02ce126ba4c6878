import { hasOption, type DescMessage } from "@bufbuild/protobuf";
import { field, message, oneof } from "@bufbuild/protovalidate/gen/buf/validate/validate_pb.js";

const known = new WeakMap<DescMessage, boolean>();

/**
 * Whether protovalidate has anything to check on a message of type `schema`:
 * a buf.validate option on the message, one of its oneofs or fields, or on a
 * message type one of its fields holds (singular, repeated or map values),
 * however deep. Decided once per type, so a request type without rules skips
 * validation entirely.
 */
export function hasValidationRules(schema: DescMessage): boolean {
  return rulesIn(schema, new Set());
}

function rulesIn(schema: DescMessage, visiting: Set<DescMessage>): boolean {
  const decided = known.get(schema);
  if (decided !== undefined) return decided;
  // A type that holds itself adds no rules by doing so: its own rules decide.
  if (visiting.has(schema)) return false;
  visiting.add(schema);
  const found =
    hasOption(schema, message) ||
    schema.oneofs.some((o) => hasOption(o, oneof)) ||
    schema.fields.some((f) => {
      if (hasOption(f, field)) return true;
      const held = heldMessage(f);
      return held !== undefined && rulesIn(held, visiting);
    });
  visiting.delete(schema);
  // An answer reached through a cycle still being decided may be too early a "no": keep only the top's.
  if (found || visiting.size === 0) known.set(schema, found);
  return found;
}

/** The message type a field holds: its own, its list items' or its map values'. */
function heldMessage(f: DescMessage["fields"][number]): DescMessage | undefined {
  if (f.fieldKind === "message") return f.message;
  if (f.fieldKind === "list" && f.listKind === "message") return f.message;
  if (f.fieldKind === "map" && f.mapKind === "message") return f.message;
  return undefined;
}

import { mergeFromJson, type DescMessage, type JsonValue, type Message, type Registry } from "@bufbuild/protobuf";
import { reflect } from "@bufbuild/protobuf/reflect";
import { malformedRequest } from "../../errors/kit.js";
import { chainName, type FieldChain } from "./field-path.js";

/**
 * Sets the field at the end of a chain from its proto3 JSON value, creating
 * the messages on the way, and merging with what is already there (repeated
 * fields append). A value fromJson rejects is a 400 MALFORMED_REQUEST whose
 * `metadata.field` is the field's dotted path; `what` says where the value came
 * from, e.g. `query parameter "page_size"`.
 */
export function setField(
  desc: DescMessage,
  message: Message,
  chain: FieldChain,
  json: JsonValue,
  what: string,
  registry: Registry | undefined,
): void {
  let parent = reflect(desc, message);
  for (const field of chain.slice(0, -1)) {
    if (field.fieldKind !== "message") throw new Error(`${chainName(chain)}: ${field.name} is not a message field`);
    if (!parent.isSet(field)) parent.set(field, reflect(field.message));
    parent = parent.get(field);
  }
  const leaf = chain[chain.length - 1];
  if (leaf === undefined) throw new Error("setField: empty field chain");
  try {
    mergeFromJson(parent.desc, parent.message, { [leaf.jsonName]: json }, { registry });
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    throw malformedRequest(`invalid value for ${what}: ${detail}`, { field: chainName(chain) });
  }
}

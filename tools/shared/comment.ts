import type { DescEnumValue, DescMethod, DescService } from "@bufbuild/protobuf";
import { getComments } from "@bufbuild/protoplugin";

/** A descriptor's proto comment as the first paragraph of a doc comment (buf lint directives dropped), or nothing. */
export function commentOf(desc: DescService | DescMethod | DescEnumValue): string {
  const text = (getComments(desc).leading ?? "")
    .split("\n")
    .map((line) => (line.startsWith(" ") ? line.slice(1) : line))
    .filter((line) => !line.startsWith("buf:lint:"))
    .join("\n")
    .trim();
  return text === "" ? "" : `${text}\n\n`;
}

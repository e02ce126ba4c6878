import { createEcmaScriptPlugin, type GeneratedFile, type Plugin, type Schema } from "@bufbuild/protoplugin";
import { commentOf } from "../shared/comment.js";
import { printList, tidied } from "../shared/print.js";
import { parseRuntimeOption, type RuntimeOption } from "../shared/runtime-option.js";
import { errorReasonEnums, reasonsOf, type ErrorReason } from "./reasons.js";

/** The version stamped into generated files. */
export const PLUGIN_VERSION = "v0.1.0";

/**
 * protoc-gen-strata-errors: for every enum named ErrorReason (or setting
 * `(strata.errors.default_code)`) in `x.proto`, writes `x_errors.ts` with an
 * error constructor and a predicate per value but the zero one.
 */
export const plugin: Plugin = tidied(
  createEcmaScriptPlugin<RuntimeOption>({
    name: "protoc-gen-strata-errors",
    version: PLUGIN_VERSION,
    parseOptions: parseRuntimeOption,
    generateTs,
  }),
);

function generateTs(schema: Schema<RuntimeOption>): void {
  for (const file of schema.files) {
    const reasons = errorReasonEnums(file).flatMap(reasonsOf);
    if (reasons.length === 0) continue;
    assertUniqueNames(reasons);
    const f = schema.generateFile(`${file.name}_errors.ts`);
    f.preamble(file);
    const from = `${schema.options.runtime}/errors/index.js`;
    const symbols = {
      StrataError: f.import("StrataError", from),
      ErrorMetadata: f.import("ErrorMetadata", from, true),
      isStrataError: f.import("isStrataError", from),
    };
    reasons.forEach((reason, i) => {
      if (i > 0) f.print();
      printReason(f, reason, symbols);
    });
  }
}

interface RuntimeSymbols {
  StrataError: ReturnType<GeneratedFile["import"]>;
  ErrorMetadata: ReturnType<GeneratedFile["import"]>;
  isStrataError: ReturnType<GeneratedFile["import"]>;
}

function printReason(f: GeneratedFile, r: ErrorReason, s: RuntimeSymbols): void {
  const comment = commentOf(r.value);
  const ctor = `error${r.pascalName}`;
  const reason = JSON.stringify(r.reason);

  f.print(f.jsDoc(`${comment}Creates the error ${r.code} \`${r.reason}\` (${r.value.parent.typeName}).`));
  printList(
    f,
    "",
    [`export function ${ctor}`],
    [["message: string"], ["metadata?: ", s.ErrorMetadata]],
    [": ", s.StrataError, " {"],
  );
  printList(f, "  ", ["return new ", s.StrataError], [[String(r.code)], [reason], ["message"], ["metadata"]], [";"]);
  f.print("}");
  f.print();
  f.print(
    f.jsDoc(
      `${comment}Whether \`err\` is a StrataError with reason \`${r.reason}\`, made by {@link ${ctor}} or received from a server.`,
    ),
  );
  f.print(`export function is${r.pascalName}(err: unknown): err is `, s.StrataError, " {");
  f.print("  return ", s.isStrataError, "(err) && err.reason === ", reason, ";");
  f.print("}");
}

function assertUniqueNames(reasons: readonly ErrorReason[]): void {
  const seen = new Map<string, string>();
  for (const r of reasons) {
    const origin = `${r.value.parent.typeName}.${r.reason}`;
    const other = seen.get(r.pascalName);
    if (other !== undefined) throw new Error(`${origin} and ${other} would both generate error${r.pascalName}`);
    seen.set(r.pascalName, origin);
  }
}

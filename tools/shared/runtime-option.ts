/**
 * The one option of the kit's own protoc plugins, beyond protoplugin's
 * (target, import_extension, ...): where the kit's `pkg/` is.
 */
export interface RuntimeOption {
  /**
   * A path relative to the plugin's `out` directory (`../pkg`, starting with
   * `./` or `../`) or a package name.
   */
  runtime: string;
}

/** Parses `runtime=<path>`; it is required, and no other option is known. */
export function parseRuntimeOption(raw: readonly { key: string; value: string }[]): RuntimeOption {
  let runtime: string | undefined;
  for (const { key, value } of raw) {
    if (key !== "runtime") throw new Error(`unknown option "${key}"`);
    if (value === "") throw new Error("option runtime needs a value, e.g. runtime=../pkg");
    runtime = value.replace(/\/+$/, "");
  }
  if (runtime === undefined) {
    throw new Error("option runtime is required: the path of pkg/ relative to out, e.g. runtime=../pkg");
  }
  return { runtime };
}

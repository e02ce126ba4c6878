/** The options of protoc-gen-strata-errors, beyond protoplugin's own (target, import_extension, ...). */
export interface ErrorsPluginOptions {
  /**
   * Where the kit's `pkg/` is: a path relative to the plugin's `out` directory
   * (`../pkg`, starting with `./` or `../`) or a package name.
   */
  runtime: string;
}

/** Parses `runtime=<path>`, the one option of its own; it is required. */
export function parseOptions(raw: readonly { key: string; value: string }[]): ErrorsPluginOptions {
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

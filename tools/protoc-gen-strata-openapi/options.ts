/** The options of protoc-gen-strata-openapi, beyond protoplugin's. */
export interface OpenApiOptions {
  /** Where to write the document of every service together, relative to `out`; none when undefined. */
  readonly merged: string | undefined;
  /** The merged document's title. */
  readonly title: string;
}

/** Parses `merged=<path>` and `title=<text>`; no other option is known. */
export function parseOpenApiOptions(raw: readonly { key: string; value: string }[]): OpenApiOptions {
  let merged: string | undefined;
  let title = "API";
  for (const { key, value } of raw) {
    if (value === "") throw new Error(`option ${key} needs a value`);
    if (key === "merged") merged = value;
    else if (key === "title") title = value;
    else throw new Error(`unknown option "${key}"`);
  }
  return { merged, title };
}

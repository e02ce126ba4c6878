// Module customization hooks (run on Node's loader thread): append each loaded
// module's URL to RECORD_LOADS_FILE, then load it as usual.
import { appendFileSync } from "node:fs";
import type { LoadHook } from "node:module";

const file = process.env["RECORD_LOADS_FILE"] ?? "";

/** Records `url`, then hands it to the next loader. */
export const load: LoadHook = (url, context, nextLoad) => {
  if (file !== "") appendFileSync(file, `${url}\n`);
  return nextLoad(url, context);
};

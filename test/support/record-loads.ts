// Preloaded with `--import`: records the URL of every module the process
// loads, one a line, in the file named by RECORD_LOADS_FILE (see record-loads-hooks.ts).
import { register } from "node:module";

register("./record-loads-hooks.ts", import.meta.url);

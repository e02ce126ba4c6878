import { parseArgs } from "node:util";
import { ConfigError, loadConfig } from "../../pkg/config/index.js";
import { ConfigSchema, type Config } from "./conf.js";

/**
 * The config a command was started with: `--conf <file>` (default
 * configs/config.yaml) with environment overrides, validated. An invalid config
 * is printed, naming each bad key, and the process exits 2.
 */
export async function configFromFlags(args: readonly string[] = process.argv.slice(2)): Promise<Config> {
  const { values: flags } = parseArgs({
    args: [...args],
    options: { conf: { type: "string", short: "c", default: "configs/config.yaml" } },
  });
  try {
    return await loadConfig(flags.conf, ConfigSchema);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`${err.message}\n`);
    process.exit(2);
  }
}

// REST load with wrk: one thread (the load generator has one CPU), keep-alive
// connections, GET of one URL. Any non-2xx reply or socket error fails the run.
import { numberIn, runPinned, type LoadResult } from "./load-generator.js";

/** How wrk loads a URL. */
export interface WrkOptions {
  readonly cpu: number;
  readonly connections: number;
  readonly seconds: number;
}

/** GETs `url` for `options.seconds` and returns the rate; throws on any error reply. */
export async function wrk(url: string, options: WrkOptions): Promise<LoadResult> {
  const output = await runPinned(options.cpu, "wrk", ["-t1", `-c${options.connections}`, `-d${options.seconds}s`, url]);
  const non2xx = /Non-2xx or 3xx responses: (\d+)/.exec(output)?.[1];
  const socketErrors = /Socket errors: (.*)/.exec(output)?.[1];
  if (non2xx !== undefined || socketErrors !== undefined) {
    throw new Error(`wrk ${url}: ${non2xx ?? 0} non-2xx replies; socket errors: ${socketErrors ?? "none"}\n${output}`);
  }
  return {
    rate: numberIn(output, /Requests\/sec:\s+([\d.]+)/, "Requests/sec"),
    requests: numberIn(output, /(\d+) requests in/, "request count"),
  };
}

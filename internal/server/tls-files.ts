import type { Logger } from "../../pkg/log/logger.js";
import { TlsFileWatcher, type TlsFiles } from "../../pkg/tls/index.js";

/**
 * The watcher of a server's certificate files, or undefined when none are
 * configured (plaintext). The config checked the files at start; a renewal
 * taken is logged at info, files that changed into something unusable at
 * warn (the certificate served before is kept).
 */
export function tlsFiles(
  server: "http" | "grpc",
  files: TlsFiles,
  interval: number,
  logger: Logger,
): TlsFileWatcher | undefined {
  if (!files.cert) return undefined;
  return new TlsFileWatcher(files, {
    interval,
    onReload: () => logger.info({ server, cert: files.cert }, "tls: serving the renewed certificate files"),
    onError: (err) =>
      logger.warn(
        { server, file: err.path, reason: err.reason },
        "tls: the certificate files changed but cannot be used; serving the ones before",
      ),
  });
}

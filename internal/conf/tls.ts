import type { z } from "zod";
import { readTlsFiles, TlsFileError, type TlsFiles } from "../../pkg/tls/index.js";

/** A TLS file setting: its key in the config object and the environment variable that sets it. */
export interface TlsSetting {
  readonly key: string;
  readonly env: string;
}

/**
 * Checks a server's TLS files at start (a superRefine of its settings): a
 * file that cannot be read or is not PEM, a key that is not the
 * certificate's, a certificate without its key, or a client CA without a
 * certificate stops the service with a message naming the setting.
 */
export function checkTlsFiles(
  files: TlsFiles,
  settings: Readonly<Partial<Record<keyof TlsFiles, TlsSetting>>>,
  ctx: z.RefinementCtx,
): void {
  const name = (file: keyof TlsFiles): string => settings[file]?.env ?? file;
  if (files.ca && !files.cert) {
    ctx.addIssue({
      code: "custom",
      path: [settings.ca?.key ?? "ca"],
      message: `verifying clients needs the server's own certificate: set ${name("cert")} and ${name("key")} too`,
    });
    return;
  }
  try {
    readTlsFiles(files);
  } catch (err) {
    if (!(err instanceof TlsFileError)) throw err;
    const message =
      err.path === "" ? `set ${name(err.file)} too: it ${err.reason}` : `${err.path} ${err.reason} (${name(err.file)})`;
    ctx.addIssue({ code: "custom", path: [settings[err.file]?.key ?? err.file], message });
  }
}

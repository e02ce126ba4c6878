import type { experimental } from "@grpc/grpc-js";
import { readTlsFiles, TlsFileError, type TlsFiles, type TlsMaterial } from "./files.js";

type CertificateProvider = experimental.CertificateProvider;
type CaListener = experimental.CaCertificateUpdateListener;
type IdentityListener = experimental.IdentityCertificateUpdateListener;

/** How a TlsFileWatcher polls. */
export interface TlsFileWatcherOptions {
  /** How often the files are read again, in ms. */
  readonly interval: number;
  /** Told of a change that was taken: the new material is being served. */
  readonly onReload?: ((material: TlsMaterial) => void) | undefined;
  /**
   * Told of files that changed but cannot be used (unreadable, a key that is
   * not the certificate's, as in the middle of a copy): the last good ones
   * are kept. Once per bad state, not once per poll.
   */
  readonly onError?: ((err: TlsFileError) => void) | undefined;
}

/**
 * Serves the contents of a set of TLS files and follows them as they are
 * replaced (cert-manager renewing a Secret that Kubernetes updates in the
 * pod): the files are read again every `interval` while someone listens, and
 * a change is passed on only once the whole set checks out, so a half-copied
 * pair never replaces a good one. Polling rather than fs.watch: a mounted
 * Secret changes by swapping a symlinked directory, which watchers miss.
 *
 * It is a @grpc/grpc-js CertificateProvider (for
 * `experimental.createCertificateProviderServerCredentials`) and has
 * `onChange` for anything else (an HTTPS server's setSecureContext).
 * Throws a TlsFileError from the constructor if the files are not usable now.
 */
export class TlsFileWatcher implements CertificateProvider {
  readonly #files: TlsFiles;
  readonly #options: TlsFileWatcherOptions;
  #material: TlsMaterial;
  // What the files held at the last poll, good or not: a poll that finds the same bytes does nothing.
  #seen: string;
  readonly #listeners = new Set<(material: TlsMaterial) => void>();
  readonly #caListeners = new Map<CaListener, (material: TlsMaterial) => void>();
  readonly #identityListeners = new Map<IdentityListener, (material: TlsMaterial) => void>();
  #timer: NodeJS.Timeout | undefined;

  /** Reads `files` now; then watches them while anyone listens. */
  constructor(files: TlsFiles, options: TlsFileWatcherOptions) {
    this.#files = files;
    this.#options = options;
    this.#material = readTlsFiles(files);
    this.#seen = fingerprint(this.#material);
  }

  /** The material being served: what the files held when last read whole and good. */
  get current(): TlsMaterial {
    return this.#material;
  }

  /** Calls `listener` with the new material on each change taken; returns how to stop. */
  onChange(listener: (material: TlsMaterial) => void): () => void {
    this.#listeners.add(listener);
    this.#startPolling();
    return () => {
      this.#listeners.delete(listener);
      this.#stopPollingIfUnwatched();
    };
  }

  /** Reads the files once now, as a poll does (tests call it rather than waiting for the timer). */
  poll(): void {
    let material: TlsMaterial;
    try {
      material = readTlsFiles(this.#files);
    } catch (err) {
      if (!(err instanceof TlsFileError)) throw err;
      const state = `error:${err.message}`;
      if (state !== this.#seen) this.#options.onError?.(err);
      this.#seen = state;
      return;
    }
    const seen = fingerprint(material);
    if (seen === this.#seen) return;
    this.#seen = seen;
    if (seen === fingerprint(this.#material)) return;
    this.#material = material;
    this.#options.onReload?.(material);
    for (const listener of this.#listeners) listener(material);
  }

  /** grpc-js: follow the CA certificate. */
  addCaCertificateListener(listener: CaListener): void {
    const forward = (material: TlsMaterial): void => listener(material.ca ? { caCertificate: material.ca } : null);
    this.#caListeners.set(listener, forward);
    this.#listeners.add(forward);
    process.nextTick(forward, this.#material);
    this.#startPolling();
  }

  /** grpc-js: stop following the CA certificate. */
  removeCaCertificateListener(listener: CaListener): void {
    this.#unlisten(this.#caListeners, listener);
  }

  /** grpc-js: follow the certificate and key. */
  addIdentityCertificateListener(listener: IdentityListener): void {
    const forward = (material: TlsMaterial): void =>
      listener(material.cert && material.key ? { certificate: material.cert, privateKey: material.key } : null);
    this.#identityListeners.set(listener, forward);
    this.#listeners.add(forward);
    process.nextTick(forward, this.#material);
    this.#startPolling();
  }

  /** grpc-js: stop following the certificate and key. */
  removeIdentityCertificateListener(listener: IdentityListener): void {
    this.#unlisten(this.#identityListeners, listener);
  }

  #unlisten<L>(map: Map<L, (material: TlsMaterial) => void>, listener: L): void {
    const forward = map.get(listener);
    if (forward === undefined) return;
    map.delete(listener);
    this.#listeners.delete(forward);
    this.#stopPollingIfUnwatched();
  }

  #startPolling(): void {
    if (this.#timer !== undefined) return;
    this.#timer = setInterval(() => this.poll(), this.#options.interval);
    // Watching certificates is no reason to keep the process alive.
    this.#timer.unref();
  }

  #stopPollingIfUnwatched(): void {
    if (this.#listeners.size > 0 || this.#timer === undefined) return;
    clearInterval(this.#timer);
    this.#timer = undefined;
  }
}

function fingerprint(material: TlsMaterial): string {
  return [material.cert, material.key, material.ca].map((b) => b?.toString("base64") ?? "").join(":");
}

import { rootCertificates } from "node:tls";
import { experimental, type ChannelCredentials, type ServerCredentials } from "@grpc/grpc-js";
import type { TlsFileWatcher } from "../../tls/watcher.js";

/**
 * gRPC server credentials from certificate files that are followed as they
 * change: new connections get the new certificate, with no restart. With a
 * CA among the files (`ca`), it is mTLS: a client must present a certificate
 * that CA signed, or its handshake fails; the certificate is then on each
 * call's context (`peerOf(ctx)`, pkg/auth).
 */
export function tlsServerCredentials(files: TlsFileWatcher): ServerCredentials {
  const mutual = files.current.ca !== undefined;
  // grpc-js takes the identity provider first, whatever its parameter is called.
  return experimental.createCertificateProviderServerCredentials(files, mutual ? files : null, mutual);
}

/**
 * gRPC channel credentials (GrpcConn's `credentials`) from certificate files
 * followed as they change: the server's certificate must chain to the files'
 * `ca` (the system's roots without one), and with a `cert` and `key` the
 * client presents them (mTLS). A changed file applies to new connections.
 */
export function tlsChannelCredentials(files: TlsFileWatcher): ChannelCredentials {
  const { ca, cert } = files.current;
  const identity = cert === undefined ? null : files;
  return experimental.createCertificateProviderChannelCredentials(ca === undefined ? systemRoots : files, identity);
}

const systemRootsUpdate = { caCertificate: Buffer.from(rootCertificates.join("\n")) };

/** The system's CA roots, for a channel whose files name no CA of their own. */
const systemRoots: experimental.CertificateProvider = {
  addCaCertificateListener: (listener) => process.nextTick(listener, systemRootsUpdate),
  removeCaCertificateListener: () => undefined,
  addIdentityCertificateListener: (listener) => process.nextTick(listener, null),
  removeIdentityCertificateListener: () => undefined,
};

// One real gRPC call before the load: h2load counts HTTP/2 statuses only, so
// this is what proves a server answers the pre-encoded request with status OK
// and the expected message.
import { equals, fromBinary, fromJsonString, type DescMethodUnary } from "@bufbuild/protobuf";
import { Client, credentials, type ServiceError } from "@grpc/grpc-js";

/**
 * Calls `method` at `address` with the encoded `request` (waiting up to 30 s
 * for the server to listen) and throws unless it answers OK with the message
 * whose proto3 JSON is `expectedJson`.
 */
export async function checkUnaryCall(
  address: string,
  method: DescMethodUnary,
  request: Uint8Array,
  expectedJson: string,
): Promise<void> {
  const client = new Client(address, credentials.createInsecure());
  try {
    await new Promise<void>((resolve, reject) =>
      client.waitForReady(Date.now() + 30_000, (error) => (error ? reject(error) : resolve())),
    );
    const reply = await new Promise<Buffer>((resolve, reject) => {
      client.makeUnaryRequest(
        `/${method.parent.typeName}/${method.name}`,
        (bytes: Buffer) => bytes,
        (bytes: Buffer) => bytes,
        Buffer.from(request),
        (error: ServiceError | null, value?: Buffer) =>
          error || !value ? reject(error ?? new Error("no reply")) : resolve(value),
      );
    });
    const expected = fromJsonString(method.output, expectedJson);
    if (!equals(method.output, fromBinary(method.output, reply), expected)) {
      throw new Error(`${address} answered ${method.name} with another message than ${expectedJson}`);
    }
  } finally {
    client.close();
  }
}

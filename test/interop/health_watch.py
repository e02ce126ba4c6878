"""A grpc.health.v1 client in another language's gRPC library (Python grpcio),
built from health.proto alone, as a load balancer or service mesh would watch
a backend: one Check of the whole server (""), then a Watch whose every status
it prints as it arrives. Each line of output is one JSON object:

  {"check": "SERVING"}
  {"watch": "SERVING"}
  {"watch": "NOT_SERVING"}
  {"end": "OK", "details": ""}      the Watch stream ended, with its status

usage: python3 health_watch.py <generated-code-dir> <host:port> [timeout-seconds]
"""
import json
import sys

sys.path.insert(0, sys.argv[1])

import grpc  # noqa: E402
from health.v1 import health_pb2, health_pb2_grpc  # noqa: E402


def emit(**fields: str) -> None:
    print(json.dumps(fields), flush=True)


def main() -> None:
    timeout = float(sys.argv[3]) if len(sys.argv) > 3 else 60.0
    with grpc.insecure_channel(sys.argv[2]) as channel:
        stub = health_pb2_grpc.HealthStub(channel)
        reply = stub.Check(health_pb2.HealthCheckRequest(service=""), timeout=10)
        emit(check=health_pb2.HealthCheckResponse.ServingStatus.Name(reply.status))
        try:
            for reply in stub.Watch(health_pb2.HealthCheckRequest(service=""), timeout=timeout):
                emit(watch=health_pb2.HealthCheckResponse.ServingStatus.Name(reply.status))
            emit(end="OK", details="")
        except grpc.RpcError as err:
            emit(end=err.code().name, details=err.details() or "")


main()

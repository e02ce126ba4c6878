"""A client of the kit's FixtureService in another language's gRPC library (Python grpcio), built
from the .proto files alone. It proves that clients which are not the kit's get
the same replies and the same error reasons (google.rpc.ErrorInfo in
grpc-status-details-bin). Prints one JSON object with what it saw.

usage: python3 fixture_client.py <generated-code-dir> <host:port>
"""
import json
import sys

sys.path.insert(0, sys.argv[1])

import grpc  # noqa: E402
from google.protobuf import json_format  # noqa: E402
from google.rpc import error_details_pb2, status_pb2  # noqa: E402
from fixture.v1 import fixture_pb2, fixture_pb2_grpc  # noqa: E402


def error_of(err: grpc.RpcError) -> dict:
    """The status code, message and ErrorInfo of a failed call."""
    out = {"code": err.code().name, "message": err.details()}
    for key, value in err.trailing_metadata() or ():
        if key == "grpc-status-details-bin":
            status = status_pb2.Status.FromString(value)
            for detail in status.details:
                info = error_details_pb2.ErrorInfo()
                if detail.Unpack(info):
                    out["reason"] = info.reason
                    out["metadata"] = dict(info.metadata)
    return out


def main() -> None:
    channel = grpc.insecure_channel(sys.argv[2])
    stub = fixture_pb2_grpc.FixtureServiceStub(channel)
    created = stub.CreateNote(fixture_pb2.CreateNoteRequest(note=fixture_pb2.Note(title="from python")), timeout=10)
    got = stub.GetNote(fixture_pb2.GetNoteRequest(id=created.id), timeout=10)
    result = {
        "created": json_format.MessageToDict(created),
        "got": json_format.MessageToDict(got),
    }
    for name, call in (
        ("notFound", lambda: stub.GetNote(fixture_pb2.GetNoteRequest(id="missing"), timeout=10)),
        ("invalid", lambda: stub.CreateNote(fixture_pb2.CreateNoteRequest(note=fixture_pb2.Note(title="")), timeout=10)),
    ):
        try:
            call()
            result[name] = None
        except grpc.RpcError as err:
            result[name] = error_of(err)
    print(json.dumps(result))


main()

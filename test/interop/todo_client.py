"""A TodoService client in another language's gRPC library (Python grpcio), built
from the .proto files alone. It proves that clients which are not the kit's get
the same replies and the same error reasons (google.rpc.ErrorInfo in
grpc-status-details-bin). Prints one JSON object with what it saw.

usage: python3 todo_client.py <generated-code-dir> <host:port>
"""
import json
import sys

sys.path.insert(0, sys.argv[1])

import grpc  # noqa: E402
from google.protobuf import json_format  # noqa: E402
from google.rpc import error_details_pb2, status_pb2  # noqa: E402
from todo.v1 import todo_pb2, todo_pb2_grpc  # noqa: E402


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
    stub = todo_pb2_grpc.TodoServiceStub(channel)
    created = stub.CreateTodo(todo_pb2.CreateTodoRequest(todo=todo_pb2.Todo(title="from python")), timeout=10)
    got = stub.GetTodo(todo_pb2.GetTodoRequest(id=created.id), timeout=10)
    result = {
        "created": json_format.MessageToDict(created),
        "got": json_format.MessageToDict(got),
    }
    for name, call in (
        ("notFound", lambda: stub.GetTodo(todo_pb2.GetTodoRequest(id="missing"), timeout=10)),
        ("invalid", lambda: stub.CreateTodo(todo_pb2.CreateTodoRequest(todo=todo_pb2.Todo(title="")), timeout=10)),
    ):
        try:
            call()
            result[name] = None
        except grpc.RpcError as err:
            result[name] = error_of(err)
    print(json.dumps(result))


main()

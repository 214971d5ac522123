"""Error answers in the `rpcStatus` shape the bulk import API uses: `{"code", "message", "details"}`."""

from __future__ import annotations

from enum import IntEnum

from starlette.responses import JSONResponse


class GrpcCode(IntEnum):
    """The gRPC status codes this server answers with (numbering from the gRPC specification)."""

    INVALID_ARGUMENT = 3
    NOT_FOUND = 5
    FAILED_PRECONDITION = 9
    UNIMPLEMENTED = 12
    INTERNAL = 13
    UNAUTHENTICATED = 16


# The HTTP status each code is sent with, following gRPC's own HTTP mapping.
_HTTP_STATUS = {
    GrpcCode.INVALID_ARGUMENT: 400,
    GrpcCode.NOT_FOUND: 404,
    GrpcCode.FAILED_PRECONDITION: 400,
    GrpcCode.UNIMPLEMENTED: 501,
    GrpcCode.INTERNAL: 500,
    GrpcCode.UNAUTHENTICATED: 401,
}


class ApiError(Exception):
    """Raised by request handling; turned into an rpcStatus response by the app."""

    def __init__(self, code: GrpcCode, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message

    @property
    def http_status(self) -> int:
        return _HTTP_STATUS[self.code]


def rpc_response(code: GrpcCode, message: str, *, http_status: int | None = None) -> JSONResponse:
    status = _HTTP_STATUS[code] if http_status is None else http_status
    return JSONResponse({"code": int(code), "message": message, "details": []}, status_code=status)


def invalid(message: str) -> ApiError:
    return ApiError(GrpcCode.INVALID_ARGUMENT, message)

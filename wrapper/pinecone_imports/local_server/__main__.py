"""`python -m pinecone_imports.local_server`: the local import server as its own process.

The API key comes from the PINECONE_LOCAL_API_KEY environment variable (so it never shows in the
process list); without it a key is generated and printed once, on the ready line, for the operator.
The ready line is one JSON object on stdout, which is what scripts and tests wait for."""

from __future__ import annotations

import argparse
import json
import os
import sys

from pinecone_imports.local_server._server import API_KEY_ENV, serve


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m pinecone_imports.local_server")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--db", default=None, help="SQLite file; state survives restarts")
    parser.add_argument("--data-root", default=None, help="folder that file:// imports may read")
    parser.add_argument("--dimension", type=int, default=None)
    parser.add_argument("--vector-type", choices=["dense", "sparse"], default="dense")
    parser.add_argument("--log-level", default="warning")
    parser.add_argument(
        "--require-version-header",
        action="store_true",
        help="refuse requests without X-Pinecone-Api-Version instead of answering them as the oldest version",
    )
    return parser


def main(argv: list[str] | None = None) -> None:
    args = _parser().parse_args(argv)
    given_key = os.environ.get(API_KEY_ENV) or None

    def announce(url: str, api_key: str) -> None:
        ready: dict[str, str] = {"url": url}
        if given_key is None:
            ready["apiKey"] = api_key
        sys.stdout.write(json.dumps(ready) + "\n")
        sys.stdout.flush()

    serve(
        host=args.host,
        port=args.port,
        api_key=given_key,
        data_root=args.data_root,
        db_path=args.db,
        dimension=args.dimension,
        vector_type=args.vector_type,
        log_level=args.log_level,
        require_version_header=args.require_version_header,
        on_ready=announce,
    )


if __name__ == "__main__":
    main()

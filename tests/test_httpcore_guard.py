"""httpcore's loggers are guarded exactly when requests go through httpx, and only then imported."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap


def _run(code: str, env: dict[str, str] | None = None) -> None:
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, **(env or {})},
    )
    assert done.returncode == 0, done.stderr


def test_the_default_client_does_not_import_httpcore() -> None:
    _run(
        """
        import sys
        from pinecone_imports import ImportsClient
        ImportsClient("http://127.0.0.1:9", "k-canary-0001")
        assert "httpcore" not in sys.modules, "httpcore was imported by the default client"
        """
    )


def test_a_proxied_client_guards_httpcore_loggers_before_its_first_request() -> None:
    # A proxy in the environment sends requests through an httpx.Client the library builds itself,
    # after the key was registered, so its httpcore loggers must be guarded at that point.
    _run(
        """
        import logging
        from pinecone_imports import ImportsClient, APIConnectionError
        from pinecone_imports._secret import _FILTER
        client = ImportsClient("https://imports.example.invalid", "k-canary-0002", max_retries=0)
        try:
            client.describe_import("1")
        except APIConnectionError:
            pass
        names = [n for n in logging.root.manager.loggerDict if n.startswith("httpcore.")]
        assert "httpcore.http11" in names, "the request did not go through httpcore"
        assert all(_FILTER in logging.getLogger(n).filters for n in names), names
        """,
        {"HTTPS_PROXY": "http://127.0.0.1:9", "NO_PROXY": ""},
    )

"""Helpers for the local server tests: HTTP clients, polling, and the server as a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import boto3
import httpx

from pinecone_imports.local_server import API_KEY_ENV

FINAL = {"Completed", "Failed", "Cancelled"}
NEWEST = "2026-07"
REPO = Path(__file__).resolve().parent.parent


def api_client(url: str, api_key: str, version: str | None = NEWEST) -> httpx.Client:
    headers = {"Api-Key": api_key}
    if version is not None:
        headers["X-Pinecone-Api-Version"] = version
    return httpx.Client(base_url=url, headers=headers, timeout=30.0)


def wait_for(client: httpx.Client, import_id: str, *, timeout: float = 30.0) -> dict[str, object]:
    """Polls describe until the import reaches a final state."""
    deadline = time.monotonic() + timeout
    while True:
        body: dict[str, object] = client.get(f"/bulk/imports/{import_id}").json()
        if body["status"] in FINAL:
            return body
        if time.monotonic() > deadline:
            raise AssertionError(f"import {import_id} still {body['status']} after {timeout}s")
        time.sleep(0.02)


def start(client: httpx.Client, uri: str, on_error: str | None = None) -> str:
    payload: dict[str, object] = {"uri": uri}
    if on_error is not None:
        payload["errorMode"] = {"onError": on_error}
    response = client.post("/bulk/imports", json=payload)
    assert response.status_code == 200, response.text
    import_id: str = response.json()["id"]
    return import_id


@dataclass
class S3:
    endpoint: str
    bucket: str


def upload_folder(s3: S3, folder: Path, prefix: str) -> str:
    """Copies every file under `folder` to `s3://bucket/prefix/...` and returns that URI."""
    client = boto3.client("s3", endpoint_url=s3.endpoint, region_name="us-east-1")
    for path in folder.rglob("*"):
        if path.is_file():
            client.upload_file(str(path), s3.bucket, f"{prefix}/{path.relative_to(folder).as_posix()}")
    return f"s3://{s3.bucket}/{prefix}"


class ServerProcess:
    """The server as its own process (`python -m pinecone_imports.local_server`)."""

    def __init__(
        self, *, db: Path, data_root: Path, api_key: str = "process-test-key", log_level: str = "warning"
    ) -> None:
        self.api_key = api_key
        env = dict(os.environ, **{API_KEY_ENV: api_key})
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "pinecone_imports.local_server",
                "--db",
                str(db),
                "--data-root",
                str(data_root),
                "--log-level",
                log_level,
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            cwd=REPO,
            text=True,
        )
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if not line:
            self.process.wait(timeout=10)
            raise AssertionError(
                f"server process did not start: {self.process.stderr.read() if self.process.stderr else ''}"
            )
        ready = json.loads(line)
        assert "apiKey" not in ready, "a key given by environment must not be printed"
        self.url: str = ready["url"]

    def client(self) -> httpx.Client:
        return api_client(self.url, self.api_key)

    def kill(self) -> None:
        self.process.kill()
        self.process.wait(timeout=10)

    def terminate(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=15)

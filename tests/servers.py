"""A real `groundline serve` subprocess on a free port, for tests that need one."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from service.bench import free_port

# The first start embeds the content with the real model: allow for a busy machine.
READY_TIMEOUT = 300.0


@contextmanager
def running_server(
    root: Path, content: Path, env_for_url: Callable[[str], dict[str, str]] | None = None
) -> Iterator[tuple[str, Path]]:
    """Serve `content` (index and data under `root`) until the block ends; yields (url, log).

    `env_for_url(url)` adds variables that depend on the server's own address.
    """
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    full_env = {
        **os.environ,
        "GROUNDLINE_DATA_DIR": str(root / "data"),
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
        **(env_for_url(url) if env_for_url else {}),
    }
    command = [
        sys.executable, "-m", "service", "serve", "--host", "127.0.0.1", "--port", str(port),
        "--content", str(content), "--index", str(root / "index"),
    ]
    log = root / "server.log"
    with log.open("wb") as out:
        process = subprocess.Popen(command, env=full_env, stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + READY_TIMEOUT
        while True:
            if process.poll() is not None:
                pytest.fail(f"groundline serve exited with {process.returncode}:\n{log.read_text()[-3000:]}")
            try:
                if httpx.get(f"{url}/readyz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"groundline serve not ready after {READY_TIMEOUT:.0f}s:\n{log.read_text()[-3000:]}")
            time.sleep(0.5)
        yield url, log
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

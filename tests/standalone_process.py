"""The standalone command as a user runs it: a subprocess whose console is read line by line
(startup text, then one line per message sent), stopped with a signal."""

from __future__ import annotations

import re
import subprocess
import sys
import threading
import time
from typing import Any

import boto3


class Standalone:
    """The running command and what it printed."""

    def __init__(self, *args: str, port: str = "0", ready: bool = True) -> None:
        self.args = args
        self.process = subprocess.Popen(
            [sys.executable, "-m", "pytest_cognito_fake", "--port", port, *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        self.lines: list[str] = []
        for line in self.process.stdout:
            self.lines.append(line)
            if line.startswith("Ctrl-C stops it."):
                break
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        if not ready:
            return
        found = re.search(r"listening on (https?://\S+)", self.text)
        assert found, self.text + self.stderr()
        self.url = found.group(1)

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line)

    def stderr(self) -> str:
        if self.process.poll() is None:
            return ""
        assert self.process.stderr is not None
        return self.process.stderr.read()

    @property
    def text(self) -> str:
        return "".join(self.lines)

    def value(self, label: str) -> str:
        found = re.search(rf"^\s+{label}\s{{2,}}(\S+)", self.text, re.MULTILINE)
        assert found, self.text
        return found.group(1)

    def wait_for(self, pattern: str, timeout: float = 10) -> re.Match[str]:
        """The first console line matching ``pattern``, waiting for it to be printed."""
        deadline = time.monotonic() + timeout
        while True:
            for line in list(self.lines):
                found = re.search(pattern, line)
                if found:
                    return found
            assert time.monotonic() < deadline, f"no line matches {pattern!r}:\n{self.text}"
            time.sleep(0.05)

    def client(self, **kwargs: Any) -> Any:
        return boto3.session.Session().client(
            "cognito-idp",
            endpoint_url=self.url,
            region_name="us-east-1",
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
            **kwargs,
        )

    def stop(self, signum: int) -> tuple[int, str]:
        """Send ``signum``; the exit code and what it printed after startup."""
        started = len(self.lines)
        if self.process.poll() is None:
            self.process.send_signal(signum)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.kill()
            raise
        self._reader.join(timeout=5)
        assert self.process.stderr is not None
        rest = "".join(self.lines[started:]) + self.process.stderr.read()
        self.kill()
        return self.process.returncode, rest

    def kill(self) -> None:
        """Make sure it is gone and its pipes are closed (no ResourceWarning later)."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        self._reader.join(timeout=5)
        for pipe in (self.process.stdout, self.process.stderr):
            if pipe is not None and not pipe.closed:
                pipe.close()

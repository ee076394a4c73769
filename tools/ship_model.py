"""Write the cognito-idp service model the fake implements into the package.

    python tools/ship_model.py 1.43.11

downloads that botocore release from PyPI (wheel only, no install), takes its cognito-idp
``service-2`` and ``paginators-1`` JSON, drops the documentation (about 80 % of the bytes)
and writes ``pytest_cognito_fake/model/cognito-idp.json`` with the release recorded in it.
Shapes, constraints, error shapes, auth traits and paginators are kept as botocore has them.
"""

from __future__ import annotations

import argparse
import gzip
import json
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parent.parent / "pytest_cognito_fake" / "model" / "cognito-idp.json"
DROPPED = {"documentation", "documentationUrl", "deprecatedMessage", "examples"}


def _strip(node: Any) -> Any:
    if isinstance(node, dict):
        return {k: _strip(v) for k, v in node.items() if k not in DROPPED}
    if isinstance(node, list):
        return [_strip(v) for v in node]
    return node


def _read(wheel: zipfile.ZipFile, suffix: str) -> Any:
    """The newest API version's file ``suffix`` (``service-2.json`` or ``paginators-1.json``)."""
    names = sorted(
        n for n in wheel.namelist() if n.startswith("botocore/data/cognito-idp/") and suffix in n
    )
    if not names:
        raise SystemExit(f"no cognito-idp {suffix} in {wheel.filename}")
    raw = wheel.read(names[-1])
    return json.loads(gzip.decompress(raw) if names[-1].endswith(".gz") else raw)


def ship(release: str) -> Path:
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "download",
                "-q",
                "--no-deps",
                "--only-binary=:all:",
                "-d",
                tmp,
                f"botocore=={release}",
            ],
            check=True,
        )
        (wheel_path,) = Path(tmp).glob("botocore-*.whl")
        with zipfile.ZipFile(wheel_path) as wheel:
            service = _strip(_read(wheel, "service-2.json"))
            paginators = _read(wheel, "paginators-1.json")
    document = {"botocore": release, "service": service, "paginators": paginators["pagination"]}
    OUT.write_text(json.dumps(document, indent=1, sort_keys=True) + "\n")
    return OUT


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("release", help="a botocore release on PyPI, e.g. 1.43.11")
    out = ship(parser.parse_args().release)
    service = json.loads(out.read_text())["service"]
    print(f"wrote {out} ({len(service['operations'])} operations)")


if __name__ == "__main__":
    main()

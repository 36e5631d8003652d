"""The official SARIF 2.1.0 JSON schema and the JUnit XML schema, taken from PyPI source
distributions that ship them (nothing on the internet but the package index is reachable):

- ``sarif-schema-2.1.0.json`` (OASIS SARIF TC) from the ``sarif-pydantic`` sdist;
- ``junit-10.xsd`` (the Jenkins/Surefire JUnit schema pytest validates its own reports
  against) from the ``pytest`` sdist.

They are fetched once with ``pip download`` into ``.cache/schemas`` (git-ignored), pinned by
package version and by the SHA-256 of the extracted file, so a changed upstream file fails
loudly instead of silently validating against something else.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

CACHE = Path(__file__).resolve().parents[1] / ".cache" / "schemas"


@dataclass(frozen=True)
class Schema:
    requirement: str
    member: str
    sha256: str


SCHEMAS = {
    "sarif": Schema(
        "sarif-pydantic==0.6.2",
        "sarif_pydantic-0.6.2/sarif-schema-2.1.0.json",
        "6352a05f9d03f181b8d9c71a46bdacc4fcff9d8ade5364858b425ba0c0994ed7",
    ),
    "junit": Schema(
        "pytest==9.2.0",
        "pytest-9.2.0/testing/example_scripts/junit-10.xsd",
        "a1a816f58d1bf95ebabf371994df0b9246dee66ea9572fbec4f9296f1b2c0ff6",
    ),
}


def official_schema(name: str) -> Path:
    """Path of the named schema file, downloading its sdist on first use."""
    schema = SCHEMAS[name]
    target = CACHE / Path(schema.member).name
    if not target.exists() or _sha256(target.read_bytes()) != schema.sha256:
        _download(schema, target)
    return target


def _download(schema: Schema, target: Path) -> None:
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
             "--no-binary", ":all:", "--dest", folder, schema.requirement],
            check=True,
        )  # fmt: skip
        [archive] = Path(folder).glob("*.tar.gz")
        with tarfile.open(archive) as sdist:
            member = sdist.extractfile(schema.member)
            assert member is not None, f"{schema.member} missing from {archive.name}"
            data = member.read()
    digest = _sha256(data)
    assert digest == schema.sha256, f"{schema.member}: sha256 {digest} is not the pinned one"
    CACHE.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()

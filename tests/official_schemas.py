"""The official SARIF 2.1.0 JSON schema and the JUnit XML schema, checked in under
``tests/data/schemas`` (tests/data/schemas/README.md says where each came from):

- ``sarif-schema-2.1.0.json`` (OASIS SARIF TC), taken from the ``sarif-pydantic==0.6.2`` sdist;
- ``junit-10.xsd`` (the Jenkins/Surefire JUnit schema pytest validates its own reports
  against), taken from the ``pytest==9.2.0`` sdist.

Nothing is downloaded at test time. Each file is pinned by the SHA-256 it had in its sdist,
so a file edited by accident fails loudly instead of silently validating against something
else.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

SCHEMA_DIR = Path(__file__).resolve().parent / "data" / "schemas"


@dataclass(frozen=True)
class Schema:
    requirement: str  # the PyPI sdist the file was taken from
    member: str  # the file's path inside that sdist
    sha256: str

    @property
    def path(self) -> Path:
        return SCHEMA_DIR / Path(self.member).name


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
    """Path of the named checked-in schema file, after checking its pinned SHA-256."""
    schema = SCHEMAS[name]
    digest = hashlib.sha256(schema.path.read_bytes()).hexdigest()
    assert digest == schema.sha256, (
        f"{schema.path}: sha256 {digest} is not the pinned {schema.sha256} "
        f"({schema.member} of the {schema.requirement} sdist)"
    )
    return schema.path

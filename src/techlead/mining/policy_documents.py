"""The repository's policy documents: the files at HEAD whose text the standards checks
read (README, LICENSE, SECURITY, CONTRIBUTING, CODE_OF_CONDUCT, CODEOWNERS, the GitHub
workflows), and Backstage's catalog-info.yaml files, which declare who owns a component.

One definition for both sides: the scan captures the text of every path these patterns
match (``file_texts``), and the checks find the documents with the same patterns, so a
check never looks for a document the scan did not keep. Patterns are regular expressions
matched against the whole path, case-insensitively.
"""

from __future__ import annotations

import re

_DOC_SUFFIX = r"(?:\.(?:md|rst|txt|adoc))?"


def root_document(name: str) -> str:
    """NAME, NAME.md (.rst, .txt, .adoc) at the root, in ``.github/`` or in ``docs/``."""
    return rf"(?:\.github/|docs/)?{name}{_DOC_SUFFIX}"


README = rf"README{_DOC_SUFFIX}"  # at the root only
LICENSE = r"(?:LICEN[CS]E|COPYING)(?:[.-][A-Za-z0-9.]+)?"  # LICENSE, LICENSE.md, COPYING-2.0
SECURITY = root_document("SECURITY")
CONTRIBUTING = root_document("CONTRIBUTING")
CODE_OF_CONDUCT = root_document("CODE_OF_CONDUCT")
CODEOWNERS = r"(?:\.github/|docs/|\.gitlab/)?CODEOWNERS"
WORKFLOWS = r"\.github/workflows/[^/]+\.ya?ml"
CATALOG_INFO = r"(?:.*/)?catalog-info\.ya?ml"  # Backstage: declared owners of components

CAPTURED: tuple[str, ...] = (
    README,
    LICENSE,
    SECURITY,
    CONTRIBUTING,
    CODE_OF_CONDUCT,
    CODEOWNERS,
    WORKFLOWS,
    CATALOG_INFO,
)
TEXT_LIMIT = 256 << 10  # bytes of a document's text kept; the rest is cut at a line end

_CAPTURED = re.compile("|".join(f"(?:{p})" for p in CAPTURED), re.IGNORECASE)


def is_policy_document(path: str) -> bool:
    return _CAPTURED.fullmatch(path) is not None


def document_text(content: bytes) -> tuple[str, bool]:
    """The text kept of a document, and whether it was cut: at most TEXT_LIMIT bytes,
    ending at the last complete line within them (so a cut never splits a line or a
    UTF-8 character)."""
    if len(content) <= TEXT_LIMIT:
        return content.decode("utf-8", "replace"), False
    kept = content[:TEXT_LIMIT]
    end = kept.rfind(b"\n")
    return (kept[: end + 1] if end >= 0 else kept).decode("utf-8", "replace"), True

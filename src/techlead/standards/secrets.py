"""The secrets allow-list: paths whose findings the ``no-secrets`` check leaves out.

The scan searches the files at HEAD for secrets (techlead.mining.secrets: the patterns,
the entropy rule, the in-line ``techlead: allow-secret`` marker) and stores what it finds
in ``secret_findings``; the check reads those findings and drops the ones under an allowed
path: the defaults (test fixtures and testdata folders, ``*.example`` files) and the
``[secrets] allow`` globs of standards.toml. Being applied when the findings are read, a
changed allow-list needs no new scan.
"""

from __future__ import annotations

from collections.abc import Iterable

from techlead.core.globs import compile_regex, globs_regex

DEFAULT_ALLOW = ("**/testdata/**", "**/fixtures/**", "*.example")


def allowed(paths: Iterable[str], allow: tuple[str, ...] = DEFAULT_ALLOW) -> set[str]:
    regex = compile_regex(globs_regex(allow))
    return {p for p in paths if regex.match(p)}

"""Secrets committed in the files at HEAD: a documented pattern list, an entropy check for
generic assignments, and an allow-list.

Patterns (each names what it finds): private keys (``-----BEGIN ... PRIVATE KEY-----``),
AWS access key ids (``AKIA``/``ASIA`` + 16), GitHub tokens (``ghp_``, ``gho_``, ``ghu_``,
``ghs_``, ``ghr_`` + 36; ``github_pat_``), Slack tokens (``xox[abpors]-``), Google API keys
(``AIza`` + 35), Stripe live keys (``sk_live_``/``rk_live_``), and generic assignments
``password|secret|token|api_key = "value"`` whose value has at least 16 characters and a
Shannon entropy of at least 3.5 bits per character (so ``password = "changeme"`` is not a
finding, a random 32-character string is).

Allowed: a line holding ``techlead: allow-secret``, and paths matching the allow-list
globs (default: tests/fixtures and testdata folders, ``*.example`` files).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from techlead.core.globs import globs_regex

PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "private key",
        re.compile(r"-----BEGIN (?:RSA |EC |DSA |OPENSSH |PGP |ENCRYPTED )?PRIVATE KEY-----"),
    ),
    ("AWS access key id", re.compile(r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b")),
    ("GitHub token", re.compile(r"\b(?:gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{60,})\b")),
    ("Slack token", re.compile(r"\bxox[abposr]-[A-Za-z0-9-]{10,}")),
    ("Google API key", re.compile(r"\bAIza[0-9A-Za-z_-]{35}\b")),
    ("Stripe live key", re.compile(r"\b[sr]k_live_[0-9A-Za-z]{20,}\b")),
)  # fmt: skip
GENERIC = re.compile(
    r"(?i)\b(?:password|passwd|secret|token|api[_-]?key|access[_-]?key)\w*\s*[:=]\s*"
    r"[\"']([^\"'\s]{16,})[\"']"
)
MIN_ENTROPY = 3.5
ALLOW_MARKER = "techlead: allow-secret"
DEFAULT_ALLOW = ("**/testdata/**", "**/fixtures/**", "*.example")


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    kind: str


def entropy(value: str) -> float:
    counts = Counter(value)
    return -sum(n / len(value) * math.log2(n / len(value)) for n in counts.values())


def scan_text(path: str, text: str) -> list[Finding]:
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        if ALLOW_MARKER in line:
            continue
        for kind, pattern in PATTERNS:
            if pattern.search(line):
                found.append(Finding(path, number, kind))
        for match in GENERIC.finditer(line):
            if entropy(match.group(1)) >= MIN_ENTROPY:
                found.append(Finding(path, number, "high-entropy secret assignment"))
    return found


def allowed(paths: Iterable[str], allow: tuple[str, ...] = DEFAULT_ALLOW) -> set[str]:
    regex = re.compile(globs_regex(allow))
    return {p for p in paths if regex.match(p)}

"""Secrets committed in files: a documented pattern list and an entropy check for generic
assignments, run by the scan over the text files at HEAD (``secret_findings``).

Patterns (each names what it finds): private keys (``-----BEGIN ... PRIVATE KEY-----``),
AWS access key ids (``AKIA``/``ASIA`` + 16), GitHub tokens (``ghp_``, ``gho_``, ``ghu_``,
``ghs_``, ``ghr_`` + 36; ``github_pat_``), Slack tokens (``xox[abpors]-``), Google API keys
(``AIza`` + 35), Stripe live keys (``sk_live_``/``rk_live_``), and generic assignments
``password|secret|token|api_key = "value"`` whose value has at least 16 characters and a
Shannon entropy of at least 3.5 bits per character (so ``password = "changeme"`` is not a
finding, a random 32-character string is).

Searched: text files up to :data:`SCAN_LIMIT` bytes that are not vendored or generated
(by path or by a generator marker). A line holding ``techlead: allow-secret`` is never a
finding. The path allow-list (test fixtures, ``*.example``, standards.toml's globs) is
applied when the findings are read (techlead.standards.secrets), so changing it needs no
new scan.
"""

from __future__ import annotations

import bisect
import math
import re
from collections import Counter
from dataclasses import dataclass

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
_ASSIGNMENT = (
    r"\b(?:password|passwd|secret|token|api[_-]?key|access[_-]?key)\w*\s*[:=]\s*"
    r"[\"']([^\"'\s]{16,})[\"']"
)
GENERIC = re.compile(_ASSIGNMENT, re.IGNORECASE)
GENERIC_KIND = "high-entropy secret assignment"
KINDS = (*(kind for kind, _ in PATTERNS), GENERIC_KIND)  # the order findings of a line take
MIN_ENTROPY = 3.5
ALLOW_MARKER = "techlead: allow-secret"
SCAN_LIMIT = 1 << 20  # larger files are not searched (data, bundles)

# Every pattern needs a literal (``AKIA``, ``xox``, a keyword of the generic assignment):
# a text without it cannot match, and a substring search is far cheaper than a regular
# expression that starts with a word boundary. Only the lines that a pattern matches in
# the whole text are then searched line by line, as the rule is written.
_LITERALS: dict[str, tuple[str, ...]] = {
    "private key": ("PRIVATE KEY-----",),
    "AWS access key id": ("AKIA", "ASIA"),
    "GitHub token": ("ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"),
    "Slack token": ("xox",),
    "Google API key": ("AIza",),
    "Stripe live key": ("k_live_",),
}
# In lower case; only for ASCII text (with re.IGNORECASE, "ı" and "İ" also match "i").
_KEYWORDS = ("passw", "secret", "token", "apikey", "api_key", "api-key", "accesskey",
             "access_key", "access-key")  # fmt: skip
_LINE_BREAK = re.compile("\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")  # str.splitlines'


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    kind: str


def entropy(value: str) -> float:
    counts = Counter(value)
    return -sum(n / len(value) * math.log2(n / len(value)) for n in counts.values())


def scan_lines(text: str) -> list[tuple[int, str]]:
    """(line number, kind) of every finding in ``text``, in line order and, within a
    line, in the order of :data:`KINDS`."""
    candidates = _candidate_lines(text)
    if not candidates:
        return []
    lines = text.splitlines()
    found = []
    for number in sorted(candidates):
        line = lines[number - 1] if number <= len(lines) else ""
        if ALLOW_MARKER in line:
            continue
        for kind, pattern in PATTERNS:
            if pattern.search(line):
                found.append((number, kind))
        for match in GENERIC.finditer(line):
            if entropy(match.group(1)) >= MIN_ENTROPY:
                found.append((number, GENERIC_KIND))
    return found


def _candidate_lines(text: str) -> set[int]:
    """The numbers of the lines a pattern may match in: every line a match of a pattern
    in the whole text touches. A match within a line is found in the whole text too, or
    lies inside a longer match there (the generic assignment's spaces may span lines), so
    no line with a finding is left out."""
    patterns = [p for kind, p in PATTERNS if any(lit in text for lit in _LITERALS[kind])]
    lowered = text.lower()
    if not text.isascii() or any(word in lowered for word in _KEYWORDS):
        patterns.append(GENERIC)
    if not patterns:
        return set()
    starts: list[int] | None = None
    lines: set[int] = set()
    for pattern in patterns:
        for match in pattern.finditer(text):
            if starts is None:
                starts = [0, *(m.end() for m in _LINE_BREAK.finditer(text))]
            first = bisect.bisect_right(starts, match.start())
            last = bisect.bisect_right(starts, match.end() - 1)
            lines.update(range(first, last + 1))
    return lines


def scan_text(path: str, text: str) -> list[Finding]:
    return [Finding(path, line, kind) for line, kind in scan_lines(text)]

"""Secrets in files: every pattern, the entropy rule, the allow marker and allow-list.
Fake secrets are assembled at run time so that this file holds none."""

from __future__ import annotations

from techlead.mining.secrets import Finding, entropy, scan_lines, scan_text
from techlead.standards.secrets import allowed

KEY_HEADER = "-----BEGIN " + "RSA PRIVATE KEY-----"
AWS = "AKIA" + "IOSFODNN7EXAMPLE"
GITHUB = "ghp_" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8"
SLACK = "xoxb-" + "123456789012-abcdefghij"
GOOGLE = "AIza" + "SyA1234567890abcdefghijklmnopqrstuv"
STRIPE = "sk_live_" + "4eC39HqLyjWDarjtT1zdp7dc"


def test_every_pattern() -> None:
    text = "\n".join([KEY_HEADER, f"key = {AWS}", GITHUB, SLACK, GOOGLE, STRIPE])
    assert [(f.line, f.kind) for f in scan_text("conf.txt", text)] == [
        (1, "private key"),
        (2, "AWS access key id"),
        (3, "GitHub token"),
        (4, "Slack token"),
        (5, "Google API key"),
        (6, "Stripe live key"),
    ]


def test_entropy_decides_generic_assignments() -> None:
    # "aaaaaaaaaaaaaaaa": one symbol, entropy 0; 16 distinct symbols: log2(16) = 4 bits.
    assert entropy("a" * 16) == 0.0
    assert entropy("0123456789abcdef") == 4.0
    text = 'password = "changeme-changeme"\napi_key: "0123456789abcdef"\nsecret = "short"\n'
    # changeme-changeme: c,h,a,n,g,e,m,- ... entropy below 3.5; "short" is under 16 chars.
    assert scan_text("settings.py", text) == [
        Finding("settings.py", 2, "high-entropy secret assignment")
    ]


def test_allowances() -> None:
    assert scan_text("a.txt", f"{AWS}  # techlead: allow-secret\n") == []
    paths = ["src/app.py", "tests/fixtures/key.pem", "go/testdata/x", "config.yml.example"]
    assert allowed(paths) == {"tests/fixtures/key.pem", "go/testdata/x", "config.yml.example"}


def test_only_lines_a_pattern_matches_are_searched_and_numbered_as_splitlines() -> None:
    # The literal pre-check and the whole-text search find the same lines as the rule
    # applied line by line: line ends as str.splitlines sees them (\r, \x85, \u2028), an
    # allowed line skipped, a generic assignment whose quotes start on the next line is a
    # finding of that line only if the line holds it all.
    text = f"{AWS}\r{KEY_HEADER}\x85{AWS} # techlead: allow-secret\u2028x = {AWS}\n"
    assert scan_lines(text) == [(1, "AWS access key id"), (2, "private key"),
                                (4, "AWS access key id")]  # fmt: skip
    assert scan_lines('token =\n"0123456789abcdef"\n') == []
    assert scan_lines('api_key: "0123456789abcdef"\n') == [(1, "high-entropy secret assignment")]
    assert scan_lines("nothing to see\n" * 1000) == []

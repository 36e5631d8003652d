"""Secrets in files: every pattern, the entropy rule, the allow marker and allow-list.
Fake secrets are assembled at run time so that this file holds none."""

from __future__ import annotations

from techlead.standards.secrets import Finding, allowed, entropy, scan_text

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

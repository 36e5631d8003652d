"""`techlead align`: dependency drift across repositories and framework and language
fragmentation across teams, on a hand-built three-repository workspace."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from conftest import run_cli, scan_json


def test_drift_and_fragmentation(make_repo: Any, tmp_path: Path) -> None:
    api, web, ops = make_repo("api"), make_repo("web"), make_repo("ops")
    api.commit("a", files={"requirements.txt": "django==4.2\nrequests==2.31.0\n",
                           "app.py": "def f(x):\n    return x\n"})  # fmt: skip
    web.commit("w", files={"requirements.txt": "flask==3.0\nrequests==2.28.1\n",
                           "static/app.js": "function f(x) {\n  return x;\n}\n" * 5,
                           "serve.py": "x = 1\n"})  # fmt: skip
    ops.commit("o", files={"requirements.txt": "requests==1.2.0\n",
                           "requirements-dev.txt": "django==3.0\n",
                           "run.py": "y = 2\n"})  # fmt: skip
    config = tmp_path / "techlead.toml"
    config.write_text(
        f"[[repos]]\npath = '{api.path}'\nteam = 'pay'\n\n"
        f"[[repos]]\npath = '{web.path}'\nteam = 'front'\n\n[[repos]]\npath = '{ops.path}'\n"
    )
    db = tmp_path / "w.duckdb"
    scan_json("--config", str(config), "--db", str(db))

    def align(view: str) -> dict[str, Any]:
        result = run_cli("align", "--view", view, "--db", str(db), "--format", "json")
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)  # type: ignore[no-any-return]

    drift = align("drift")
    # requests: 1.2.0 (ops) < 2.28.1 (web) < 2.31.0 (api), majors 1 and 2; django: 3.0
    # (ops, a development dependency still pinned) < 4.2 (api). Most versions first.
    assert [tuple(r.values()) for r in drift["rows"]] == [
        ("PyPI", "requests", "2.31.0", ["1.2.0", "2.28.1", "2.31.0"], ["api"],
         ["ops@1.2.0", "web@2.28.1"], 2, True),
        ("PyPI", "django", "4.2", ["3.0", "4.2"], ["api"], ["ops@3.0"], 1, True),
    ]  # fmt: skip
    assert drift["notes"] == ["2 of 2 drifted packages span several major versions"]
    # Frameworks in production manifests: django (team pay), flask (team front); ops's
    # django is a development dependency. Primary languages: Python in api, ops (no team:
    # its name) and web (serve.py: 1 of 16 lines, under a tenth: not primary there);
    # JavaScript in web.
    fragments = align("fragmentation")["rows"]
    assert [(r["kind"], r["choices"], r["technology"], r["used-by"]) for r in fragments] == [
        ("framework", 2, "django", ["pay"]),
        ("framework", 2, "flask", ["front"]),
        ("language", 2, "Python", ["ops", "pay"]),
        ("language", 2, "JavaScript", ["front"]),
    ]
    refused = run_cli("align", "--until", "2020-01-01", "--db", str(db))
    assert refused.exit_code != 0 and "--until" in refused.output

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


def test_declared_ownership_against_measured(make_repo: Any, tmp_path: Path) -> None:
    from conftest import ALICE, BOB, CAROL

    api, lib = make_repo("api"), make_repo("lib")
    when = "2020-01-01T12:00:00+00:00"  # one moment: every change weighs its lines + 1
    api.commit("a", author=ALICE, date=when, files={
        "catalog-info.yaml": "apiVersion: backstage.io/v1alpha1\nkind: Component\n"
                             "metadata:\n  name: api\nspec:\n  owner: group:default/payments\n",
        "services/ui/catalog-info.yaml": "kind: Component\nmetadata:\n  name: ui\n"
                                         "spec:\n  owner: user:carol\n",
        "pay/p.py": "".join(f"x{i} = {i}\n" for i in range(10))})  # fmt: skip
    api.commit(
        "b",
        author=BOB,
        date=when,
        files={"services/ui/u.py": "".join(f"u{i} = {i}\n" for i in range(6))},
    )
    api.commit(
        "c",
        author=CAROL,
        date=when,
        files={"services/ui/u.py": "".join(f"u{i} = {i}\n" for i in range(9))},
    )
    lib.commit(
        "d",
        author=BOB,
        date=when,
        files={"CODEOWNERS": "src/ bob@example.com\n", "src/a.py": "a = 1\nb = 2\nc = 3\n"},
    )
    lib.commit(
        "e",
        author=ALICE,
        date=when,
        files={"tools/t.py": "t = 1\nv = 2\n", "other/catalog-info.yaml": "{{bad: [\n"},
    )
    config = tmp_path / "techlead.toml"
    config.write_text(f"[[repos]]\npath = '{api.path}'\n\n[[repos]]\npath = '{lib.path}'\n\n"
                      "[teams.payments]\nmembers = ['alice@example.com']\n")  # fmt: skip
    db = tmp_path / "w.duckdb"
    scan_json("--config", str(config), "--db", str(db))
    result = run_cli("align", "--view", "ownership", "--db", str(db), "--format", "json")
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    # api: the root catalog-info declares team payments (Alice) for everything but
    # services/ui/, whose own catalog-info declares user carol. services: Alice's catalog
    # file 5 + 1, Bob's u.py 6 + 1, Carol's 3 + 1 → Carol 4/17 = 23.5%: drifted; the most
    # knowledge is outside any team (Bob and Carol: 11/17 = 64.7%), Bob the most.
    # lib: CODEOWNERS gives src/ to Bob (4/4); the root (the CODEOWNERS file), tools and
    # other (its catalog-info is not YAML) declare no one.
    assert [(r["component"], r["declared"], r["source"], r["declared-share"],
             r["measured-team"], r["team-share"], r["top-person"], r["state"])
            for r in found["rows"]] == [
        ("api:(root)", ["group:default/payments"], "catalog-info", 100.0, "payments", 100.0,
         "Alice Smith", "held"),
        ("api:pay", ["group:default/payments"], "catalog-info", 100.0, "payments", 100.0,
         "Alice Smith", "held"),
        ("api:services", ["user:carol"], "catalog-info", 23.5, "(no team)", 64.7,
         "Bob Jones", "drifted"),
        ("lib:(root)", [], "none", None, "(no team)", 100.0, "Bob Jones", "undeclared"),
        ("lib:other", [], "none", None, "payments", 100.0, "Alice Smith", "undeclared"),
        ("lib:src", ["bob@example.com"], "CODEOWNERS", 100.0, "(no team)", 100.0,
         "Bob Jones", "held"),
        ("lib:tools", [], "none", None, "payments", 100.0, "Alice Smith", "undeclared"),
    ]  # fmt: skip
    assert found["notes"] == [
        "lib:other/catalog-info.yaml: not valid YAML; its owners are not read",
        "of 7 components: 3 held by their declared owners, 1 drifted (the declared owners "
        "hold less than half of the knowledge), 3 with no declared owner",
    ]


def test_repositories_that_depend_on_each_other(make_repo: Any, tmp_path: Path) -> None:
    core, api, web = make_repo("core"), make_repo("api"), make_repo("web")
    core.commit("c", files={"pyproject.toml": '[project]\nname = "Acme_Core"\n'
                            'dependencies = ["requests>=2"]\n'})  # fmt: skip
    api.commit("a", files={"requirements.txt": "acme-core==1.2.0\n",
                           "requirements-dev.txt": "acme-ui==0.1\n"})  # fmt: skip
    web.commit("w", files={"package.json": '{"name": "acme-ui", "dependencies": '
                           '{"left-pad": "1.0.0"}}'})  # fmt: skip
    config = tmp_path / "techlead.toml"
    config.write_text("".join(f"[[repos]]\npath = '{r.path}'\n\n" for r in (core, api, web)))
    db = tmp_path / "w.duckdb"
    scan_json("--config", str(config), "--db", str(db))
    result = run_cli("align", "--view", "dependencies", "--db", str(db), "--format", "json")
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    # api pins acme-core, which core publishes (Acme_Core normalised); acme-ui is an npm
    # package (web's), not the PyPI one api's requirements-dev.txt names: no link.
    assert [tuple(r.values()) for r in found["rows"]] == [
        ("api", "core", "PyPI", "acme-core", "1.2.0", "requirements.txt", False)]  # fmt: skip
    assert found["notes"] == ["1 repository pair linked by 1 package published in the workspace"]

"""techlead init writes its values with tomli_w: repository folders with quotes,
backslashes, control characters, unicode, ``]`` and ``#`` round-trip through the file."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

from techlead.core.config import load_config

from conftest import GitRepo, run_cli

NAMES = [
    'say "hi"',
    "back\\slash",
    "new\nline",
    "tab\there",
    "ünïcødé-仓库-🚀",
    "brackets]]x",
    "hash # not a comment",
    "[[repos]]",
    "quote'single",
    'mixed "\\"\t]#',
    "line\u2028separator",
    "bell\x07",
    "del\x7f",
]


def test_init_round_trips_awkward_folder_names(tmp_path: Path) -> None:
    root = tmp_path / "wörk space"
    for name in NAMES:
        GitRepo(root / name).commit("one", files={"a.txt": "1\n"})
    GitRepo(root / "nested" / 'in "sub"').commit("one", files={"a.txt": "1\n"})
    result = run_cli("init", str(root))
    assert result.exit_code == 0, result.output
    assert result.stdout == f"wrote {root / 'techlead.toml'} with {len(NAMES) + 1} repositories\n"
    text = (root / "techlead.toml").read_text(encoding="utf-8")
    with (root / "techlead.toml").open("rb") as handle:
        doc = tomllib.load(handle)
    expected = sorted([*NAMES, 'nested/in "sub"'])
    assert doc["workspace"] == {"name": "wörk space"}
    assert sorted(r["path"] for r in doc["repos"]) == expected
    assert sorted(r["name"] for r in doc["repos"]) == sorted([*NAMES, 'in "sub"'])
    for repo in doc["repos"]:
        assert (root / repo["path"]).is_dir()
    # The configuration loader reads the same repositories back.
    config = load_config(root / "techlead.toml")
    assert sorted(r.path for r in config.repos) == sorted((root / n).resolve() for n in expected)
    # The file keeps its comments and its commented examples.
    assert text.startswith("# techlead workspace configuration")
    assert '# team = "platform"' in text
    assert "# [teams.platform]" in text
    assert "\n[mining]\n" in text


def test_init_leaves_out_names_that_are_not_utf8(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    GitRepo(root / "fine").commit("one", files={"a.txt": "1\n"})
    raw = os.path.join(os.fsencode(root), b"latin1-\xe9t\xe9")
    try:
        os.makedirs(raw)
    except OSError:  # a file system that only takes UTF-8 names
        return
    GitRepo(Path(os.fsdecode(raw))).commit("one", files={"a.txt": "1\n"})
    result = run_cli("init", str(root))
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith("with 1 repository\n")
    assert "latin1-\ufffdt\ufffd: name is not UTF-8; not listed" in result.stderr
    doc = tomllib.loads((root / "techlead.toml").read_text(encoding="utf-8"))
    assert [r["path"] for r in doc["repos"]] == ["fine"]

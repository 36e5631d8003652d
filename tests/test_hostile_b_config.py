"""standards.toml: every mistake is one line naming the file, the line and the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from techlead.core.errors import ConfigError
from techlead.standards.config import load

CHECK = '[[check]]\nid = "c"\n'


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('[check]\nid = "x"\n', "standards.toml:1: 'check' must be an array of tables ([[check]])"),
        (
            "[level]\norder = []\n",
            "standards.toml:1: unknown key 'level' in standards.toml "
            "(valid: check, exemption, levels, review, secrets)",
        ),
        (
            CHECK + 'file_exists = ["a"]\ncolour = "red"\n',
            "standards.toml:4: unknown key "
            "'colour' in check c (valid: file_absent, file_contains, file_exists, "
            "file_lacks, fix, id, level, max, metric, min, sql, title, weight, where)",
        ),
        (
            CHECK + "file_exists = []\n",
            "standards.toml:3: check c: file_exists is empty: it needs at least one glob",
        ),
        (
            CHECK + 'file_absent = ["[z-a]"]\n',
            "standards.toml:3: check c: file_absent: "
            "malformed glob '[z-a]': bad character class '[z-a]'",
        ),
        (
            CHECK + 'file_contains = { path = "README.md", regex = "(?<=x)y" }\n',
            "standards.toml:3: check c: file_contains: bad regular expression '(?m)(?<=x)y': "
            "invalid perl operator: (?<= (RE2 syntax)",
        ),
        (
            CHECK + 'file_contains = { path = "", regex = "x" }\n',
            "standards.toml:3: check c: file_contains needs 'path', a non-empty string",
        ),
        (
            CHECK + 'metric = { analysis = "ownership", column = "main-dev" }\nmax = 1\n',
            "standards.toml:3: check c: metric: 'main-dev' holds no numbers of ownership "
            "(numeric columns: added, total-added, ownership)",
        ),
        (
            CHECK + 'metric = { analysis = "nope", column = "x" }\nmax = 1\n',
            "standards.toml:3: check c: metric: unknown analysis 'nope'",
        ),
        (
            CHECK + 'sql = "SELECT count(*) FROM files WHERE repo_id = $repo"\nmin = nan\n',
            "standards.toml:4: check c: 'min' must be a finite number, not nan",
        ),
        (
            CHECK + 'sql = "SELECT 1"\nmax = "3"\n',
            "standards.toml:4: check c: 'max' must be a finite number, not '3'",
        ),
        (
            CHECK + 'sql = "SELECT count(*) FROM files"\nmax = 3\n',
            "standards.toml:3: check c: the sql query must use $repo, the id of the repository "
            "being checked (e.g. WHERE repo_id = $repo); without it every repository gets the "
            "same answer",
        ),
        (
            CHECK + 'sql = "SELECT 1 WHERE $repo > 0"\nmin = 3\nmax = 1\n',
            "standards.toml:4: check c: min 3 is above max 1",
        ),
        (
            CHECK + 'file_exists = "a"\nweight = "heavy"\n',
            "standards.toml:4: check c: 'weight' must be a whole number from 0 to 10",
        ),
        (
            CHECK + 'file_exists = "a"\nwhere = { os = "linux" }\n',
            "standards.toml:4: unknown key 'os' in check c: 'where' (valid: language, repo, team)",
        ),
        (
            CHECK + 'file_exists = "a"\nmin = 1\n',
            "standards.toml:4: check c: 'min' applies to sql and metric checks only",
        ),
        (
            CHECK + 'file_exists = "a"\n\n' + CHECK + 'file_exists = "b"\n',
            "standards.toml:6: two [[check]] entries have the id 'c'",
        ),
        (
            '[[exemption]]\nrepo = "x"\ncheck = "ci"\nreason = "r"\nexpires = "soon"\n',
            "standards.toml:5: [[exemption]] 1 (ci): 'expires' must be a date (2027-06-30)",
        ),
        (
            "[secrets]\nallow = [1]\n",
            "standards.toml:2: [secrets] allow must be a glob or a list of globs",
        ),
        (
            "x = " + "[" * 100_000 + "\n",
            "standards.toml: invalid TOML: arrays or tables nested too deeply",
        ),
    ],
)
def test_standards_toml_mistakes(tmp_path: Path, toml: str, message: str) -> None:
    path = tmp_path / "standards.toml"
    path.write_text(toml)
    with pytest.raises(ConfigError) as caught:
        load(path)
    assert str(caught.value).startswith(f"{tmp_path}/{message}")
    assert "\n" not in str(caught.value)

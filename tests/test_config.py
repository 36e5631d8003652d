"""techlead.toml parsing: values, defaults and precise errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from techlead.core.config import ComponentConfig, Config, MiningConfig, TeamConfig, load_config
from techlead.core.errors import ConfigError


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "techlead.toml"
    path.write_text(text)
    return path


def test_full_configuration(tmp_path: Path) -> None:
    (tmp_path / "svc").mkdir()
    path = write(
        tmp_path,
        """
[workspace]
name = "acme"

[[repos]]
path = "svc"
name = "service"
team = "payments"

[teams.payments]
members = ["alice@acme.example", "*@pay.acme.example"]

[components.api]
paths = ["src/api/**"]
repos = ["service"]

[mining]
exclude = ["docs/generated/**"]
bots = ["ci-robot*"]
since = "2 years ago"
""",
    )
    config = load_config(path)
    assert config.workspace_name == "acme"
    assert [(r.path, r.name, r.team) for r in config.repos] == [
        ((tmp_path / "svc").resolve(), "service", "payments")
    ]
    assert config.teams == (TeamConfig("payments", ("alice@acme.example", "*@pay.acme.example")),)
    assert config.components == (ComponentConfig("api", ("src/api/**",), ("service",)),)
    assert config.mining == MiningConfig(("docs/generated/**",), ("ci-robot*",), "2 years ago")


def test_empty_file_gives_defaults(tmp_path: Path) -> None:
    assert load_config(write(tmp_path, "")) == Config(path=tmp_path / "techlead.toml")


@pytest.mark.parametrize(
    "text, message",
    [
        ("[workspac]\nname = 'x'\n", ":1: unknown table 'workspac' (valid: [workspace], [repos]"),
        ("[workspace]\nname = 3\n", ":2: 'name' in [workspace] must be a string"),
        (
            "[workspace]\nname = 'x'\ncolour = 'red'\n",
            ":3: unknown key 'colour' in [workspace] (valid: name)",
        ),
        ("[[repos]]\nname = 'x'\n", ":1: [[repos]] entry needs a 'path'"),
        (
            "[[repos]]\npath = '.'\n\n[[repos]]\npath = '.'\nbranch = 'x'\n",
            ":6: unknown key 'branch' in [repos]",
        ),
        ("repos = 'x'\n", ":1: 'repos' must be an array of tables"),
        (
            "[teams.core]\nmembers = 'a'\n",
            ":2: 'members' in [teams.core] must be a list of strings",
        ),
        ("[teams]\ncore = 1\n", ":2: 'teams.core' must be a table"),
        ("[components.api]\nrepos = []\n", ":1: component 'api' needs 'paths'"),
        ("[components.api]\npaths = ['']\n", ":2: 'paths' in [components.api]: empty glob"),
        ("[mining]\nsince = 'yesterday-ish'\n", ":2: since 'yesterday-ish' is not a date"),
        ("[mining]\nbots = [1]\n", ":2: 'bots' in [mining] must be a list of strings"),
        ("[mining\n", ": invalid TOML: "),
    ],
)
def test_errors_name_file_line_and_key(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert str(caught.value).startswith(f"{path}{message}")


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no such configuration file"):
        load_config(tmp_path / "nope.toml")

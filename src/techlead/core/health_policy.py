"""The code health part of the policy: ``[policy.health]`` in techlead.toml and the
thresholds each language may set for itself (the values are fields of
:class:`techlead.core.policy.Policy`, named ``health_*``; docs/metrics.md "Code health")."""

from __future__ import annotations

import dataclasses
from typing import Any

from techlead.core.errors import ConfigError
from techlead.core.policy import Policy, checked

HEALTH_PREFIX = "health_"  # [policy.health] KEY sets the policy value health_KEY
# The thresholds a language may set for itself (weights stay common to all languages).
HEALTH_THRESHOLDS = (
    "complexity_limit",
    "health_large_method",
    "health_deep_nesting",
    "health_excess_parameters",
    "health_bumpy_road",
    "health_brain_variables",
    "health_large_file",
    "health_many_functions",
    "health_low_cohesion",
    "health_duplicate_lines",
    "health_global_nesting",
)


def _short(name: str) -> str:
    return name.removeprefix(HEALTH_PREFIX)


def health_values(table: dict[str, Any]) -> dict[str, Any]:
    """[policy.health] as policy values: ``KEY`` sets ``health_KEY``, each checked, and
    ``languages.NAME`` tables set thresholds for one language."""
    names = [f.name for f in dataclasses.fields(Policy) if f.name.startswith(HEALTH_PREFIX)]
    values: dict[str, Any] = {}
    for key, value in table.items():
        name = HEALTH_PREFIX + key
        if key == "languages":
            values["health_languages"] = health_languages(value)
        elif name not in names or name == "health_languages":
            valid = ", ".join(_short(n) for n in names)
            raise ConfigError(f"unknown key {key!r} in [policy.health] (valid: {valid})")
        else:
            values[name] = checked(name, value)
    return values


def health_languages(table: Any) -> dict[str, dict[str, int]]:
    """[policy.health.languages.NAME] tables: per language (as techlead names it), the
    thresholds of HEALTH_THRESHOLDS it sets (``large_method = 80``), checked. Whether
    techlead knows the language is for the reader to say (techlead health notes a name it
    does not know): the catalogue of languages is the miner's, a layer above this one."""
    if not isinstance(table, dict):
        raise ConfigError("[policy.health.languages] must hold one table per language")
    chosen: dict[str, dict[str, int]] = {}
    for language, overrides in table.items():
        where = f"[policy.health.languages.{language}]"
        if not isinstance(overrides, dict):
            raise ConfigError(f"{where} must be a table of thresholds")
        values = {}
        for key, value in overrides.items():
            name = key if key == "complexity_limit" else HEALTH_PREFIX + key
            if name not in HEALTH_THRESHOLDS:
                valid = ", ".join(_short(n) for n in HEALTH_THRESHOLDS)
                raise ConfigError(f"unknown threshold {key!r} in {where} (valid: {valid})")
            values[name] = checked(name, value)
        chosen[language] = values
    return chosen


def for_language(policy: Policy, language: str | None) -> Policy:
    """The policy a file of ``language`` is judged by: its health thresholds replaced by
    the language's own where [policy.health.languages.NAME] sets them."""
    overrides: dict[str, Any] = dict(policy.health_languages.get(language or "", {}))
    return dataclasses.replace(policy, **overrides) if overrides else policy

"""Every threshold and rule techlead judges by, in one place, with its documented default.

A workspace overrides any value under ``[policy]`` in techlead.toml; the scan stores the
policy in force in the warehouse, so every command that reads the warehouse (analyses,
standards, the risk register, briefings, the report, the dashboard) judges by the same
values, and ``techlead policy`` prints each with its source. Sentences that state a rule
are generated from these values, never typed with the number in them.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from techlead.core.errors import ConfigError
from techlead.core.model import Result

ROOT_COMPONENT = "(root)"  # the component of a file at the top of its repository


def component_words(component: str) -> str:
    """A component as a sentence names it: "(root)" reads "the top-level files"."""
    return "the top-level files" if component == ROOT_COMPONENT else component


def default_component(path: str) -> str:
    """The component of a path no configured component claims: its top-level folder."""
    head, sep, _ = path.partition("/")
    return head if sep else ROOT_COMPONENT


def default_component_sql(path: str) -> str:
    """The same rule as :func:`default_component`, as a SQL expression over ``path`` (a
    trusted column name)."""
    return (
        f"CASE WHEN contains({path}, '/') THEN split_part({path}, '/', 1) "
        f"ELSE '{ROOT_COMPONENT}' END"
    )


def counted_sql(alias: str = "") -> str:
    """The files analyses count: not vendored, generated or excluded (a SQL condition over
    the flags of ``files`` or ``file_changes``, ``alias`` a trusted table alias)."""
    a = f"{alias}." if alias else ""
    return f"NOT ({a}is_generated OR {a}is_vendored OR {a}is_excluded)"


def hotspot_score(revisions: float, complexity: float) -> float:
    """A hotspot's score: how often it changed × how complex it is (Tornhill)."""
    return revisions * complexity


def hotspot_score_sql(revisions: str, complexity: str) -> str:
    """:func:`hotspot_score` as SQL over two trusted expressions."""
    return f"({revisions} * {complexity})"


def _value(default: Any, unit: str, doc: str, low: float | None = None,
           high: float | None = None) -> Any:  # fmt: skip
    return field(default=default, metadata={"unit": unit, "doc": doc, "low": low, "high": high})


def _weight(default: float, what: str) -> Any:
    """A code health weight: the most points a file loses for one biomarker."""
    return _value(default, "points", f"the most code health points a file loses for {what}",
                  0, 9)  # fmt: skip


@dataclass(frozen=True)
class Policy:
    """The values in force. Field order is the order ``techlead policy`` prints."""

    # People
    inactive_days: int = _value(
        180,
        "days",
        "a person whose last commit is more than this many days older than the newest "
        "commit of the repositories they worked in (up to the moment measured to) has "
        "left, everyone else is active; a repository with no commit for this many days "
        "is dormant",
        1,
    )
    # Knowledge
    island_share: float = _value(
        0.95,
        "share",
        "a file whose main developer wrote at least this share of its lines "
        "(and is still active) is a knowledge island",
        0.5,
        1,
    )
    knowledge_code_only: bool = _value(
        True,
        "flag",
        "knowledge metrics (truck factor, knowledge map, islands, loss) count "
        "only files of a programming language, not docs, data or config",
    )
    truck_factor_risk: int = _value(
        2,
        "people",
        "a component whose truck factor is at most this is a risk (while one of "
        "its authors is still active)",
        1,
    )
    truck_factor_min: int = _value(
        2, "people", "the standards check truck-factor passes at this truck factor or more", 1
    )
    ownership_held_share: float = _value(
        0.5,
        "share",
        "the team roll-up's ownership light is red when fewer than this share of the "
        "components are held by their declared owners (amber when some are not)",
        0,
        1,
    )
    mentoring_pairs: int = _value(
        2, "pairs", "an expert mentors at most this many learners at once (techlead mentoring)", 1
    )
    loss_share: float = _value(
        0.25,
        "share",
        "a component of which people who left wrote at least this share of "
        "the code is a knowledge-loss risk",
        0,
        1,
    )
    loss_lines: int = _value(
        100,
        "lines",
        "a knowledge-loss risk needs at least this many lines of code written by people who left",
        0,
    )
    # Hotspots and complexity
    hotspot_percentile: float = _value(
        90.0,
        "percentile",
        "files scoring at or above this percentile of hotspot scores are hotspots",
        0,
        100,
    )
    complexity_limit: int = _value(
        15, "cyclomatic", "a function above this cyclomatic complexity is too complex", 1
    )
    trend_window_days: int = _value(
        365,
        "days",
        "a complexity trend compares the last revision with the latest one at "
        "least this much older",
        1,
    )
    trend_change: float = _value(
        0.05,
        "share",
        "a trend is rising (falling) when complexity grew (shrank) by more than this share",
        0,
        10,
    )
    trend_hotspots: int = _value(
        10,
        "files",
        "the top hotspots whose complexity trend the scan records and the risk register judges",
        0,
        1000,
    )
    manifest_history_blobs: int = _value(
        5000,
        "files",
        "past versions of manifests and lockfiles a scan reads at most (the newest first; "
        "the next scan goes on with older ones)",
        0,
    )
    # Code health (docs/metrics.md "Code health": every threshold, weight and why).
    # complexity_limit above is the complex-method threshold. A threshold can be set per
    # language under [policy.health.languages.NAME] (health_languages); the weights cannot,
    # so that scores compare across languages.
    health_large_method: int = _value(
        70, "lines", "a function longer than this is a large method (code health)", 1
    )
    health_deep_nesting: int = _value(
        3,
        "levels",
        "a function whose control structures nest deeper than this is deeply nested (code health)",
        1,
    )
    health_excess_parameters: int = _value(
        4,
        "parameters",
        "a function taking more parameters than this has excess parameters (code health)",
        0,
    )
    health_bumpy_road: int = _value(
        1,
        "chunks",
        "a function with more than this many separate chunks of nested conditional logic "
        "(each nesting at least two deep) is a bumpy road (code health)",
        0,
    )
    health_brain_variables: int = _value(
        7,
        "variables",
        "a brain method is large, too complex and deeply nested and binds more than this "
        "many distinct local variables (code health)",
        0,
    )
    health_large_file: int = _value(
        1000, "lines", "a file with more lines of code than this is a large file (code health)", 1
    )
    health_many_functions: int = _value(
        75,
        "functions",
        "a file with more functions than this has many functions (code health)",
        1,
    )
    health_low_cohesion: int = _value(
        3,
        "groups",
        "a class whose methods fall into more than this many unconnected groups (LCOM4: "
        "linked by shared fields or calls) has low cohesion (code health)",
        1,
    )
    health_duplicate_lines: int = _value(
        10,
        "lines",
        "a function of at least this many lines with the syntax tree shape and the length of "
        "another function of its repository at HEAD is duplicated (code health)",
        1,
    )
    health_global_nesting: int = _value(
        3,
        "levels",
        "a file whose control structures outside functions nest deeper than this has deep "
        "global nesting (code health)",
        1,
    )
    health_healthy: float = _value(
        9.0, "score", "code health at or above this is healthy (the code-health light turns "
        "green when the hotspot health reaches it)", 1.0, 10.0)  # fmt: skip
    health_unhealthy: float = _value(
        4.0, "score", "code health below this is unhealthy (a top hotspot this unhealthy is a "
        "risk; the code-health light turns red when the hotspot health falls below it)",
        1.0, 10.0)  # fmt: skip
    health_weight_brain_method: float = _weight(3.0, "brain methods")
    health_weight_complex_method: float = _weight(2.0, "complex methods")
    health_weight_deep_nesting: float = _weight(1.5, "deeply nested functions")
    health_weight_bumpy_road: float = _weight(1.5, "bumpy roads")
    health_weight_complex_conditional: float = _weight(1.0, "complex conditionals")
    health_weight_excess_parameters: float = _weight(0.5, "functions with excess parameters")
    health_weight_large_method: float = _weight(1.0, "large methods")
    health_weight_duplication: float = _weight(1.0, "duplicated functions")
    health_weight_large_file: float = _weight(1.5, "being a large file")
    health_weight_many_functions: float = _weight(0.5, "having many functions")
    health_weight_low_cohesion: float = _weight(1.0, "classes of low cohesion")
    health_weight_global_nesting: float = _weight(0.5, "deep global nesting")
    health_languages: dict[str, dict[str, int]] = field(
        default_factory=dict,
        metadata={
            "unit": "thresholds",
            "doc": "per language, code health thresholds that replace the ones above "
            "([policy.health.languages.NAME], e.g. large_method = 80 for Java)",
            "low": None,
            "high": None,
        },
    )
    # Change coupling (code-maat's defaults)
    coupling_min_revs: int = _value(
        5, "commits", "a coupled pair averages at least this many revisions", 1
    )
    coupling_min_shared: int = _value(
        5, "commits", "a coupled pair changes together in at least this many commits", 1
    )
    coupling_min_degree: int = _value(
        30,
        "percent",
        "a coupled pair changes together in at least this share of its commits",
        0,
        100,
    )
    coupling_max_changeset: int = _value(
        30, "files", "commits changing more files are left out of coupling", 1
    )
    # Risk register
    risk_high: int = _value(
        15, "score", "a risk whose likelihood × impact is at least this is high", 1, 25
    )
    stale_days: int = _value(
        365, "days", "a heavily changed component untouched for this long is stale", 1
    )
    stale_min_revisions: int = _value(
        20,
        "commits",
        "a stale component had at least this many commits (and at least its repository's "
        "median per component)",
        1,
    )
    impact_5_share: float = _value(
        0.25,
        "share",
        "a risk to a component holding at least this share of its repository's "
        "code (programming languages) has impact 5",
        0,
        1,
    )
    impact_4_share: float = _value(
        0.10,
        "share",
        "a risk to a component holding at least this share of its repository's code has impact 4",
        0,
        1,
    )
    impact_3_share: float = _value(
        0.03,
        "share",
        "a risk to a component holding at least this share of its repository's "
        "code has impact 3 (less: impact 2)",
        0,
        1,
    )
    # Standards
    activity_days: int = _value(
        90, "days", "the standards check activity passes with a commit in this many days", 1
    )
    file_size_limit: int = _value(
        5 << 20, "bytes", "the standards check no-binaries fails on a file larger than this", 1
    )
    # Delivery
    release_tag_pattern: str = _value(
        r"^[A-Za-z-]*[0-9]+(\.[0-9]+)+$",
        "regex",
        "a tag whose name this regular expression (RE2 syntax, searched in the name) "
        "matches is a release (techlead releases, techlead delivery); the default takes "
        "final version tags such as v1.2.3, 1.2 or release-1.2 and leaves out "
        "pre-releases such as v2.0.0rc1",
    )
    change_failure_days: int = _value(
        14,
        "days",
        "a release followed within this many days by a revert of one of its commits, or "
        "by a patch release carrying a fix, failed (techlead delivery: change failure "
        "rate, time to restore)",
        1,
    )
    refactor_days: int = _value(
        21,
        "days",
        "a changed or deleted line older than this many days is refactoring, a younger one "
        "rework (techlead work)",
        1,
    )
    # Review (docs/review.md)
    review_min_share: float = _value(
        0.9,
        "share",
        "the standards check review passes when at least this share of the changes that "
        "landed on the main line in the policy's review_window_days landed reviewed",
        0,
        1,
    )
    review_window_days: int = _value(
        90,
        "days",
        "the standards check review, the reviewed-share metric and the falling-review "
        "risk count the changes that landed in this many days",
        1,
    )
    review_large_lines: int = _value(
        400,
        "lines",
        "a pull request changing more lines than this is large: reviews find fewer "
        "defects past a few hundred lines (SmartBear/Cisco)",
        1,
    )
    # Direction
    max_parallel_initiatives: int = _value(
        2, "initiatives", "a team on more roadmap initiatives at once than this is a conflict", 1
    )

    def values(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}


DEFAULT = Policy()

# Where each value came from: "default", or "FILE:LINE" of the setting.
Sources = dict[str, str]


def bounds_of(name: str) -> tuple[float | None, float | None]:
    """The (low, high) bounds of a policy value (None where unbounded)."""
    f = {f.name: f for f in dataclasses.fields(Policy)}[name]
    return f.metadata["low"], f.metadata["high"]


def describe(name: str) -> tuple[str, str]:
    """(unit, documentation) of a policy value."""
    f = {f.name: f for f in dataclasses.fields(Policy)}[name]
    return f.metadata["unit"], f.metadata["doc"]


def checked(name: str, value: Any) -> Any:
    """``value`` for the policy value ``name``, checked: an unknown name, a value of the
    wrong type or out of range is a ConfigError naming it and what is valid."""
    known = {f.name: f for f in dataclasses.fields(Policy)}
    f = known.get(name)
    if f is None:
        raise ConfigError(f"unknown policy value {name!r} (known: {', '.join(known)})")
    if name == "health_languages":
        raise ConfigError("per-language health thresholds go in [policy.health.languages.NAME]")
    default = f.default
    if isinstance(default, str):
        return _pattern(name, value)
    if isinstance(default, bool):
        if not isinstance(value, bool):
            raise ConfigError(f"{name} must be true or false")
        return value
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ConfigError(f"{name} must be a number")
    if isinstance(default, int) and not isinstance(value, int):
        raise ConfigError(f"{name} must be a whole number")
    low, high = f.metadata["low"], f.metadata["high"]
    if (low is not None and value < low) or (high is not None and value > high):
        span = f"from {low:g} to {high:g}" if high is not None else f"at least {low:g}"
        raise ConfigError(f"{name} = {value} is out of range ({span})")
    return float(value) if isinstance(default, float) else value


def _pattern(name: str, value: Any) -> str:
    """A regular expression value: text that compiles (RE2 is stricter than Python's re:
    no look-around or back-references; the analysis that runs it reports what RE2 refuses)."""
    if not isinstance(value, str):
        raise ConfigError(f"{name} must be a regular expression in quotes")
    try:
        re.compile(value)
    except re.error as exc:
        raise ConfigError(f"{name} is not a valid regular expression: {exc}") from exc
    return value


def consistent(policy: Policy) -> None:
    """Refuse values that contradict each other (each may be in range on its own)."""
    if not policy.impact_5_share >= policy.impact_4_share >= policy.impact_3_share:
        raise ConfigError(
            "impact_5_share >= impact_4_share >= impact_3_share must hold (they are "
            f"{policy.impact_5_share:g}, {policy.impact_4_share:g}, {policy.impact_3_share:g})"
        )


class PolicyRow(NamedTuple):
    name: str
    value: Any
    unit: str
    source: str  # "default", or FILE:LINE of the setting
    meaning: str


def listing(policy: Policy, sources: Sources, where: str) -> Result[PolicyRow]:
    """Every value in force, in the Policy's order, with its source and meaning."""
    rows = [
        PolicyRow(name, value, *describe(name)[:1], sources.get(name, "default"),
                  describe(name)[1])
        for name, value in policy.values().items()
    ]  # fmt: skip
    return Result.of("policy", PolicyRow, rows, (where,))

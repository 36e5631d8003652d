"""docs/metrics.md states every code health biomarker with the values the code uses: the
rule with the policy's default thresholds, the default weight and the saturation."""

from __future__ import annotations

import re
from pathlib import Path

from techlead.analyses.health_score import BIOMARKERS, rule
from techlead.core.health_policy import HEALTH_THRESHOLDS
from techlead.core.policy import DEFAULT

DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_the_biomarker_table_is_the_code_s() -> None:
    text = (DOCS / "metrics.md").read_text()
    section = text.split("## Code health\n", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| ([a-z ]+) \| (function|file) \| ([^|]+) \| ([\d.]+) \| (\d+) \|",
                      section, re.M)  # fmt: skip
    assert [row[0] for row in rows] == [b.label for b in BIOMARKERS]
    for (_, level, said, weight, saturation), b in zip(rows, BIOMARKERS, strict=True):
        assert (level, said, weight, int(saturation)) == (
            b.level,
            rule(b, DEFAULT),
            f"{getattr(DEFAULT, b.weight):g}",
            b.saturation,
        )
    # every threshold a language may set is named where the section says how
    for name in HEALTH_THRESHOLDS:
        assert f"`{name.removeprefix('health_')}`" in section, name

"""Standards results in the formats CI systems and code-scanning tools read natively.

* JUnit XML: one ``<testsuite>`` per repository, one ``<testcase>`` per check (classname
  the repository, name the check id); a failed check has a ``<failure>`` whose message is
  the evidence and whose text is the fix; a check that does not apply is ``<skipped/>``.
* SARIF 2.1.0: one run of the tool ``techlead``, a rule per check (with its fix as help),
  one result per failure, at level ``error`` for bronze checks and ``warning`` above,
  located at the files the check names (with the line when it knows it, as for secrets and
  complex functions), else at the repository's root.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from typing import Any

from techlead import __version__
from techlead.standards.checks import Check
from techlead.standards.scorecard import Card

LOCATIONS = 10  # files a result points at, at most (its message names the rest)


def _location(repo: str, path: str, line: int | None) -> dict[str, Any]:
    """Where a failure is: a file of the repository (its root when the check names none),
    and a line when the check knows it."""
    physical: dict[str, Any] = {"artifactLocation": {"uri": path, "uriBaseId": repo}}
    if line is not None:
        physical["region"] = {"startLine": line}
    return {"physicalLocation": physical}


def junit_xml(cards: Sequence[Card]) -> str:
    suites = ET.Element("testsuites", name="techlead standards")
    totals = {"tests": 0, "failures": 0}
    for card in cards:
        failures = sum(1 for o in card.outcomes if o.passed is False)
        skipped = sum(1 for o in card.outcomes if o.passed is None)
        suite = ET.SubElement(
            suites,
            "testsuite",
            name=card.repo,
            tests=str(len(card.outcomes)),
            failures=str(failures),
            errors="0",
            skipped=str(skipped),
        )
        totals["tests"] += len(card.outcomes)
        totals["failures"] += failures
        for outcome in card.outcomes:
            case = ET.SubElement(suite, "testcase", classname=card.repo, name=outcome.check.id)
            if outcome.passed is False:
                failure = ET.SubElement(case, "failure", message=outcome.evidence)
                failure.text = outcome.check.fix
            elif outcome.passed is None:
                ET.SubElement(case, "skipped", message=outcome.evidence)
    suites.set("tests", str(totals["tests"]))
    suites.set("failures", str(totals["failures"]))
    suites.set("errors", "0")
    ET.indent(suites)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"
    )


def sarif(cards: Sequence[Card], checks: Sequence[Check]) -> str:
    rules = [
        {
            "id": check.id,
            "shortDescription": {"text": check.title},
            "help": {"text": check.fix},
            "properties": {"level": check.level, "weight": check.weight},
        }
        for check in checks
    ]
    results = []
    for card in cards:
        for outcome in card.outcomes:
            if outcome.passed is not False:
                continue
            results.append(
                {
                    "ruleId": outcome.check.id,
                    "level": "error" if outcome.check.level == "bronze" else "warning",
                    "message": {"text": f"{card.repo}: {outcome.evidence}"},
                    "locations": [
                        _location(card.repo, path, line)
                        for path, line in (outcome.files[:LOCATIONS] or ((".", None),))
                    ],
                }
            )
    document = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": "techlead", "version": __version__, "rules": rules}},
                "results": results,
            }
        ],
    }
    return json.dumps(document, indent=2) + "\n"

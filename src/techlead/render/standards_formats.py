"""Standards results in the formats CI systems and code-scanning tools read natively.

* JUnit XML: one ``<testsuite>`` per repository, one ``<testcase>`` per check (classname
  the repository, name the check id); a failed check has a ``<failure>`` whose message is
  the evidence and whose text is the fix; a check that does not apply is ``<skipped/>``.
* SARIF 2.1.0: one run of the tool ``techlead``, a rule per check (with its fix as help),
  one result per failure, at level ``error`` for bronze checks and ``warning`` above,
  located at the repository (and at the file the evidence names, when it names one).
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence

from techlead import __version__
from techlead.standards.checks import Check
from techlead.standards.scorecard import Card

_PATH = re.compile(r"(?<![\w/])\.?[\w.-]*(?:/[\w.-]+)*\.[A-Za-z]\w*(?![\w/])")


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
            named = _PATH.search(outcome.evidence)
            uri = named.group(0).rstrip(",:") if named else ""
            results.append(
                {
                    "ruleId": outcome.check.id,
                    "level": "error" if outcome.check.level == "bronze" else "warning",
                    "message": {"text": f"{card.repo}: {outcome.evidence}"},
                    "locations": [
                        {
                            "physicalLocation": {
                                "artifactLocation": {"uri": uri or ".", "uriBaseId": card.repo}
                            }
                        }
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

"""Checks of the documents a repository keeps: README, licence, security policy,
contributing guide, code of conduct, changelog, CI and dependency-update configuration,
CODEOWNERS, ADR statuses. Texts come from the warehouse (the scan keeps them).
"""

from __future__ import annotations

import re

from techlead.analyses.people import STANDING, left_rule, standing
from techlead.core import codeowners
from techlead.mining import policy_documents as documents
from techlead.standards.check import Outcome
from techlead.standards.context import RepoContext

SPDX_MARKERS = (
    ("Apache-2.0", r"Apache License,?\s+Version 2\.0"),
    ("AGPL-3.0", r"GNU AFFERO GENERAL PUBLIC LICENSE\s+Version 3"),
    ("LGPL-3.0", r"GNU LESSER GENERAL PUBLIC LICENSE\s+Version 3"),
    ("GPL-3.0", r"GNU GENERAL PUBLIC LICENSE\s+Version 3"),
    ("GPL-2.0", r"GNU GENERAL PUBLIC LICENSE\s+Version 2"),
    ("MPL-2.0", r"Mozilla Public License,?\s+(?:Version|v\.?)\s*2\.0"),
    ("MIT", r"Permission is hereby granted, free of charge"),
    ("ISC", r"Permission to use, copy, modify, and/or distribute this software"),
    ("BSD-3-Clause", r"Neither the name of .{0,200}? nor the names of"),
    ("BSD-2-Clause", r"Redistribution and use in source and binary forms"),
    ("Unlicense", r"This is free and unencumbered software released into the public domain"),
    ("CC0-1.0", r"CC0 1\.0 Universal"),
)


def present(ctx: RepoContext, pattern: str, what: str) -> Outcome:
    found = ctx.find(pattern)
    return (True, found[0]) if found else (False, f"no {what}")


def contributing(ctx: RepoContext) -> Outcome:
    return present(ctx, documents.CONTRIBUTING, "CONTRIBUTING")


def conduct(ctx: RepoContext) -> Outcome:
    return present(ctx, documents.CODE_OF_CONDUCT, "CODE_OF_CONDUCT")


def changelog(ctx: RepoContext) -> Outcome:
    pattern = r"(?:CHANGELOG|CHANGES|HISTORY|NEWS)(?:\.(?:md|rst|txt))?|changelog/.+"
    return present(ctx, pattern, "CHANGELOG")


def readme(ctx: RepoContext) -> Outcome:
    return present(ctx, documents.README, "README at the root")


def _says(
    ctx: RepoContext,
    document: str,
    absent: Outcome,
    pattern: re.Pattern[str],
    wanted: str,
    failed: str,
) -> Outcome | re.Match[str]:
    """Search the first document matching ``document`` for ``pattern``: its match, or the
    outcome when there is none (``absent`` without the document; n/a when its text is
    not in the warehouse, or cut before a match; else ``failed``)."""
    found = ctx.find(document)
    if not found:
        return absent
    doc = ctx.document(found[0])
    if doc is None:
        return None, ctx.unread(found[0])
    match = pattern.search(doc.text)
    if match:
        return match
    if doc.truncated:
        return None, ctx.cut(found[0]) + f" ({wanted})"
    return False, f"{found[0]}{failed}", ((found[0], None),)


_LICENCES = [(spdx, re.compile(marker, re.IGNORECASE | re.DOTALL)) for spdx, marker in SPDX_MARKERS]
_ANY_LICENCE = re.compile("|".join(f"(?P<g{i}>{m})" for i, (_, m) in enumerate(SPDX_MARKERS)),
                          re.IGNORECASE | re.DOTALL)  # fmt: skip


def licence(ctx: RepoContext) -> Outcome:
    said = _says(ctx, documents.LICENSE, (False, "no LICENSE file at the root"), _ANY_LICENCE,
                 "no recognised SPDX licence", ": no recognised SPDX licence")  # fmt: skip
    if isinstance(said, tuple):
        return said
    path = ctx.find(documents.LICENSE)[0]
    text = ctx.text(path) or ""
    # In the markers' order, not the text's: a BSD-3-Clause text also holds BSD-2's words.
    spdx = next(s for s, marker in _LICENCES if marker.search(text))
    return True, f"{path}: {spdx}"


def readme_licence(ctx: RepoContext) -> Outcome:
    said = _says(ctx, documents.README, (None, "no README"), re.compile(r"licen[cs]", re.I),
                 "a mention of the licence", " does not mention the licence")  # fmt: skip
    return said if isinstance(said, tuple) else (True, ctx.find(documents.README)[0])


_CONTACT = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+|https?://\S+")


def security(ctx: RepoContext) -> Outcome:
    said = _says(ctx, documents.SECURITY, (False, "no SECURITY.md"), _CONTACT, "a contact",
                 " names no contact (an e-mail address or a URL)")  # fmt: skip
    if isinstance(said, tuple):
        return said
    return True, f"{ctx.find(documents.SECURITY)[0]}: {said.group(0)}"


def ci(ctx: RepoContext) -> Outcome:
    return present(
        ctx,
        r"\.github/workflows/[^/]+\.ya?ml|\.gitlab-ci\.yml|Jenkinsfile|\.circleci/config\.yml"
        r"|azure-pipelines\.yml|\.travis\.yml|bitbucket-pipelines\.yml",
        "CI configuration",
    )


def updates(ctx: RepoContext) -> Outcome:
    return present(
        ctx,
        r"\.github/dependabot\.ya?ml|renovate\.json5?|\.github/renovate\.json5?|\.renovaterc(?:\.json)?",
        "Dependabot or Renovate configuration",
    )


def codeowners_valid(ctx: RepoContext) -> Outcome:
    chosen = codeowners.choose(ctx.find(documents.CODEOWNERS))
    if chosen is None:
        return False, "no CODEOWNERS"
    doc = ctx.document(chosen)
    if doc is None:
        return None, ctx.unread(chosen)
    parsed = codeowners.parse(
        doc.text, codeowners.has_sections(chosen)
    )  # a truncated text ends with a whole line
    rules = parsed.rules
    problems = [*parsed.problems, *codeowners.problems(rules, sorted(ctx.files))]
    standing(ctx.con, ctx.now, ctx.policy.inactive_days)
    for email in codeowners.email_owners(rules):
        active = ctx.query(
            f"SELECT bool_or(s.active) FROM people p JOIN {STANDING} s USING (person_id) "
            "WHERE p.repo_id = $repo AND lower(p.email) = lower($email)",
            email=email,
        )[0][0]
        if not active:
            problems.append(f"{email} has left ({left_rule(ctx.policy.inactive_days)})")
    if problems:
        return False, f"{chosen}: " + "; ".join(problems[:5]), ((chosen, None),)
    if doc.truncated:
        return None, ctx.cut(chosen) + f" ({len(rules)} rules read, all valid)"
    return True, f"{chosen}: {len(rules)} rules"


def adr_statuses(ctx: RepoContext) -> Outcome:
    rows = ctx.query("SELECT path, status FROM decisions WHERE repo_id = $repo ORDER BY path")
    if not rows:
        return False, "no ADR log"
    missing = [str(path) for path, status in rows if not status]
    if missing:
        return False, "no status: " + ", ".join(missing[:10]), tuple((m, None) for m in missing)
    return True, f"{len(rows)} ADRs, all with a status"

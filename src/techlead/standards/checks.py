"""Built-in standards checks. Each has an id, a level, a risk weight, a rationale and a
"how to fix" (docs/standards.md repeats them), and returns (passed, evidence); ``passed``
is None when the check does not apply (e.g. lockfiles in a repository without manifests).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from techlead.analyses import hotspots, truck_factor
from techlead.analyses.people import left_before
from techlead.core.dates import span
from techlead.core.model import Options
from techlead.core.policy import Policy
from techlead.decisions.radar_check import check
from techlead.mining import policy_documents as documents
from techlead.mining.inventory import LOCKFILES, unlocked_manifests
from techlead.mining.secrets import KINDS, SCAN_LIMIT
from techlead.risk.vulns import findings
from techlead.standards import codeowners, secrets
from techlead.standards.context import RepoContext

Outcome = tuple[bool | None, str]
LEVELS = ("bronze", "silver", "gold")


@dataclass(frozen=True)
class Check:
    id: str
    level: str
    weight: int  # risk weight in the 0-10 score
    title: str  # may name policy values: "activity in the last {activity_days}"
    fix: str
    run: Callable[[RepoContext], Outcome]


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
TEST_FILES = (
    r"(?:.*/)?(?:tests?|testing|spec|__tests__)/.+"
    r"|(?:.*/)?(?:test_[^/]+\.py|[^/]+_test\.(?:py|go)|[^/]+\.(?:test|spec)\.[jt]sx?|[^/]+Tests?\.(?:java|kt|cs))"
)


def _contributing(ctx: RepoContext) -> Outcome:
    return _present(ctx, documents.CONTRIBUTING, "CONTRIBUTING")


def _conduct(ctx: RepoContext) -> Outcome:
    return _present(ctx, documents.CODE_OF_CONDUCT, "CODE_OF_CONDUCT")


def _changelog(ctx: RepoContext) -> Outcome:
    pattern = r"(?:CHANGELOG|CHANGES|HISTORY|NEWS)(?:\.(?:md|rst|txt))?|changelog/.+"
    return _present(ctx, pattern, "CHANGELOG")


def _present(ctx: RepoContext, pattern: str, what: str) -> Outcome:
    found = ctx.find(pattern)
    return (True, found[0]) if found else (False, f"no {what}")


def readme(ctx: RepoContext) -> Outcome:
    return _present(ctx, documents.README, "README at the root")


# The checks that read a document's text judge the text the scan recorded. Without it
# (a warehouse scanned by an older techlead, a blob missing from a partial clone) they do
# not apply and say why; in a truncated text, what is found counts, and what is not found
# leaves the check n/a (it may be further on).


def licence(ctx: RepoContext) -> Outcome:
    found = ctx.find(documents.LICENSE)
    if not found:
        return False, "no LICENSE file at the root"
    doc = ctx.document(found[0])
    if doc is None:
        return None, ctx.unread(found[0])
    for spdx, marker in SPDX_MARKERS:
        if re.search(marker, doc.text, re.IGNORECASE | re.DOTALL):
            return True, f"{found[0]}: {spdx}"
    if doc.truncated:
        return None, ctx.cut(found[0]) + " (no recognised SPDX licence)"
    return False, f"{found[0]}: no recognised SPDX licence"


def readme_licence(ctx: RepoContext) -> Outcome:
    found = ctx.find(documents.README)
    if not found:
        return None, "no README"
    doc = ctx.document(found[0])
    if doc is None:
        return None, ctx.unread(found[0])
    if re.search(r"licen[cs]", doc.text, re.IGNORECASE):
        return True, found[0]
    if doc.truncated:
        return None, ctx.cut(found[0]) + " (a mention of the licence)"
    return False, f"{found[0]} does not mention the licence"


def security(ctx: RepoContext) -> Outcome:
    found = ctx.find(documents.SECURITY)
    if not found:
        return False, "no SECURITY.md"
    doc = ctx.document(found[0])
    if doc is None:
        return None, ctx.unread(found[0])
    contact = re.search(r"[\w.+-]+@[\w-]+\.[\w.-]+|https?://\S+", doc.text)
    if contact:
        return True, f"{found[0]}: {contact.group(0)}"
    if doc.truncated:
        return None, ctx.cut(found[0]) + " (a contact)"
    return False, f"{found[0]} names no contact (an e-mail address or a URL)"


def ci(ctx: RepoContext) -> Outcome:
    return _present(
        ctx,
        r"\.github/workflows/[^/]+\.ya?ml|\.gitlab-ci\.yml|Jenkinsfile|\.circleci/config\.yml"
        r"|azure-pipelines\.yml|\.travis\.yml|bitbucket-pipelines\.yml",
        "CI configuration",
    )


def activity(ctx: RepoContext) -> Outcome:
    if ctx.last_commit_at is None:
        return False, "no commits"
    days = (ctx.now - ctx.last_commit_at).days
    passed = days < ctx.policy.activity_days
    return passed, f"last commit {ctx.last_commit_at:%Y-%m-%d} ({days} days ago)"


def lockfiles(ctx: RepoContext) -> Outcome:
    relevant = ctx.query(
        "SELECT count(*) FROM manifests m, unnest(m.ecosystems) AS e(ecosystem) "
        "WHERE m.repo_id = $repo AND list_contains($lockable, e.ecosystem)",
        lockable=list(LOCKFILES),
    )[0][0]
    if not relevant:
        return None, "no npm, Go, RubyGems or Packagist manifests"
    missing = sorted({path for _, path, _ in unlocked_manifests(ctx.con, (ctx.name,))})
    return (False, "no lockfile beside " + ", ".join(missing)) if missing else (True, "all locked")


def updates(ctx: RepoContext) -> Outcome:
    return _present(
        ctx,
        r"\.github/dependabot\.ya?ml|renovate\.json5?|\.github/renovate\.json5?|\.renovaterc(?:\.json)?",
        "Dependabot or Renovate configuration",
    )


def tests_present(ctx: RepoContext) -> Outcome:
    [(test_lines, all_lines)] = ctx.query(
        "SELECT coalesce(sum(code) FILTER (regexp_full_match(path, $tests)), 0), "
        "coalesce(sum(code), 0) FROM files WHERE repo_id = $repo AND functions IS NOT NULL "
        "AND NOT (is_generated OR is_vendored OR is_excluded)",
        tests="(?i)" + TEST_FILES,
    )
    test, total = int(str(test_lines)), int(str(all_lines))
    if total == 0:
        return None, "no code with function metrics"
    ratio = test / max(total - test, 1)
    return test > 0, f"test-to-code ratio {ratio:.2f} ({test:,} of {total:,} lines are tests)"


def actions_pinned(ctx: RepoContext) -> Outcome:
    rows = ctx.query(
        "SELECT DISTINCT name || '@' || coalesce(version, '?') FROM dependencies "
        "WHERE repo_id = $repo AND ecosystem = 'GitHub Actions' ORDER BY 1"
    )
    if not rows:
        return None, "no GitHub Actions"
    loose = [str(r[0]) for r in rows if not re.fullmatch(r".+@[0-9a-f]{40}", str(r[0]))]
    return (False, "not pinned by commit: " + ", ".join(loose[:10])) if loose else (
        True, f"{len(rows)} actions pinned")  # fmt: skip


def workflow_permissions(ctx: RepoContext) -> Outcome:
    workflows = ctx.find(documents.WORKFLOWS)
    if not workflows:
        return None, "no workflows"
    loose, unknown = [], []
    for path in workflows:
        doc = ctx.document(path)
        if doc is None:
            unknown.append(ctx.unread(path))
        elif re.search(r"^permissions:", doc.text, re.M) is None:
            if doc.truncated:
                unknown.append(ctx.cut(path))
            else:
                loose.append(path)
    if loose:
        return False, "no top-level permissions: " + ", ".join(loose)
    if unknown:
        return None, "; ".join(unknown)
    return True, f"{len(workflows)} workflows declare permissions"


BINARY_SUFFIXES = (
    ".exe", ".dll", ".so", ".dylib", ".jar", ".war", ".ear", ".class", ".pyc", ".o", ".a",
    ".lib", ".whl", ".egg", ".apk", ".msi", ".dmg", ".iso",
)  # fmt: skip


def no_binaries(ctx: RepoContext) -> Outcome:
    rows = ctx.query(
        "SELECT path, coalesce(size, 0) FROM files WHERE repo_id = $repo "
        "AND NOT (is_vendored OR is_excluded) ORDER BY path"
    )
    limit = ctx.policy.file_size_limit
    found = [
        str(path)
        for path, size in rows
        if str(path).lower().endswith(BINARY_SUFFIXES) or int(str(size)) > limit
    ]
    if found:
        return False, f"{len(found)} binary artifacts or files over {_size(limit)}: " + ", ".join(
            found[:5]
        )
    return True, f"none among {len(rows)} files"


_UNTRUSTED_REF = re.compile(r"github\.event\.pull_request\.head\.(?:sha|ref)|github\.head_ref")


def no_unsafe_pr_target(ctx: RepoContext) -> Outcome:
    workflows = ctx.find(documents.WORKFLOWS)
    if not workflows:
        return None, "no workflows"
    unsafe, unknown = [], []
    for path in workflows:
        doc = ctx.document(path)
        if doc is None:
            unknown.append(ctx.unread(path))
        elif re.search(r"\bpull_request_target\b", doc.text) and _UNTRUSTED_REF.search(doc.text):
            unsafe.append(path)
        elif doc.truncated:
            unknown.append(ctx.cut(path))
    if unsafe:
        return False, "pull_request_target checks out the pull request's code: " + ", ".join(unsafe)
    if unknown:
        return None, "; ".join(unknown)
    return True, f"{len(workflows)} workflows"


def docker_digests(ctx: RepoContext) -> Outcome:
    rows = ctx.query(
        "SELECT DISTINCT spec FROM dependencies WHERE repo_id = $repo AND ecosystem = 'Docker' "
        "AND manifest NOT LIKE '.github/%' ORDER BY 1"
    )
    if not rows:
        return None, "no container images"
    loose = [str(r[0]) for r in rows if "@sha256:" not in str(r[0])]
    if loose:
        return False, "not pinned by digest: " + ", ".join(loose[:10])
    return True, f"{len(rows)} images pinned"


def adr_statuses(ctx: RepoContext) -> Outcome:
    rows = ctx.query("SELECT path, status FROM decisions WHERE repo_id = $repo ORDER BY path")
    if not rows:
        return False, "no ADR log"
    missing = [str(path) for path, status in rows if not status]
    if missing:
        return False, "no status: " + ", ".join(missing[:10])
    return True, f"{len(rows)} ADRs, all with a status"


def complexity_limit(ctx: RepoContext) -> Outcome:
    ranking = hotspots.rank(ctx.con, Options(repos=(ctx.name,)), hotspots.HotspotParams())
    top = {row.entity.path for row in ranking.hot}
    if not top:
        return None, "no hotspots"
    limit = ctx.policy.complexity_limit
    rows = ctx.query(
        "SELECT f.path, fn.name, fn.cyclomatic FROM functions fn JOIN files f "
        "ON f.repo_id = fn.repo_id AND f.blob = fn.blob AND f.language = fn.language "
        "WHERE f.repo_id = $repo AND fn.cyclomatic > $limit "
        "ORDER BY fn.cyclomatic DESC, f.path",
        limit=limit,
    )
    over = [f"{path}:{name} ({cc})" for path, name, cc in rows if str(path) in top]
    if over:
        return False, f"functions over cyclomatic {limit} in hotspots: " + ", ".join(over[:5])
    return True, f"no function over {limit} in the {len(top)} hotspots"


def codeowners_valid(ctx: RepoContext) -> Outcome:
    found = ctx.find(documents.CODEOWNERS)
    if not found:
        return False, "no CODEOWNERS"
    doc = ctx.document(found[0])
    if doc is None:
        return None, ctx.unread(found[0])
    rules = codeowners.parse(doc.text)  # a truncated text ends with a whole line
    problems = [
        f"line {rule.line}: {rule.pattern} matches no file"
        for rule in codeowners.unmatched(rules, sorted(ctx.files))
    ]
    cutoff = left_before(ctx.con, ctx.now)
    for email in codeowners.email_owners(rules):
        active = ctx.query(
            "SELECT max(last_commit_at) FROM people WHERE repo_id = $repo "
            "AND lower(email) = lower($email)",
            email=email,
        )[0][0]
        if active is None or active < cutoff:  # type: ignore[operator]
            problems.append(f"{email} has left (no commit for {span(ctx.policy.inactive_days)})")
    if problems:
        return False, f"{found[0]}: " + "; ".join(problems[:5])
    if doc.truncated:
        return None, ctx.cut(found[0]) + f" ({len(rules)} rules read, all valid)"
    return True, f"{found[0]}: {len(rules)} rules"


def no_hold(ctx: RepoContext) -> Outcome:
    if ctx.radar is None:
        return None, "no radar given (--radar)"
    rows = check(ctx.con, ctx.radar, (ctx.name,)).rows
    held = [row.technology for row in rows if row.finding == "hold in use"]
    if held:
        return False, f"on the {ctx.radar.hold} ring: " + ", ".join(held)
    return True, "no technology on the hold ring"


def no_vulnerabilities(ctx: RepoContext) -> Outcome:
    if ctx.osv is None:
        return None, "no OSV data given (--osv)"
    found = [f for f in findings(ctx.osv, ctx.con, (ctx.name,)) if f.status == "affected"]
    if found:
        return False, "; ".join(f"{f.package} {f.version}: {f.advisory.id}" for f in found[:5])
    return True, "no dependency with a resolved version is affected"


def no_secrets(ctx: RepoContext) -> Outcome:
    """The secrets the scan found in the text files at HEAD (up to 1 MiB, not vendored or
    generated), less those under an allowed path (the defaults and standards.toml's)."""
    rows = ctx.query(
        "SELECT path, secrets_scanned FROM files WHERE repo_id = $repo AND is_binary IS FALSE "
        "AND coalesce(size, 0) <= $limit AND NOT (is_vendored OR is_generated) ORDER BY path",
        limit=SCAN_LIMIT,
    )
    skip = secrets.allowed([str(path) for path, _ in rows], secrets.DEFAULT_ALLOW + ctx.allow)
    searched = [str(path) for path, scanned in rows if scanned and path not in skip]
    unsearched = [str(path) for path, scanned in rows if not scanned and path not in skip]
    order = {kind: i for i, kind in enumerate(KINDS)}
    found = sorted(
        (
            (str(path), int(str(line)), str(kind))
            for path, line, kind in ctx.query(
                "SELECT path, line, kind FROM secret_findings WHERE repo_id = $repo"
            )
            if path not in skip
        ),
        key=lambda f: (f[0], f[1], order.get(f[2], len(order))),
    )
    if found:
        listed = ", ".join(f"{path}:{line} ({kind})" for path, line, kind in found[:5])
        return False, f"{len(found)} possible secrets: {listed}"
    if unsearched:
        return None, (
            f"{len(unsearched)} of {len(rows) - len(skip)} text files were not searched for "
            f"secrets by the last scan (e.g. {unsearched[0]}; a warehouse scanned before "
            "techlead searched at scan time): scan again"
        )
    return True, f"{len(searched)} files scanned"


def truck(ctx: RepoContext) -> Outcome:
    result = truck_factor.run(
        ctx.con, Options(repos=(ctx.name,)), truck_factor.TruckFactorParams(by="repo")
    )
    factors = truck_factor.factors(result)
    if not factors:
        return None, "no files"
    factor = min(factors.values())
    return factor >= ctx.policy.truck_factor_min, f"truck factor {factor}"


def _size(limit: int) -> str:
    return f"{limit / (1 << 20):g} MiB" if limit >= 1 << 20 else f"{limit:,} bytes"


_CHECKS: tuple[Check, ...] = (
    Check(
        "readme",
        "bronze",
        2,
        "README present",
        "Add a README.md: what it is, how to run it, its licence.",
        readme,
    ),
    Check(
        "license",
        "bronze",
        3,
        "LICENSE with a recognised licence",
        "Add a LICENSE file with the full text of an SPDX licence.",
        licence,
    ),
    Check(
        "ci",
        "bronze",
        2,
        "CI configured",
        "Add a CI workflow that runs the tests on every change.",
        ci,
    ),
    Check(
        "activity",
        "bronze",
        1,
        "activity in the last {activity_span}",
        "Commit, or archive the repository if it is done.",
        activity,
    ),
    Check(
        "readme-license",
        "silver",
        1,
        "README mentions the licence",
        "Add a Licence section to the README.",
        readme_licence,
    ),
    Check(
        "security-policy",
        "silver",
        2,
        "SECURITY.md with a contact",
        "Add SECURITY.md saying how to report a vulnerability (an address or a URL).",
        security,
    ),
    Check(
        "contributing",
        "silver",
        1,
        "CONTRIBUTING present",
        "Add CONTRIBUTING.md: how to build, test and propose changes.",
        _contributing,
    ),
    Check(
        "code-of-conduct",
        "silver",
        1,
        "CODE_OF_CONDUCT present",
        "Add CODE_OF_CONDUCT.md (e.g. the Contributor Covenant).",
        _conduct,
    ),
    Check(
        "changelog",
        "silver",
        1,
        "CHANGELOG present",
        "Keep a CHANGELOG.md of user-visible changes per release.",
        _changelog,
    ),
    Check(
        "tests",
        "silver",
        3,
        "tests present",
        "Add automated tests next to the code.",
        tests_present,
    ),
    Check(
        "lockfiles",
        "silver",
        2,
        "a lockfile for every manifest",
        "Commit the lockfile your package manager writes.",
        lockfiles,
    ),
    Check(
        "dependency-updates",
        "silver",
        2,
        "dependency updates automated",
        "Configure Dependabot or Renovate.",
        updates,
    ),
    Check(
        "codeowners",
        "silver",
        2,
        "CODEOWNERS present and valid",
        "Keep .github/CODEOWNERS: every pattern matching files, owners who still commit.",
        codeowners_valid,
    ),
    Check(
        "no-hold",
        "silver",
        2,
        "no technology on the radar's hold ring",
        "Plan the migration off it (techlead radar check shows where and since when).",
        no_hold,
    ),
    Check(
        "no-vulnerabilities",
        "silver",
        3,
        "no known vulnerabilities",
        "Upgrade to the fixed versions techlead vulns lists.",
        no_vulnerabilities,
    ),
    Check(
        "no-secrets",
        "bronze",
        3,
        "no secrets in the files at HEAD",
        "Revoke the secret, remove it, load it from the environment or a vault; "
        "mark false positives with `techlead: allow-secret`.",
        no_secrets,
    ),
    Check(
        "no-binaries",
        "silver",
        2,
        "no binary artifacts or files over {file_size}",
        "Remove build outputs from git; publish them as release assets or packages.",
        no_binaries,
    ),
    Check(
        "adr-statuses",
        "gold",
        1,
        "an ADR log, every ADR with a status",
        "Record decisions (techlead adr init) and give each a status (techlead adr status).",
        adr_statuses,
    ),
    Check(
        "pull-request-target",
        "gold",
        3,
        "no pull_request_target workflow checks out untrusted code",
        "Use pull_request, or never check out the pull request's head in pull_request_target.",
        no_unsafe_pr_target,
    ),
    Check(
        "docker-digests",
        "gold",
        2,
        "Dockerfile base images pinned by digest",
        "Pin every FROM image as name:tag@sha256:digest (Dependabot or Renovate keep it fresh).",
        docker_digests,
    ),
    Check(
        "complexity-limit",
        "gold",
        2,
        "no function above cyclomatic {complexity_limit} in the hotspots",
        "Split the complex functions of the hotspots (techlead complexity --by function).",
        complexity_limit,
    ),
    Check(
        "actions-pinned",
        "gold",
        3,
        "GitHub Actions pinned by commit SHA",
        "Pin every `uses:` to a full commit SHA (keep the tag in a comment).",
        actions_pinned,
    ),
    Check(
        "workflow-permissions",
        "gold",
        2,
        "workflows declare least-privilege permissions",
        "Add a top-level `permissions:` block (e.g. `contents: read`) to every workflow.",
        workflow_permissions,
    ),
    Check(
        "truck-factor",
        "gold",
        3,
        "truck factor at least {truck_factor_min}",
        "Pair on the code only one person knows (see techlead knowledge).",
        truck,
    ),
)


def builtin_checks(policy: Policy) -> tuple[Check, ...]:
    """The built-in checks, their titles stating the policy's values."""
    values = {
        **policy.values(),
        "activity_span": span(policy.activity_days),
        "file_size": _size(policy.file_size_limit),
    }
    return tuple(replace(c, title=c.title.format(**values)) for c in _CHECKS)

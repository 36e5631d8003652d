"""Checks of what a repository builds with and ships: lockfiles, pinned Actions and
images, workflow permissions, pull_request_target, committed binaries, hold
technologies, known vulnerabilities, secrets.
"""

from __future__ import annotations

import re

from techlead.analyses.portfolio import LOCKFILES, unlocked_manifests
from techlead.core.roles import NOT_SHIPPED
from techlead.core.words import listing
from techlead.decisions.radar_check import HOLD_IN_USE, check
from techlead.mining import policy_documents as documents
from techlead.mining.secrets import KINDS, SCAN_LIMIT
from techlead.risk.vulns import findings
from techlead.standards import secrets
from techlead.standards.check import Outcome
from techlead.standards.context import RepoContext


def lockfiles(ctx: RepoContext) -> Outcome:
    relevant = ctx.query(
        "SELECT count(*) FROM manifests m, unnest(m.ecosystems) AS e(ecosystem) "
        "WHERE m.repo_id = $repo AND list_contains($lockable, e.ecosystem)",
        lockable=list(LOCKFILES),
    )[0][0]
    if not relevant:
        return None, "no npm, Go, RubyGems or Packagist manifests"
    missing = sorted({path for _, path, _ in unlocked_manifests(ctx.con, (ctx.name,))})
    if missing:
        return False, "no lockfile beside " + ", ".join(missing), tuple((m, None) for m in missing)
    return True, "all locked"


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
        return (
            False,
            "no top-level permissions: " + ", ".join(loose),
            tuple((w, None) for w in loose),
        )
    if unknown:
        return None, "; ".join(unknown)
    return True, f"{len(workflows)} workflows declare permissions"


BINARY_SUFFIXES = (
    ".exe", ".dll", ".so", ".dylib", ".jar", ".war", ".ear", ".class", ".pyc", ".o", ".a",
    ".lib", ".whl", ".egg", ".apk", ".msi", ".dmg", ".iso",
)  # fmt: skip


def size_words(limit: int) -> str:
    return f"{limit / (1 << 20):g} MiB" if limit >= 1 << 20 else f"{limit:,} bytes"


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
        return (
            False,
            f"{len(found)} binary artifacts or files over {size_words(limit)}: "
            + ", ".join(found[:5]),
            tuple((f, None) for f in found),
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
        return (
            False,
            "pull_request_target checks out the pull request's code: " + ", ".join(unsafe),
            tuple((w, None) for w in unsafe),
        )
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


def no_hold(ctx: RepoContext) -> Outcome:
    if ctx.radar is None:
        return None, "no radar given (--radar)"
    rows = check(ctx.con, ctx.radar, (ctx.name,)).rows
    held = [row.technology for row in rows if row.finding == HOLD_IN_USE]
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
    generated), less those under an allowed path (the defaults and standards.toml's).
    Findings in files the product does not ship (the test, docs and example roles: keys
    that test fixtures need, sample settings in a tutorial) are reported as such and do not
    fail, unless standards.toml's ``[secrets] fail_unshipped`` says they do."""
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
    roles = {str(path): str(role) for path, role in ctx.query(
        "SELECT path, role FROM files WHERE repo_id = $repo AND list_contains($roles, role)",
        roles=sorted(NOT_SHIPPED))}  # fmt: skip
    unshipped = [f for f in found if f[0] in roles and not ctx.fail_unshipped]
    found = [f for f in found if f not in unshipped]
    kinds = sorted({roles[f[0]] for f in unshipped}, key=["test", "example", "docs"].index)
    words = listing([{"docs": "documentation"}.get(k, k) for k in kinds])
    fixtures = (
        f"; {_secrets(len(unshipped))} in {words} files, not counted (e.g. "
        f"{_listed(unshipped[:3])}; [secrets] fail_unshipped in standards.toml counts them)"
        if unshipped else ""
    )  # fmt: skip
    if found:
        return (False, f"{_secrets(len(found))}: {_listed(found[:5])}{fixtures}",
                tuple((p, n) for p, n, _ in found))  # fmt: skip
    if unsearched:
        return None, (
            f"{len(unsearched)} of {len(rows) - len(skip)} text files were not searched for "
            f"secrets by the last scan (e.g. {unsearched[0]}; a warehouse scanned before "
            "techlead searched at scan time): scan again"
        )
    return True, f"{len(searched)} files scanned{fixtures}"


def _secrets(n: int) -> str:
    return f"{n} possible secret{'' if n == 1 else 's'}"


def _listed(found: list[tuple[str, int, str]]) -> str:
    return ", ".join(f"{path}:{line} ({kind})" for path, line, kind in found)

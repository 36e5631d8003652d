"""Built-in standards checks. Each has an id, a level, a risk weight, a rationale and a
"how to fix" (docs/standards.md repeats them), and returns (passed, evidence); ``passed``
is None when the check does not apply (e.g. lockfiles in a repository without manifests).
"""

from __future__ import annotations

from dataclasses import replace

from techlead.core.dates import span, the_last
from techlead.core.policy import Policy
from techlead.standards import documents, health, review, supply_chain
from techlead.standards.check import LEVELS, Check, Outcome

__all__ = ["LEVELS", "Check", "Outcome", "builtin_checks"]


_CHECKS: tuple[Check, ...] = (
    Check(
        "readme",
        "bronze",
        2,
        "README present",
        "Add a README.md: what it is, how to run it, its licence.",
        documents.readme,
    ),
    Check(
        "license",
        "bronze",
        3,
        "LICENSE with a recognised licence",
        "Add a LICENSE file with the full text of an SPDX licence.",
        documents.licence,
    ),
    Check(
        "ci",
        "bronze",
        2,
        "CI configured",
        "Add a CI workflow that runs the tests on every change.",
        documents.ci,
    ),
    Check(
        "activity",
        "bronze",
        1,
        "activity in the last {activity_span}",
        "Commit, or archive the repository if it is done.",
        health.activity,
    ),
    Check(
        "readme-license",
        "silver",
        1,
        "README mentions the licence",
        "Add a Licence section to the README.",
        documents.readme_licence,
    ),
    Check(
        "security-policy",
        "silver",
        2,
        "SECURITY.md with a contact",
        "Add SECURITY.md saying how to report a vulnerability (an address or a URL).",
        documents.security,
    ),
    Check(
        "contributing",
        "silver",
        1,
        "CONTRIBUTING present",
        "Add CONTRIBUTING.md: how to build, test and propose changes.",
        documents.contributing,
    ),
    Check(
        "code-of-conduct",
        "silver",
        1,
        "CODE_OF_CONDUCT present",
        "Add CODE_OF_CONDUCT.md (e.g. the Contributor Covenant).",
        documents.conduct,
    ),
    Check(
        "changelog",
        "silver",
        1,
        "CHANGELOG present",
        "Keep a CHANGELOG.md of user-visible changes per release.",
        documents.changelog,
    ),
    Check(
        "tests",
        "silver",
        3,
        "tests present",
        "Add automated tests next to the code.",
        health.tests_present,
    ),
    Check(
        "lockfiles",
        "silver",
        2,
        "a lockfile for every manifest",
        "Commit the lockfile your package manager writes.",
        supply_chain.lockfiles,
    ),
    Check(
        "dependency-updates",
        "silver",
        2,
        "dependency updates automated",
        "Configure Dependabot or Renovate.",
        documents.updates,
    ),
    Check(
        "codeowners",
        "silver",
        2,
        "CODEOWNERS present and valid",
        "Keep .github/CODEOWNERS: every pattern matching files, owners who still commit.",
        documents.codeowners_valid,
    ),
    Check(
        "no-hold",
        "silver",
        2,
        "no technology on the radar's hold ring",
        "Plan the migration off it (techlead radar check shows where and since when).",
        supply_chain.no_hold,
    ),
    Check(
        "no-vulnerabilities",
        "silver",
        3,
        "no known vulnerabilities",
        "Upgrade to the fixed versions techlead vulns lists.",
        supply_chain.no_vulnerabilities,
    ),
    Check(
        "no-secrets",
        "bronze",
        3,
        "no secrets in the files at HEAD",
        "Revoke the secret, remove it, load it from the environment or a vault; "
        "mark false positives with `techlead: allow-secret`.",
        supply_chain.no_secrets,
    ),
    Check(
        "no-binaries",
        "silver",
        2,
        "no binary artifacts or files over {file_size}",
        "Remove build outputs from git; publish them as release assets or packages.",
        supply_chain.no_binaries,
    ),
    Check(
        "adr-statuses",
        "gold",
        1,
        "an ADR log, every ADR with a status",
        "Record decisions (techlead adr init) and give each a status (techlead adr status).",
        documents.adr_statuses,
    ),
    Check(
        "pull-request-target",
        "gold",
        3,
        "no pull_request_target workflow checks out untrusted code",
        "Use pull_request, or never check out the pull request's head in pull_request_target.",
        supply_chain.no_unsafe_pr_target,
    ),
    Check(
        "docker-digests",
        "gold",
        2,
        "Dockerfile base images pinned by digest",
        "Pin every FROM image as name:tag@sha256:digest (Dependabot or Renovate keep it fresh).",
        supply_chain.docker_digests,
    ),
    Check(
        "complexity-limit",
        "gold",
        2,
        "no function above cyclomatic {complexity_limit} in the hotspots",
        "Split the complex functions of the hotspots (techlead complexity --by function).",
        health.complexity_limit,
    ),
    Check(
        "actions-pinned",
        "gold",
        3,
        "GitHub Actions pinned by commit SHA",
        "Pin every `uses:` to a full commit SHA (keep the tag in a comment).",
        supply_chain.actions_pinned,
    ),
    Check(
        "workflow-permissions",
        "gold",
        2,
        "workflows declare least-privilege permissions",
        "Add a top-level `permissions:` block (e.g. `contents: read`) to every workflow.",
        supply_chain.workflow_permissions,
    ),
    Check(
        "truck-factor",
        "gold",
        3,
        "truck factor at least {truck_factor_min}",
        "Pair on the code only one person knows (see techlead knowledge).",
        health.truck,
    ),
    Check(
        "review",
        "silver",
        3,
        "at least {review_share} of the changes in {review_span} landed reviewed",
        "Land changes through pull requests or with Reviewed-by trailers "
        "(techlead review --view direct lists the others).",
        review.reviewed,
    ),
)


def builtin_checks(policy: Policy) -> tuple[Check, ...]:
    """The built-in checks, their titles stating the policy's values."""
    values = {
        **policy.values(),
        "activity_span": span(policy.activity_days),
        "file_size": supply_chain.size_words(policy.file_size_limit),
        "review_share": f"{policy.review_min_share:.0%}",
        "review_span": the_last(policy.review_window_days),
    }
    return tuple(replace(c, title=c.title.format(**values)) for c in _CHECKS)

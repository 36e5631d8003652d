"""How a change landed, from its message alone (core.landing): every built-in forge
pattern, every trailer style, the order of the kinds, and techlead.toml's [review]."""

from __future__ import annotations

from pathlib import Path

import pytest

from techlead.core.config import load_config
from techlead.core.errors import ConfigError
from techlead.core.landing import Landing, Reviewer, classify, default_rules, reviewers

RULES = default_rules()


@pytest.mark.parametrize(
    ("subject", "body", "is_merge", "expected"),
    [
        # GitHub's merge commit: number 42, the source branch as written
        (
            "Merge pull request #42 from alice/fix-typo",
            "Fix the typo",
            True,
            Landing("pull-request", "github", 42, "alice/fix-typo",
                    "Merge pull request #42 from alice/fix-typo"),
        ),
        # GitHub: the source edited out; a security advisory's private fork, both wordings
        (
            "Merge pull request #5754",
            "",
            True,
            Landing("pull-request", "github", 5754, None, "Merge pull request #5754"),
        ),
        (
            "Merge pull request from GHSA-m2qf-hxjv-5gpq",
            "",
            True,
            Landing("pull-request", "github", None, "GHSA-m2qf-hxjv-5gpq",
                    "Merge pull request from GHSA-m2qf-hxjv-5gpq"),
        ),
        (
            "Merge commit from fork",
            "",
            True,
            Landing("pull-request", "github", None, None, "Merge commit from fork"),
        ),
        # GitLab: the subject says nothing; the body's last line names project and number
        (
            "Merge branch 'feature' into 'main'",
            "Add the thing\n\nSee merge request group/project!7",
            True,
            Landing("pull-request", "gitlab", 7, "group/project",
                    "See merge request group/project!7"),
        ),
        # Bitbucket Server/Cloud
        (
            "Merged in feature/login (pull request #15)",
            "",
            True,
            Landing("pull-request", "bitbucket", 15, "feature/login",
                    "Merged in feature/login (pull request #15)"),
        ),
        # Azure DevOps: no source branch in the subject
        (
            "Merged PR 1234: Add the login page",
            "",
            True,
            Landing("pull-request", "azure", 1234, None, "Merged PR 1234:"),
        ),
        # Gerrit: the Reviewed-on trailer's change number (its Reviewed-by is read too)
        (
            "Fix the parser",
            "Change-Id: I0123\nReviewed-on: https://review.example.org/c/proj/+/5678\n"
            "Reviewed-by: Bob Jones <bob@example.com>",
            False,
            Landing("pull-request", "gerrit", 5678, None,
                    "Reviewed-on: https://review.example.org/c/proj/+/5678"),
        ),
        # a squash or rebase merge keeps the number at the subject's end
        (
            "Add retries to the client (#6789)",
            "* first\n* second",
            False,
            Landing("pull-request", "squash", 6789, None, "(#6789)"),
        ),
        # the kernel's style: trailers and no pull request; the evidence is the first
        (
            "mm: fix a leak",
            "Signed-off-by: Alice Smith <alice@example.com>\n"
            "Reviewed-by: Bob Jones <bob@example.com>\nAcked-by: Carol White <carol@example.com>",
            False,
            Landing("trailers", None, None, None, "Reviewed-by: Bob Jones <bob@example.com>"),
        ),
        # merges of another branch: neither reviewed nor direct
        ("Merge branch 'stable'", "", True, Landing("merge", "branches", None, None,
                                                    "Merge branch 'stable'")),
        (
            "Merge remote-tracking branch 'origin/2.3.x'",
            "",
            True,
            Landing("merge", "branches", None, None,
                    "Merge remote-tracking branch 'origin/2.3.x'"),
        ),
        # the same subject on a commit that is no merge: a direct change
        ("Merge branch 'stable'", "", False, Landing("direct", None, None, None, "")),
        # a number in the middle of the subject is no squash merge; Signed-off-by is no review
        (
            "Fix #12 in the parser",
            "Signed-off-by: Alice Smith <alice@example.com>",
            False,
            Landing("direct", None, None, None, ""),
        ),
    ],
)  # fmt: skip
def test_each_forge_and_trailer_style(
    subject: str, body: str, is_merge: bool, expected: Landing
) -> None:
    assert classify(subject, body, is_merge, RULES) == expected


def test_reviewer_trailers() -> None:
    body = (
        "Body text mentioning reviewed-by: nobody in a sentence.\n\n"
        "Reviewed-by: Bob Jones <bob@example.com>\n"
        "acked-by:Carol White <carol@example.com>\n"  # any case, no space after the colon
        "Approved-by: Dan Brown\n"  # no e-mail
        "Tested-by: Bob Jones <bob@example.com>\n"  # Bob again: once
        "Signed-off-by: Alice Smith <alice@example.com>\n"  # not a review
        "Reviewed-by: <erin@example.com>\n"  # an e-mail alone
    )
    # the first line is prose: "reviewed-by:" is not at the line's start, so it is no
    # trailer; every other style gives one reviewer, Bob once, trailers as the table writes
    # them
    assert reviewers(body, RULES) == [
        Reviewer("Reviewed-by", "Bob Jones", "bob@example.com"),
        Reviewer("Acked-by", "Carol White", "carol@example.com"),
        Reviewer("Approved-by", "Dan Brown", ""),
        Reviewer("Reviewed-by", "", "erin@example.com"),
    ]


def test_techlead_toml_extends_and_overrides(tmp_path: Path) -> None:
    config = tmp_path / "techlead.toml"
    config.write_text(
        "[review.acme]\nsubject = ['^Landed D(?P<number>\\d+):']\n"
        "reviewers = ['Signed-off-by']\n\n"
        "[review.squash]\nsubject = []\n"  # squash subjects are not pull requests here
    )
    rules = load_config(config).review
    # the new table is matched after the built-in ones
    assert classify("Landed D99: parser", "", False, rules) == Landing(
        "pull-request", "acme", 99, None, "Landed D99:"
    )
    # the emptied table no longer matches: "(#5)" lands direct
    assert classify("Add x (#5)", "", False, rules).kind == "direct"
    # Signed-off-by now names a reviewer
    assert classify("x", "Signed-off-by: A B <a@b.c>", False, rules).kind == "trailers"
    assert rules.key != RULES.key  # what was classified by the built-in rules is redone


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[review.x]\nsubject = ['(']\n", "'subject' in [review.x]: '('"),
        ("[review.x]\nsubject = 'x'\n", "'subject' in [review.x] must be a list of strings"),
        ("[review.x]\npatterns = ['x']\n", "unknown key 'patterns' in [review.x]"),
        ("[review]\nx = 1\n", "'review.x' must be a table"),
    ],
)
def test_bad_review_tables_are_one_line_errors(tmp_path: Path, text: str, message: str) -> None:
    config = tmp_path / "techlead.toml"
    config.write_text(text)
    with pytest.raises(ConfigError) as caught:
        load_config(config)
    assert message in str(caught.value)
    assert str(caught.value).startswith(f"{config}:")

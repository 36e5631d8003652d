"""The exact ``git log`` invocation techlead parses, every field and flag explained.

With ``-z`` git separates every output item with NUL, and our format separates the header
fields with NUL too (``%x00``), so the whole stream is a flat list of NUL-terminated
tokens. No field can contain NUL (git refuses NUL in names and messages), which makes
parsing unambiguous even when messages, names and paths contain newlines, tabs or quotes.

One commit in the stream is::

    HEADER_FIELDS tokens (below, the message last)
    then, if the commit has a diff (merges have none, see below):
        "\\n:<old mode> <new mode> <old blob> <new blob> <status>"  (the "\\n" on the first only)
        <path>  or, for renames/copies (status R/C): <old path> <new path>
        ... more raw entries ...
        "" (an empty token)
        the patch: one token of text lines, "diff --git ..." first (git.patch), one
        section per raw entry in the same order (two for a typechange); a NUL byte in
        a changed line splits it into more tokens, which the parser joins
    "" (an empty token: the end of a commit without a diff; absent after the last one)

With ``--numstat`` instead of the patch (``log_argv(patch=False)``), a numstat entry
per raw entry, in the same order, follows the raw entries: ``"<added>\\t<deleted>\\t
<path>"`` or ``"<added>\\t<deleted>\\t" <old path> <new path>``, then the empty token.

Merge commits: without ``-m``/``-c``/``--cc`` git log shows no diff for merges, so a
merge is recorded with its parents but its changes are counted once, on the commits that
made them (see docs/schema.md).
"""

from __future__ import annotations

# (field name, git placeholder). Order matters: the message must stay last.
HEADER_FIELDS: tuple[tuple[str, str], ...] = (
    ("sha", "%H"),  # full commit id (40 hex, or 64 in SHA-256 repositories)
    ("parents", "%P"),  # parent ids separated by spaces; empty for a root commit
    ("author_name", "%aN"),  # author name after .mailmap
    ("author_email", "%aE"),  # author email after .mailmap
    ("author_raw_name", "%an"),  # author name as written in the commit
    ("author_raw_email", "%ae"),  # author email as written in the commit
    ("author_date", "%ad"),  # "<unix seconds> <+hhmm>" because of --date=raw
    ("committer_name", "%cN"),
    ("committer_email", "%cE"),
    ("committer_raw_name", "%cn"),
    ("committer_raw_email", "%ce"),
    ("committer_date", "%cd"),
    ("message", "%B"),  # raw subject and body; may contain anything but NUL
)

HEADER_SIZE = len(HEADER_FIELDS)
FORMAT = "format:" + "%x00".join(placeholder for _, placeholder in HEADER_FIELDS) + "%x00"

# Flags shared by every history query.
BASE_FLAGS: tuple[str, ...] = (
    "log",
    "-z",  # NUL-separated output, paths unquoted
    "--no-color",
    "--no-ext-diff",  # never run a user's external diff driver
    "--no-textconv",  # count lines of the stored content, not of a conversion
    "--no-abbrev",  # full blob ids in --raw output (the complexity cache keys on them)
    "--date=raw",  # %ad/%cd as "<unix seconds> <offset>"
    "--raw",  # change type, modes and blob ids of each changed path
    f"--format={FORMAT}",
)

RENAME_FLAGS: tuple[str, ...] = ("-M",)  # detect renames (similarity >= 50%)
COPY_FLAGS: tuple[str, ...] = ("-M", "-C")  # also detect copies from files changed alongside
NO_RENAME_FLAGS: tuple[str, ...] = ("--no-renames",)
NUMSTAT_FLAGS: tuple[str, ...] = ("--numstat",)  # added/deleted lines; "-" for binary files
# The patch without context lines (git.patch): the lines added and deleted as --numstat
# counts them, and where, for the line ages. The settings a user's configuration could
# change are fixed: no hunks merged across unchanged lines (diff.interHunkContext), git's
# default algorithm (diff.algorithm).
PATCH_FLAGS: tuple[str, ...] = (
    "-p", "--unified=0", "--inter-hunk-context=0", "--diff-algorithm=myers",
)  # fmt: skip


def log_argv(
    *, numstat: bool = True, renames: bool = True, copies: bool = False, patch: bool = True
) -> list[str]:
    """The argument list for ``git log`` reading commit ids from stdin without walking.

    Callers feed the commits to show on stdin (one id per line), which keeps the argv short
    for any number of commits and lets a history be split into ranges for parallel mining.
    Lines are counted from the patch (``patch``) or by ``--numstat``; not at all without
    ``numstat``.
    """
    argv = list(BASE_FLAGS)
    if numstat:
        argv += PATCH_FLAGS if patch else NUMSTAT_FLAGS
    if not renames:
        argv += NO_RENAME_FLAGS
    else:
        argv += COPY_FLAGS if copies else RENAME_FLAGS
    argv += ["--no-walk=unsorted", "--stdin"]
    return argv

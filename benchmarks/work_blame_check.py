"""Compare the line ages techlead keeps (mining.line_ages) with ``git blame`` at HEAD.

    python benchmarks/work_blame_check.py REPO [--files N] [--seed S]

Walks REPO's main line once (one ``git log -p --unified=0``), then runs ``git blame
--line-porcelain`` on N files of HEAD (a seeded sample, every file when N is 0) two ways:

* ``--first-parent``: blame that, like the walk, sees a merge's lines as the merge's;
  the commit blame names must be the main-line commit the walk kept (equal sha);
* plain ``git blame``: the commit it names is mapped to the main-line commit that landed
  it (the first one whose first-parent ancestry holds it); equal when the branch's lines
  reached the main line unchanged by the merge.

Prints, per way, the lines compared and the share that agree, and the walk's cost. The
files' text is never printed, only counts and paths.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from techlead.mining.line_ages import walk


def git(repo: Path, *args: str) -> bytes:
    return subprocess.run(["git", "-C", str(repo), *args], check=True,
                          capture_output=True).stdout  # fmt: skip


def blame(repo: Path, path: str, first_parent: bool) -> list[str]:
    """The commit ``git blame`` names for each line of HEAD's ``path``."""
    argv = ["blame", "--line-porcelain", *(["--first-parent"] if first_parent else []),
            "HEAD", "--", path]  # fmt: skip
    shas: list[str] = []
    for line in git(repo, *argv).split(b"\n"):
        if line[:1] == b"\t" or not line:
            continue
        word = line.split(b" ", 1)[0]
        if len(word) == 40 and all(c in b"0123456789abcdef" for c in word):
            shas.append(word.decode())
    return shas


def landed(repo: Path, mainline: list[str]) -> dict[str, str]:
    """Every commit HEAD reaches -> the main-line commit that landed it."""
    parents: dict[str, list[str]] = {}
    for line in git(repo, "rev-list", "--parents", "HEAD").decode().split("\n"):
        if line:
            sha, *rest = line.split(" ")
            parents[sha] = rest
    found: dict[str, str] = {}
    for sha in mainline:
        found[sha] = sha
        stack = list(parents.get(sha, [])[1:])
        while stack:
            commit = stack.pop()
            if commit in found or commit not in parents:
                continue
            found[commit] = sha
            stack.extend(parents[commit])
    return found


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("repo", type=Path)
    parser.add_argument("--files", type=int, default=40)
    parser.add_argument("--seed", type=int, default=18)
    args = parser.parse_args()
    started, cpu = time.perf_counter(), time.process_time()
    ages, shas, rows = walk(args.repo, "HEAD")
    print(f"walk: {len(shas):,} main-line commits, {len(rows):,} line_work rows, "
          f"{sum(len(a) for a in ages.files.values()):,} lines in {len(ages.files):,} files, "
          f"{ages.mismatches} mismatches; {time.perf_counter() - started:.2f} s wall, "
          f"{time.process_time() - cpu:.2f} s CPU of this process")  # fmt: skip
    paths = sorted(ages.files)
    if args.files:
        paths = sorted(random.Random(args.seed).sample(paths, min(args.files, len(paths))))
    to_main = landed(args.repo, shas)
    for first_parent in (True, False):
        same = total = files_equal = 0
        worst: list[tuple[float, str]] = []
        for path in paths:
            kept = [shas[p - 1] if p > 0 else "" for p in ages.files[path]]
            named = [to_main.get(s, s) for s in blame(args.repo, path, first_parent)]
            if len(named) != len(kept):
                print(f"  {path}: blame has {len(named)} lines, the walk {len(kept)}")
                continue
            agree = sum(a == b for a, b in zip(kept, named, strict=True))
            same, total = same + agree, total + len(kept)
            files_equal += agree == len(kept)
            if agree != len(kept):
                worst.append((agree / len(kept), path))
        way = "blame --first-parent" if first_parent else "blame, mapped to landings"
        share = same / total if total else 1.0
        print(f"{way}: {same:,}/{total:,} lines agree ({share:.2%}), "
              f"{files_equal}/{len(paths)} files entirely")  # fmt: skip
        for value, path in sorted(worst)[:5]:
            print(f"  {value:.1%} {path}")


if __name__ == "__main__":
    main()

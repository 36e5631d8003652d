#!/usr/bin/env python3
"""How far techlead's tree-sitter reading (techlead.mining.syntax) agrees with lizard.

Usage::

    pip install 'lizard==1.24.*'   # benchmark-only: techlead does not need it
    PYTHONPATH=src .venv/bin/python benchmarks/lizard_agreement.py CHECKOUT LANGUAGE \
        [--examples 3] [--categories 8]

For every file of ``LANGUAGE`` (a techlead language name: Python, JavaScript, Java, Go, C, ...;
files are found with techlead's language detection) in the work tree ``CHECKOUT``, functions
are read by ``techlead.mining.syntax.engine.read`` and by lizard 1.24 (its reader, all its
default extensions, and the decision-token corrections techlead has always applied: Python's
``finally`` does not count). Functions are matched by start line (several on one line are
paired in order). Printed: functions on each side, matched and unmatched, the share of
matched functions with equal cyclomatic complexity, the largest categories of difference
with examples (``file:line``), and the speed of each reader in lines per second (parse and
measure only; files are read before timing).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import lizard_languages
from lizard_core.extensions import get_extensions
from lizard_core.file_info_builder import FileInfoBuilder

from techlead.mining.languages import detect_language
from techlead.mining.syntax.engine import FunctionFacts, read
from techlead.mining.syntax.languages import grammar_for

# techlead language -> lizard reader (TypeScript files ending .tsx use the TSX reader)
READERS = {
    "Python": "PythonReader",
    "JavaScript": "JavaScriptReader",
    "JSX": "TSXReader",
    "TypeScript": "TypeScriptReader",
    "Java": "JavaReader",
    "Go": "GoReader",
    "C": "CLikeReader",
    "C++": "CLikeReader",
    "C#": "CSharpReader",
    "Ruby": "RubyReader",
    "PHP": "PHPReader",
    "Kotlin": "KotlinReader",
    "Scala": "ScalaReader",
    "Swift": "SwiftReader",
    "Rust": "RustReader",
}
DROP = {"Python": {"finally"}, "Rust": {"where"}}
ADD = {"C#": {"foreach"}}
_EXTENSIONS = get_extensions([])


def lizard_functions(text: str, language: str, path: str) -> list[Any]:
    reader_name = READERS[language]
    if language == "TypeScript" and path.lower().endswith(".tsx"):
        reader_name = "TSXReader"
    context = FileInfoBuilder(path)
    reader = getattr(lizard_languages, reader_name)(context)
    reader.conditions = (set(reader.conditions) | ADD.get(language, set())) - DROP.get(
        language, set()
    )
    tokens: Iterable[str] = reader.generate_tokens(text)
    for extension in _EXTENSIONS:
        tokens = extension(tokens, reader)
    for _ in reader(tokens, reader):
        pass
    return list(context.fileinfo.function_list)


def files_of(checkout: Path, language: str) -> list[Path]:
    listed = subprocess.run(
        ["git", "-C", str(checkout), "ls-files", "-z"], capture_output=True, check=True
    ).stdout.split(b"\0")
    found = []
    for raw in listed:
        if not raw:
            continue
        relative = raw.decode("utf-8", "replace")
        detected = detect_language(relative)
        if detected is not None and detected.name == language:
            path = checkout / relative
            if path.is_file() and not path.is_symlink():
                found.append(path)
    return found


def pair(ours: list[FunctionFacts], theirs: list[Any]) -> tuple[list, list, list]:
    """(matched pairs, ours unmatched, theirs unmatched): matched by start line, then the
    rest by end line (a Java or C# method starts at its annotations for tree-sitter, at its
    name for lizard). Several functions on one line are paired in order."""
    matched = []
    rest = list(ours)
    others = list(theirs)
    for ours_key, theirs_key in (
        (lambda f: f.start_line, lambda f: int(f.start_line)),
        (lambda f: f.end_line, lambda f: int(f.end_line)),
    ):
        by_line: dict[int, list[Any]] = defaultdict(list)
        for function in others:
            by_line[theirs_key(function)].append(function)
        alone = []
        for function in rest:
            candidates = by_line.get(ours_key(function))
            if candidates:
                matched.append((function, candidates.pop(0)))
            else:
                alone.append(function)
        rest = alone
        others = [f for group in by_line.values() for f in group]
    return matched, rest, others


def category(ours: FunctionFacts, theirs: Any, spans: list[tuple[int, int]]) -> str:
    delta = ours.cyclomatic - int(theirs.cyclomatic_complexity)
    parts = [f"tree-sitter {delta:+d}"]
    if ours.end_line != int(theirs.end_line):
        parts.append("different end line")
    own = (ours.start_line, ours.end_line)
    inner = any(
        ours.start_line <= start and end <= ours.end_line and (start, end) != own
        for start, end in spans
    )
    if inner:
        parts.append("holds a nested function")
    return ", ".join(parts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("checkout", type=Path)
    parser.add_argument("language")
    parser.add_argument("--examples", type=int, default=3)
    parser.add_argument("--categories", type=int, default=8)
    args = parser.parse_args(argv)
    language = args.language
    paths = files_of(args.checkout, language)
    lines = ours_seconds = theirs_seconds = 0.0
    ours_total = theirs_total = 0
    equal = same_parameters = 0
    matched_total = 0
    categories: Counter[str] = Counter()
    examples: dict[str, list[str]] = defaultdict(list)
    unmatched: dict[str, list[str]] = {"tree-sitter": [], "lizard": []}
    for path in paths:
        source = path.read_bytes()
        text = source.decode("utf-8", "replace")
        grammar = grammar_for(language, str(path))
        if grammar is None:
            print(f"no grammar for {language}", file=sys.stderr)
            return 2
        lines += source.count(b"\n")
        started = time.perf_counter()
        ours = list(read(grammar, source).functions)
        ours_seconds += time.perf_counter() - started
        started = time.perf_counter()
        try:
            theirs = lizard_functions(text, language, str(path))
        except Exception as error:  # lizard on hostile input
            print(f"lizard failed on {path}: {error}", file=sys.stderr)
            theirs = []
        theirs_seconds += time.perf_counter() - started
        ours_total += len(ours)
        theirs_total += len(theirs)
        matched, alone, rest = pair(ours, theirs)
        relative = path.relative_to(args.checkout)
        spans = [(f.start_line, f.end_line) for f in ours]
        for mine, other in matched:
            matched_total += 1
            same_parameters += mine.parameters == int(other.parameter_count)
            if mine.cyclomatic == int(other.cyclomatic_complexity):
                equal += 1
                continue
            key = category(mine, other, spans)
            categories[key] += 1
            examples[key].append(
                f"{relative}:{mine.start_line} {mine.name} "
                f"(tree-sitter {mine.cyclomatic}, lizard {other.cyclomatic_complexity})"
            )
        unmatched["tree-sitter"] += [f"{relative}:{f.start_line} {f.name}" for f in alone]
        unmatched["lizard"] += [f"{relative}:{f.start_line} {f.name}" for f in rest]
    share = 100.0 * equal / matched_total if matched_total else 0.0
    print(f"{language} in {args.checkout}: {len(paths)} files, {int(lines)} lines")
    print(f"functions: tree-sitter {ours_total}, lizard {theirs_total}, matched {matched_total}")
    print(
        f"unmatched: tree-sitter {len(unmatched['tree-sitter'])}, lizard {len(unmatched['lizard'])}"
    )
    print(f"equal cyclomatic complexity: {equal}/{matched_total} = {share:.1f}%")
    print(f"equal parameter count: {same_parameters}/{matched_total}")
    for key, count in categories.most_common(args.categories):
        print(f"  {count:6d}  {key}")
        for example in examples[key][: args.examples]:
            print(f"            {example}")
    for side, items in unmatched.items():
        if items:
            print(f"  unmatched on the {side} side, e.g.:")
            for example in items[: args.examples]:
                print(f"            {example}")
    for name, seconds in (("tree-sitter", ours_seconds), ("lizard", theirs_seconds)):
        rate = lines / seconds if seconds else 0.0
        print(f"speed {name}: {seconds:.2f} s, {rate:,.0f} lines/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

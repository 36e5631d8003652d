#!/usr/bin/env python3
"""Deterministic synthetic git repository generator for benchmarking techlead.

Usage::

    python benchmarks/synth_repo.py OUT_DIR [--commits 20000] [--files 2000]
                                    [--authors 60] [--seed 1] [--force] [--reuse]

The same arguments always give a byte-identical history (the same commit shas, on
any machine). All choices come from one ``random.Random(seed)``; no clock values,
environment or set iteration order leak into the history, so PYTHONHASHSEED and the
user's git configuration do not matter. The whole history is streamed into ONE
``git fast-import`` process, which keeps generation fast (100,000 commits take well
under two minutes on a small machine).

``--commits`` is the exact number of commits written (all refs, merges included),
``--files`` the approximate number of files at HEAD of ``main`` (every component gets a
small scaffold, so values below ~250 end up higher) and ``--authors`` the number of
human authors (three bots come on top). ``OUT_DIR`` must not exist or be empty;
``--force`` replaces an earlier output of this script, and ``--reuse`` keeps it when it
was generated completely with the same arguments and generator version (recorded in
``OUT_DIR/.git/synth_repo.json``).

What the history looks like (a stand-in for a real product monorepo):

* 20 components (``src/billing``, ``src/gateway``, ..., ``docs``) in Python, Go, Java,
  JavaScript and Markdown, with nested package directories, tests, READMEs, YAML
  config, dependency manifests and some binary ``.png`` blobs; components appear over
  time and the number of files grows towards ``--files``.
* Text files of realistic size (tens to ~2,000 lines) edited by inserting, deleting
  and replacing lines, so ``git log --numstat`` reports real numbers; hotspot files
  get most of the churn, code and test files change together.
* A skewed author distribution (Zipf-like), authors joining and leaving, one or two
  main authors per component, per-author timezone offsets, name-casing aliases and
  second e-mail addresses reconciled by a ``.mailmap``, ``Co-authored-by:`` trailers,
  and bots (dependabot, renovate, github-actions).
* About 1% of commits rename a file (sometimes with edits), occasional directory
  moves, file deletions and additions, rare large commits touching 100+ files
  (copyright updates, formatter runs), and about 5% merge commits that merge
  short-lived feature and dependabot branches back into ``main`` (GitHub-style
  "Merge pull request" and plain "Merge branch" messages). A few branches are left
  open at the end.
* Committer dates increase strictly over five years starting 2019-01-01 UTC.

The result is a non-bare repository with ``main`` checked out.
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import json
import os
import queue
import random
import re
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

GENERATOR_VERSION = 1
MARKER = "synth_repo.json"
EPOCH_START = 1_546_300_800  # 2019-01-01T00:00:00Z
SPAN_SECONDS = 5 * 365 * 86_400
MAIN_REF = "refs/heads/main"
DOMAIN = "acme.example"
CHUNK_COMMITS = 500  # commits buffered before their blobs are written, grouped by path
MAX_OPEN_BRANCHES = 4
MAX_LINES = 2_000

# fmt: off
# (name, language); the last component is the repository root ("root").
COMPONENTS: tuple[tuple[str, str], ...] = (
    ("billing", "py"), ("auth", "py"), ("api", "py"), ("search", "py"), ("analytics", "py"),
    ("ml", "py"), ("gateway", "go"), ("scheduler", "go"), ("storage", "go"), ("messaging", "go"),
    ("infra", "go"), ("payments", "java"), ("inventory", "java"), ("reporting", "java"),
    ("users", "java"), ("web", "js"), ("mobile", "js"), ("admin", "js"), ("notifications", "js"),
    ("docs", "md"),
)
EXT = {"py": ".py", "go": ".go", "java": ".java", "js": ".js", "md": ".md", "yml": ".yml"}
COMMENT = {"py": "#", "go": "//", "java": "//", "js": "//"}
MANIFEST = {"py": "requirements.txt", "go": "go.mod", "java": "pom.xml", "js": "package.json"}
ECOSYSTEM = {"py": "pip", "go": "go_modules", "java": "maven", "js": "npm_and_yarn"}
FORMATTER = {"py": "black", "go": "gofmt", "java": "google-java-format", "js": "prettier"}

NOUNS = (
    "account", "address", "alert", "balance", "batch", "bucket", "cache", "cart", "channel",
    "client", "cluster", "config", "coupon", "cursor", "customer", "discount", "event", "export",
    "feature", "field", "filter", "handler", "index", "invoice", "item", "job", "ledger", "limit",
    "lock", "message", "metric", "model", "node", "notice", "offset", "order", "page", "payment",
    "permission", "plan", "policy", "price", "product", "query", "queue", "quota", "record",
    "refund", "region", "report", "request", "response", "result", "retry", "role", "route",
    "schedule", "schema", "score", "session", "shard", "shipment", "snapshot", "status", "stock",
    "stream", "subscription", "task", "tax", "template", "tenant", "token", "user", "version",
    "warehouse", "webhook", "widget", "window", "worker",
)
VERBS = (
    "apply", "approve", "build", "cancel", "check", "compute", "create", "decode", "delete",
    "encode", "export", "fetch", "filter", "find", "flush", "format", "handle", "index", "list",
    "load", "lookup", "merge", "normalize", "parse", "process", "publish", "refresh", "register",
    "reject", "render", "resolve", "retry", "save", "schedule", "send", "sync", "track", "update",
    "validate", "verify",
)
MSG_VERBS = (
    "add", "fix", "handle", "remove", "update", "refactor", "improve", "support", "validate",
    "cache", "simplify", "rename", "extract", "clean up", "document", "test", "speed up", "log",
    "guard against", "migrate",
)
MSG_TAILS = (
    "", "", "", "handling", "validation", "when {n} is empty", "for large {n}s", "in {c}",
    "edge case", "on retry", "for {n} export", "after {n} update", "race condition", "timeout",
    "tests", "error messages",
)
CONV_TYPES = ("feat", "fix", "fix", "refactor", "chore", "test", "docs", "perf", "build")
FIRST_NAMES = (
    "Alice", "Bob", "Carol", "Dave", "Eve", "Frank", "Grace", "Heidi", "Ivan", "Judy", "Mallory",
    "Niaj", "Olivia", "Peggy", "Rupert", "Sybil", "Trent", "Victor", "Walter", "Yasmin", "Zoe",
    "Ahmed", "Bruno", "Chen", "Dmitri", "Elena", "Fatima", "Giulia", "Hiro", "Ingrid", "Jamal",
    "Kofi", "Lars", "Maria", "Nadia", "Oscar", "Priya", "Quinn", "Rosa", "Sanjay", "Tomas", "Uma",
    "Vera", "Wei", "Ximena", "Yusuf", "Zara", "Amara", "Bea", "Carlos", "Dana", "Emil", "Farah",
    "Gustav", "Hana", "Igor", "Jana", "Kai",
)
LAST_NAMES = (
    "Smith", "Jones", "Garcia", "Miller", "Davis", "Martinez", "Lopez", "Wilson", "Anderson",
    "Thomas", "Moore", "Jackson", "Martin", "Lee", "Thompson", "White", "Harris", "Clark", "Lewis",
    "Walker", "Young", "Allen", "King", "Wright", "Scott", "Nguyen", "Hill", "Flores", "Green",
    "Adams", "Nelson", "Baker", "Hall", "Rivera", "Campbell", "Mitchell", "Carter", "Roberts",
    "Kowalski", "Novak", "Schmidt", "Rossi", "Tanaka", "Kim", "Singh", "Okafor", "Haddad", "Larsen",
    "Petrov", "Silva",
)
TIMEZONES = (
    "+0000", "+0100", "+0100", "+0200", "+0200", "-0500", "-0500", "-0800", "-0800", "+0530",
    "+0900", "-0300", "+0800", "-0700", "+1000", "+0300", "-0600",
)
BOTS = (
    ("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com"),
    ("renovate[bot]", "29139614+renovate[bot]@users.noreply.github.com"),
    ("github-actions[bot]", "41898282+github-actions[bot]@users.noreply.github.com"),
)
GITHUB = ("GitHub", "noreply@github.com")
DEPS = {
    "py": (
        "requests", "django", "flask", "sqlalchemy", "pydantic", "celery", "redis", "boto3",
        "numpy", "pandas", "pytest", "structlog", "httpx", "alembic", "click",
    ),
    "js": (
        "react", "react-dom", "lodash", "axios", "express", "moment", "webpack", "jest", "eslint",
        "typescript", "redux", "date-fns", "uuid", "chalk", "dotenv",
    ),
    "go": (
        "github.com/spf13/cobra", "github.com/spf13/viper", "go.uber.org/zap",
        "google.golang.org/grpc", "github.com/stretchr/testify", "golang.org/x/sync",
        "github.com/prometheus/client_golang", "github.com/go-chi/chi/v5", "github.com/google/uuid",
        "gopkg.in/yaml.v3",
    ),
    "java": (
        "com.google.guava:guava", "junit:junit", "org.slf4j:slf4j-api",
        "com.fasterxml.jackson.core:jackson-databind", "org.springframework:spring-core",
        "io.netty:netty-all", "org.apache.commons:commons-lang3", "io.grpc:grpc-core",
        "org.mockito:mockito-core", "ch.qos.logback:logback-classic",
    ),
}
VERSION_RE = re.compile(r"(\d+)\.(\d+)\.(\d+)")

# Line templates: "~x" is a slot (n noun, v verb, N Noun, V Verb, i integer).
TEMPLATES: dict[str, tuple[str, ...]] = {
    "py": (
        "def ~v_~n(~n, ~n=None):", "    ~n = ~v_~n(~n)", "    ~n = self.~v_~n(~n, ~n)",
        "    if ~n is None:", "    if not self.~n:", "        return ~n", "    return self._~n",
        '        raise ~NError("cannot ~v ~n")', "    for ~n in self.~ns:", "        ~n.~v(~n)",
        '    logger.debug("~v ~n %s", ~n)', "    self.~n_count += ~i", "class ~N~N(Base~N):",
        '    """~V the ~n for a ~n."""', "", "", "", "    # ~v the ~n before we ~v it",
        "    assert ~n == ~i", '    ~n = {"~n": ~n, "~n": ~i}', "from .~n import ~N~N",
        "    with self._lock:", "        try:", "        except ~NError as exc:",
        "    ~n = [~n for ~n in ~ns if ~n.~n]",
    ),
    "go": (
        "func (s *~N~N) ~V~N(ctx context.Context, ~n string) (*~N, error) {",
        "func ~v~N(~ns []~N) int {", "\t~n, err := s.~n.~V(ctx, ~n)", "\tif err != nil {",
        '\t\treturn nil, fmt.Errorf("~v ~n: %w", err)', "\t}", "}", "", "", "",
        "\tfor _, ~n := range ~ns {", "\t\t~n.~V~N(~n)", "\t~n := make(map[string]*~N, ~i)",
        "\t// ~V the ~n while the ~n is locked.", "\treturn ~n, nil", "type ~N~N struct {",
        "\t~N ~N", "\tdefer s.mu.Unlock()", '\tlog.Printf("~v ~n %d", ~i)',
        "\ts.~n = append(s.~n, ~n)",
    ),
    "java": (
        "    public ~N ~v~N(~N ~n) {", "        ~N ~n = this.~n.~v~N(~n);",
        "        if (~n == null) {", '            throw new ~NException("~v ~n failed");',
        "        }", "    }", "", "", "", "    @Override", "    private final ~N~N ~n;",
        "        for (~N ~n : ~ns) {", "            ~n.~v(~n);", "        return ~n.get~N();",
        "        // ~V the ~n before the ~n is saved", "public class ~N~N {",
        '        log.info("~v ~n {}", ~n);', "        int ~n = ~i;", "import com.acme.~n.~N~N;",
    ),
    "js": (
        "export function ~v~N(~n, ~n) {", "  const ~n = await ~v~N(~n);", "  if (!~n) {",
        "    return null;", "  }", "}", "", "", "  ~n.~v~N(~n);", "  return { ~n, ~n: ~i };",
        "  // ~V ~n when the ~n changes", "import { ~v~N } from './~n';",
        "  for (const ~n of ~ns) {", "    ~n.~n += ~i;", "  const [~n, set~N] = useState(~i);",
        "  console.log('~v ~n', ~n);", "export default function ~N~N({ ~n, ~n }) {",
        "    <~N~N ~n={~n} />",
    ),
    "md": (
        "# ~V ~N", "## ~V the ~n", "", "", "",
        "The ~n service will ~v every ~n when the ~n is ready.",
        "- ~V the ~n before you ~v the ~n.", "- See `~n.~n` for ~n details.",
        "Run `make ~v-~n` to ~v the ~n locally.", "When a ~n fails, the ~n is retried ~i times.",
        "| ~n | ~n | ~i |", "Each ~n belongs to exactly one ~n; ~ns are never shared.",
    ),
    "yml": (
        "~n:", "  ~n: ~i", "  ~n: ~n", "  - ~n", "# ~v the ~n", "",
    ),
    "make": (
        "~v-~n:", "\t$(MAKE) -C src/~n ~v", "\t@echo '~v ~n'", "", ".PHONY: ~v-~n",
    ),
}
# fmt: on


@dataclass(slots=True)
class FileState:
    """One file of the model: its content and how often it tends to change."""

    path: str
    comp: int
    kind: str  # code, test, doc, manifest, config, binary, root
    lang: str
    lines: list[str]
    data: bytes
    mark: int
    weight: float
    partner: str = ""  # the test file of a code file

    def content(self) -> bytes:
        if self.kind == "binary":
            return self.data
        return ("\n".join(self.lines) + "\n").encode()

    def copy(self) -> FileState:
        return FileState(
            self.path,
            self.comp,
            self.kind,
            self.lang,
            list(self.lines),
            self.data,
            self.mark,
            self.weight,
            self.partner,
        )


@dataclass(slots=True)
class Author:
    """A human or bot identity."""

    name: str
    email: str
    tz: str
    weight: float = 0.0
    start: float = 0.0
    end: float = 1.0
    alt_name: str = ""
    alt_email: str = ""
    bot: bool = False

    def active(self, progress: float) -> bool:
        return self.start <= progress <= self.end


@dataclass(slots=True)
class Branch:
    """A short-lived branch: it owns ("locks") a few files until it is merged."""

    ref: str
    short: str
    comp: int
    owner: Author
    bot: bool
    title: str
    pr: int
    paths: list[str]
    overlay: dict[str, FileState]
    remaining: int
    tip: int = 0


@dataclass(slots=True)
class Stats:
    """Counters for the summary line."""

    commits: int = 0
    merges: int = 0
    renames: int = 0
    deletes: int = 0
    large: int = 0
    bots: int = 0
    coauthored: int = 0
    open_branches: int = 0


class FastImportWriter:
    """Buffers commits and writes them with their blobs grouped by path.

    fast-import only deltifies a blob against the blob written just before it, so
    writing the versions of one file next to each other keeps the pack small. Chunks
    are written by a background thread so that generating the next chunk overlaps
    with fast-import consuming the previous one.
    """

    def __init__(self, sink: IO[bytes]) -> None:
        self.sink = sink
        self.mark = 0
        self.blobs: dict[str, list[bytes]] = {}
        self.commits: list[bytes] = []
        self.error: OSError | None = None
        self.queue: queue.Queue[bytes | None] = queue.Queue(maxsize=4)
        self.thread = threading.Thread(target=self._write_loop, daemon=True)
        self.thread.start()

    def _write_loop(self) -> None:
        while (chunk := self.queue.get()) is not None:
            if self.error is None:
                try:
                    self.sink.write(chunk)
                except OSError as exc:  # fast-import died; keep draining the queue
                    self.error = exc

    def blob(self, path: str, data: bytes) -> int:
        self.mark += 1
        head = b"blob\nmark :%d\ndata %d\n" % (self.mark, len(data))
        self.blobs.setdefault(path, []).append(head + data + b"\n")
        return self.mark

    def commit(
        self,
        ref: str,
        author: str,
        committer: str,
        message: str,
        ops: Sequence[str],
        from_mark: int = 0,
        merge_mark: int = 0,
    ) -> int:
        self.mark += 1
        msg = message.encode()
        parts = [
            b"commit %s\nmark :%d\n" % (ref.encode(), self.mark),
            b"author %s\ncommitter %s\n" % (author.encode(), committer.encode()),
            b"data %d\n" % len(msg),
            msg,
            b"\n",
        ]
        if from_mark:
            parts.append(b"from :%d\n" % from_mark)
        if merge_mark:
            parts.append(b"merge :%d\n" % merge_mark)
        if ops:
            parts.append(("\n".join(ops) + "\n").encode())
        parts.append(b"\n")
        self.commits.append(b"".join(parts))
        if len(self.commits) >= CHUNK_COMMITS:
            self.flush()
        return self.mark

    def flush(self) -> None:
        out = [cmd for cmds in self.blobs.values() for cmd in cmds]
        out.extend(self.commits)
        self.queue.put(b"".join(out))
        self.blobs.clear()
        self.commits.clear()

    def close(self) -> None:
        """Write the rest and "done"; raise the first write error, if any."""
        self.flush()
        self.queue.put(b"done\n")
        self.queue.put(None)
        self.thread.join()
        if self.error is None:
            try:
                self.sink.flush()
            except OSError as exc:
                self.error = exc
        if self.error is not None:
            raise self.error


def _plural(word: str) -> str:
    if word.endswith(("s", "x", "ch", "sh")):
        return word + "es"
    if word.endswith("y") and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


def _compile(templates: Sequence[str]) -> list[tuple[str, tuple[tuple[str, str], ...]]]:
    out = []
    for template in templates:
        head, *rest = template.split("~")
        out.append((head, tuple((part[0], part[1:]) for part in rest)))
    return out


class Generator:
    """Simulates the history and feeds it to a FastImportWriter."""

    def __init__(self, commits: int, files: int, authors: int, seed: int) -> None:
        self.n_commits = commits
        self.n_files = files
        self.rng = random.Random(seed)
        self.stats = Stats()
        self.step = 0
        self.gap = max(1, SPAN_SECONDS // max(1, commits))
        self.files: dict[str, FileState] = {}
        n_comp = len(COMPONENTS) + 1
        self.root = n_comp - 1
        self.comp_paths: list[list[str]] = [[] for _ in range(n_comp)]
        self.comp_cum: list[list[float] | None] = [None] * n_comp
        self.comp_dirs: list[list[str]] = [[] for _ in range(n_comp)]
        self.dir_files: dict[str, list[str]] = {}
        self.manifests: dict[int, str] = {}
        self.locked: set[str] = set()
        self.reserved: set[str] = set()
        self.branches: list[Branch] = []
        self.merged_refs: list[str] = []
        self.used_refs: set[str] = set()
        self.main_tip = 0
        self.pr_counter = 100
        self.branch_counter = 0
        self.release = [1, 0, 0]
        self.writer: FastImportWriter | None = None
        pools: dict[str, list[str]] = {
            "n": list(NOUNS),
            "v": list(VERBS),
            "N": [w.capitalize() for w in NOUNS],
            "V": [w.capitalize() for w in VERBS],
            "i": [str(i) for i in (0, 1, 2, 3, 5, 8, 10, 16, 30, 42, 60, 100, 256, 1000)],
        }
        self.pools = pools
        self.templates = {lang: _compile(t) for lang, t in TEMPLATES.items()}
        self._make_authors(max(1, authors))
        self._make_components()

    # ----------------------------------------------------------------- setup
    def _make_authors(self, count: int) -> None:
        rng = self.rng
        combos = [(f, s) for f in FIRST_NAMES for s in LAST_NAMES]
        rng.shuffle(combos)
        self.humans: list[Author] = []
        for i in range(count):
            first, last = combos[i % len(combos)]
            suffix = "" if i < len(combos) else str(i // len(combos))
            name = f"{first} {last}{suffix}"
            email = f"{first.lower()}.{last.lower()}{suffix}@{DOMAIN}"
            author = Author(name, email, rng.choice(TIMEZONES), weight=1.0 / (i + 1) ** 0.9)
            if i < 3:
                author.start, author.end = 0.0, 1.0
                if i == 2 and count > 6:
                    author.end = 0.7  # a key person leaves
            else:
                author.start = rng.uniform(0.0, 0.85)
                author.end = min(1.0, author.start + rng.uniform(0.15, 1.0))
            roll = rng.random()
            if roll < 0.15:
                author.alt_name = name.lower() if rng.random() < 0.6 else f"{first} {last.lower()}"
            elif roll < 0.25:
                author.alt_email = f"{first.lower()}{last.lower()}{suffix}@users.example.org"
            self.humans.append(author)
        self.bots = {name: Author(name, email, "+0000", bot=True) for name, email in BOTS}
        self.author_slices: list[tuple[list[Author], list[float]]] = []
        for s in range(100):
            p = (s + 0.5) / 100
            pool = [a for a in self.humans if a.active(p)] or self.humans
            self.author_slices.append((pool, list(itertools.accumulate(a.weight for a in pool))))
        lines = []
        for author in self.humans:
            if author.alt_email:
                lines.append(f"{author.name} <{author.email}> <{author.alt_email}>")
            elif author.alt_name and rng.random() < 0.6:
                lines.append(f"{author.name} <{author.email}>")
        self.mailmap = sorted(lines)

    def _make_components(self) -> None:
        rng = self.rng
        n = len(COMPONENTS)
        order = list(range(n))
        rng.shuffle(order)
        self.comp_start = [0.0] * (n + 1)
        for rank, c in enumerate(order):
            self.comp_start[c] = 0.0 if rank < 8 else rng.uniform(0.05, 0.6)
        ranks = list(range(n))
        rng.shuffle(ranks)
        self.comp_weight = [1.0 / (r + 1) ** 0.7 for r in ranks] + [0.04]
        weights = [a.weight**0.5 for a in self.humans]
        self.comp_owners: list[list[Author]] = []
        for _ in range(n + 1):
            owners: list[Author] = []
            for _ in range(6):
                cand = rng.choices(self.humans, weights=weights)[0]
                if cand not in owners:
                    owners.append(cand)
                if len(owners) == 2:
                    break
            self.comp_owners.append(owners)
        self.active_comps: list[int] = []
        self.pending_comps = sorted((self.comp_start[c], c) for c in range(n))

    # --------------------------------------------------------------- helpers
    @property
    def progress(self) -> float:
        return self.step / max(1, self.n_commits)

    def _line(self, lang: str) -> str:
        rnd = self.rng.random
        templates = self.templates[lang]
        head, slots = templates[int(rnd() * len(templates))]
        if not slots:
            return head
        pools = self.pools
        buf = [head]
        for kind, tail in slots:
            pool = pools[kind]
            buf.append(pool[int(rnd() * len(pool))])
            buf.append(tail)
        return "".join(buf)

    def _lines(self, lang: str, count: int) -> list[str]:
        return [self._line(lang) for _ in range(count)]

    def _year(self) -> int:
        return 2019 + int(self.progress * 5)

    def _header(self, lang: str, year: int) -> str:
        return f"{COMMENT[lang]} Copyright (c) {year} Acme Corp. All rights reserved."

    def _time(self) -> int:
        return EPOCH_START + self.step * self.gap + self.rng.randrange(self.gap)

    def _ident(self, author: Author, when: int) -> str:
        name, email = author.name, author.email
        if author.alt_name and self.rng.random() < 0.3:
            name = author.alt_name
        if author.alt_email and self.rng.random() < 0.25:
            email = author.alt_email
        return f"{name} <{email}> {when} {author.tz}"

    def _global_author(self) -> Author:
        pool, cum = self.author_slices[min(99, int(self.progress * 100))]
        return self.rng.choices(pool, cum_weights=cum)[0]

    def _author_for(self, comp: int) -> Author:
        owners = [a for a in self.comp_owners[comp] if a.active(self.progress)]
        if owners and self.rng.random() < 0.45:
            return owners[0] if len(owners) == 1 or self.rng.random() < 0.7 else owners[1]
        return self._global_author()

    def _pick_comp(self) -> int:
        comps = self.active_comps
        return self.rng.choices(comps, weights=[self.comp_weight[c] for c in comps])[0]

    def _pick_file(self, comp: int) -> str | None:
        paths = self.comp_paths[comp]
        if not paths:
            return None
        cum = self.comp_cum[comp]
        if cum is None:
            cum = list(itertools.accumulate(self.files[p].weight for p in paths))
            self.comp_cum[comp] = cum
        for _ in range(6):
            path = self.rng.choices(paths, cum_weights=cum)[0]
            if path not in self.locked:
                return path
        return None

    def _subject(self, comp: int, kind: str = "") -> str:
        rng = self.rng
        cname = self._comp_name(comp)
        noun = rng.choice(NOUNS)
        verb = rng.choice(MSG_VERBS)
        tail = rng.choice(MSG_TAILS).format(n=rng.choice(NOUNS), c=cname)
        text = f"{verb} {noun} {tail}".strip()
        roll = rng.random()
        if roll < 0.5:
            subject = f"{kind or rng.choice(CONV_TYPES)}({cname}): {text}"
        elif roll < 0.85:
            subject = text[0].upper() + text[1:]
        else:
            subject = f"{cname[:4].upper()}-{rng.randrange(1, 4000)}: {text}"
        if rng.random() < 0.25:
            self.pr_counter += 1
            subject += f" (#{self.pr_counter})"
        return subject

    def _message(self, subject: str, coauthors: Sequence[Author] = ()) -> str:
        rng = self.rng
        msg = subject + "\n"
        if rng.random() < 0.3:
            body = " ".join(self._line("md") or "See the docs." for _ in range(rng.randint(1, 4)))
            msg += "\n" + body.strip() + "\n"
        if coauthors:
            msg += "\n" + "".join(f"Co-authored-by: {a.name} <{a.email}>\n" for a in coauthors)
        return msg

    @staticmethod
    def _comp_name(comp: int) -> str:
        return COMPONENTS[comp][0] if comp < len(COMPONENTS) else "repo"

    # ------------------------------------------------------------ file model
    def _blob(self, fs: FileState) -> str:
        assert self.writer is not None
        fs.mark = self.writer.blob(fs.path, fs.content())
        return f"M 100644 :{fs.mark} {fs.path}"

    def _register(self, fs: FileState) -> None:
        self.files[fs.path] = fs
        self.comp_paths[fs.comp].append(fs.path)
        self.comp_cum[fs.comp] = None
        self.dir_files.setdefault(fs.path.rpartition("/")[0], []).append(fs.path)
        if fs.kind == "manifest":
            self.manifests[fs.comp] = fs.path

    def _unregister(self, path: str) -> FileState:
        fs = self.files.pop(path)
        self.comp_paths[fs.comp].remove(path)
        self.comp_cum[fs.comp] = None
        siblings = self.dir_files[path.rpartition("/")[0]]
        siblings.remove(path)
        if not siblings:
            del self.dir_files[path.rpartition("/")[0]]
        return fs

    def _rename(self, old: str, new: str) -> FileState:
        fs = self._unregister(old)
        fs.path = new
        self._register(fs)
        for other in self.comp_paths[fs.comp]:
            ofs = self.files[other]
            if ofs.partner == old:
                ofs.partner = new
        return fs

    def _taken(self, path: str) -> bool:
        return path in self.files or path in self.reserved

    def _edit(self, fs: FileState, hunks: int = 0) -> None:
        rng = self.rng
        if fs.kind == "binary":
            fs.data = self._png(len(fs.data))
            return
        if fs.kind == "manifest":
            self._bump(fs)
            return
        lines = fs.lines
        lang = fs.lang
        low = 1 if fs.kind in ("code", "test") else 0
        if hunks <= 0:
            roll = rng.random()
            hunks = 1 + (roll < 0.35) + (roll < 0.12)
        for _ in range(hunks):
            size = min(40, 1 + int(rng.expovariate(0.25)))
            n = len(lines)
            pos = rng.randint(low, n)
            op = 0.5 if n > MAX_LINES else rng.random()
            if op < 0.42 or n < 8:
                lines[pos:pos] = self._lines(lang, size)
            elif op < 0.68:
                del lines[pos : pos + min(size, n // 4)]
            else:
                lines[pos : pos + size] = self._lines(lang, max(1, size + rng.randint(-2, 2)))
        if len(lines) <= low:
            lines.append(self._line(lang))

    def _png(self, size: int) -> bytes:
        size = max(200, size + self.rng.randint(-size // 4, size // 4))
        return b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + self.rng.randbytes(size)

    def _text_size(self, kind: str) -> int:
        mu = {"code": 4.3, "test": 4.1, "doc": 3.6, "config": 2.8}.get(kind, 3.5)
        return max(5, min(1500, int(self.rng.lognormvariate(mu, 0.8))))

    def _manifest_lines(self, comp: int) -> list[str]:
        rng = self.rng
        name, lang = COMPONENTS[comp]
        deps = rng.sample(DEPS[lang], k=min(len(DEPS[lang]), rng.randint(5, 12)))
        vers = [f"{rng.randint(0, 5)}.{rng.randint(0, 30)}.{rng.randint(0, 20)}" for _ in deps]
        if lang == "py":
            return [f"{d}=={v}" for d, v in zip(deps, vers, strict=True)]
        if lang == "js":
            body = [f'    "{d}": "^{v}",' for d, v in zip(deps, vers, strict=True)]
            return [
                "{",
                f'  "name": "@acme/{name}",',
                '  "version": "1.0.0",',
                '  "dependencies": {',
                *body,
                "  }",
                "}",
            ]
        if lang == "go":
            body = [f"\t{d} v{v}" for d, v in zip(deps, vers, strict=True)]
            return [f"module github.com/acme/{name}", "", "go 1.21", "", "require (", *body, ")"]
        body = [
            f"    <dependency><artifactId>{d}</artifactId><version>{v}</version></dependency>"
            for d, v in zip(deps, vers, strict=True)
        ]
        return [
            "<project>",
            f"  <artifactId>{name}</artifactId>",
            "  <dependencies>",
            *body,
            "  </dependencies>",
            "</project>",
        ]

    def _bump(self, fs: FileState) -> tuple[str, str, str]:
        """Bump one dependency version in a manifest; return (dep, old, new)."""
        rng = self.rng
        idx = [
            i
            for i, line in enumerate(fs.lines)
            if VERSION_RE.search(line) and not line.startswith('  "version"')
        ]
        i = rng.choice(idx)
        line = fs.lines[i]
        m = VERSION_RE.search(line)
        assert m is not None
        major, minor, patch = (int(g) for g in m.groups())
        new = f"{major}.{minor + 1}.0" if rng.random() < 0.3 else f"{major}.{minor}.{patch + 1}"
        fs.lines[i] = line[: m.start()] + new + line[m.end() :]
        lang = COMPONENTS[fs.comp][1]
        if lang == "py":
            dep = line.split("==")[0]
        elif lang == "js":
            dep = line.split('"')[1]
        elif lang == "go":
            dep = line.split()[0]
        else:
            dep = line.split("<artifactId>")[1].split("<")[0]
        return dep, m.group(0), new

    # ----------------------------------------------------------- new files
    def _code_root(self, comp: int) -> str:
        name, lang = COMPONENTS[comp]
        return {
            "py": f"src/{name}/{name}",
            "go": f"src/{name}/internal",
            "java": f"src/{name}/src/main/java/com/acme/{name}",
            "js": f"src/{name}/src",
            "md": "docs",
        }[lang]

    def _code_dir(self, comp: int) -> str:
        rng = self.rng
        dirs = self.comp_dirs[comp]
        if not dirs:
            dirs.append(self._code_root(comp))
        if len(dirs) < 3 or rng.random() < 0.12:
            parent = rng.choice(dirs)
            if parent.count("/") < self._code_root(comp).count("/") + 3:
                sub = rng.choice(NOUNS)
                sub = sub if COMPONENTS[comp][1] == "go" else _plural(sub)
                child = f"{parent}/{sub}"
                if child not in dirs:
                    dirs.append(child)
                return child
        return rng.choice(dirs)

    def _unique(self, make: Callable[[], str]) -> str:
        for _ in range(30):
            path = make()
            if not self._taken(path):
                return path
        base = make()
        stem, dot, ext = base.rpartition(".")
        for i in itertools.count(2):
            path = f"{stem}{i}{dot}{ext}"
            if not self._taken(path):
                return path
        raise AssertionError("unreachable")

    def _code_name(self, lang: str) -> str:
        rng = self.rng
        a, b = rng.choice(NOUNS), rng.choice(NOUNS + VERBS)
        if lang == "java":
            return f"{a.capitalize()}{b.capitalize()}"
        if lang == "js":
            head = a.capitalize() if rng.random() < 0.5 else a
            return f"{head}{b.capitalize()}"
        return f"{a}_{b}" if rng.random() < 0.6 else a

    def _test_path(self, code: str, comp: int) -> str:
        name, lang = COMPONENTS[comp]
        d, _, base = code.rpartition("/")
        stem = base.rpartition(".")[0]
        if lang == "py":
            rel = d[len(self._code_root(comp)) :]
            return f"src/{name}/tests{rel}/test_{stem}.py"
        if lang == "go":
            return f"{d}/{stem}_test.go"
        if lang == "java":
            return f"{d.replace('/src/main/', '/src/test/', 1)}/{stem}Test.java"
        return f"{d}/__tests__/{stem}.test.js"

    def _new_file(self, comp: int, kind: str) -> list[FileState]:
        """Create (but do not register) a new file, plus its test for code files."""
        rng = self.rng
        name, lang = COMPONENTS[comp]
        weight = rng.lognormvariate(0.0, 1.2)
        year = self._year()
        if kind == "code" and lang != "md":
            d = self._code_dir(comp)
            path = self._unique(lambda: f"{d}/{self._code_name(lang)}{EXT[lang]}")
            lines = [self._header(lang, year), *self._lines(lang, self._text_size("code"))]
            out = [FileState(path, comp, "code", lang, lines, b"", 0, weight)]
            if rng.random() < 0.45:
                tpath = self._test_path(path, comp)
                if not self._taken(tpath):
                    tl = [self._header(lang, year), *self._lines(lang, self._text_size("test"))]
                    out.append(FileState(tpath, comp, "test", lang, tl, b"", 0, weight * 0.6))
                    out[0].partner = tpath
            return out
        if kind == "binary":
            folder = (
                "docs/images"
                if lang == "md"
                else (f"src/{name}/assets/img" if lang == "js" else f"src/{name}/docs/img")
            )
            path = self._unique(lambda: f"{folder}/{rng.choice(NOUNS)}-{rng.choice(NOUNS)}.png")
            size = int(rng.lognormvariate(9.0, 0.8))
            return [FileState(path, comp, "binary", "bin", [], self._png(size), 0, weight * 0.1)]
        if kind == "config":
            path = self._unique(lambda: f"src/{name}/config/{rng.choice(NOUNS)}.yml")
            lines = self._lines("yml", self._text_size("config"))
            return [FileState(path, comp, "config", "yml", lines, b"", 0, weight * 0.5)]
        # documentation
        if lang == "md":
            d = self._code_dir(comp)
            path = self._unique(lambda: f"{d}/{rng.choice(NOUNS)}-{rng.choice(VERBS)}.md")
        else:
            path = self._unique(lambda: f"src/{name}/docs/{rng.choice(NOUNS)}.md")
        lines = self._lines("md", self._text_size("doc"))
        return [FileState(path, comp, "doc", "md", lines, b"", 0, weight * 0.4)]

    def _new_kind(self, comp: int) -> str:
        roll = self.rng.random()
        lang = COMPONENTS[comp][1]
        if lang == "md":
            return "binary" if roll < 0.1 else "doc"
        png = 0.10 if lang == "js" else 0.01
        if roll < png:
            return "binary"
        if roll < png + 0.08:
            return "doc"
        if roll < png + 0.14:
            return "config"
        return "code"

    def _add_files(self, comp: int, count: int) -> list[str]:
        ops = []
        for _ in range(count):
            for fs in self._new_file(comp, self._new_kind(comp)):
                self._register(fs)
                ops.append(self._blob(fs))
        return ops

    def _scaffold(self, comp: int, extra: int) -> list[str]:
        name, lang = COMPONENTS[comp]
        weight = self.rng.lognormvariate(0.0, 1.2)
        ops = []
        readme = "docs/README.md" if lang == "md" else f"src/{name}/README.md"
        lines = [f"# {name}", "", *self._lines("md", self._text_size("doc"))]
        new = [FileState(readme, comp, "doc", "md", lines, b"", 0, weight)]
        if lang in MANIFEST:
            new.append(
                FileState(
                    f"src/{name}/{MANIFEST[lang]}",
                    comp,
                    "manifest",
                    lang,
                    self._manifest_lines(comp),
                    b"",
                    0,
                    0.3,
                )
            )
        for fs in new:
            self._register(fs)
            ops.append(self._blob(fs))
        ops += self._add_files(comp, extra)
        self.active_comps.append(comp)
        return ops

    def _root_files(self) -> list[str]:
        rng = self.rng
        root = self.root
        files = {
            "README.md": ["# Acme platform", "", *self._lines("md", 60)],
            "CHANGELOG.md": ["# Changelog", "", "## 1.0.0", "", "- Initial release"],
            "Makefile": self._lines("make", 40),
            ".gitignore": [
                "__pycache__/",
                "node_modules/",
                "*.pyc",
                "/build/",
                "/dist/",
                ".idea/",
                ".vscode/",
                "target/",
                "*.log",
            ],
            ".mailmap": self.mailmap or ["# no aliases"],
            ".github/workflows/ci.yml": self._lines("yml", 45),
        }
        ops = []
        for path, lines in files.items():
            lang = "yml" if path.endswith(".yml") else ("make" if path == "Makefile" else "md")
            fs = FileState(path, root, "root", lang, lines, b"", 0, rng.lognormvariate(0, 1))
            self._register(fs)
            ops.append(self._blob(fs))
        self.files[".mailmap"].weight = 0.0
        self.files[".gitignore"].weight = 0.0
        self.comp_cum[root] = None
        self.active_comps.append(root)
        return ops

    # --------------------------------------------------------------- commits
    def _target_files(self) -> float:
        f0 = self._f0()
        return f0 + (self.n_files - f0) * self.step / max(1, self.n_commits - 1)

    def _f0(self) -> int:
        return max(min(self.n_files, 30), self.n_files // 10)

    def _emit(
        self,
        ref: str,
        author: Author,
        message: str,
        ops: Sequence[str],
        from_mark: int = 0,
        merge_mark: int = 0,
        committer: Author | None = None,
    ) -> int:
        assert self.writer is not None
        when = self._time()
        authored = when
        if self.rng.random() < 0.1:
            authored = max(EPOCH_START, when - self.rng.randrange(3 * 86_400))
        committer = committer or author
        committer_ident = self._ident(committer, when)
        author_ident = (
            committer_ident.replace(f" {when} ", f" {authored} ")
            if committer is author
            else self._ident(author, authored)
        )
        mark = self.writer.commit(
            ref, author_ident, committer_ident, message, ops, from_mark, merge_mark
        )
        self.stats.commits += 1
        if author.bot:
            self.stats.bots += 1
        if ref == MAIN_REF:
            self.main_tip = mark
        return mark

    def _coauthors(self, author: Author) -> list[Author]:
        if author.bot or self.rng.random() >= 0.03:
            return []
        out = []
        for _ in range(self.rng.choice((1, 1, 2))):
            other = self._global_author()
            if other is not author and other not in out:
                out.append(other)
        if out:
            self.stats.coauthored += 1
        return out

    def _initial_commit(self) -> None:
        ops = self._root_files()
        initial = [c for start, c in self.pending_comps if start == 0.0]
        self.pending_comps = [(s, c) for s, c in self.pending_comps if s > 0.0]
        for c in initial:
            ops += self._scaffold(c, self.rng.randint(2, 5))
        rest = self._f0() - len(self.files)
        for i in range(max(0, rest)):
            ops += self._add_files(initial[i % len(initial)], 1)
        author = self.humans[0]
        self._emit(MAIN_REF, author, "Initial import of the Acme platform\n", ops)

    def _main_commit(self) -> None:
        rng = self.rng
        if self.pending_comps and self.pending_comps[0][0] <= self.progress:
            _, comp = self.pending_comps.pop(0)
            author = self._author_for(comp)
            ops = self._scaffold(comp, rng.randint(3, 8))
            msg = self._message(
                f"feat({COMPONENTS[comp][0]}): scaffold {COMPONENTS[comp][0]} service"
            )
            self._emit(MAIN_REF, author, msg, ops)
            return
        roll = rng.random()
        if roll < 0.0015 and len(self.files) >= 150 and self._large_commit():
            return
        if roll < 0.0065 and self._changelog_commit():
            return
        if roll < 0.0095 and self._renovate_commit():
            return
        if roll < 0.0195 and self._rename_commit():
            return
        if roll < 0.0255 and self._delete_commit():
            return
        self._normal_commit()

    def _normal_commit(self) -> None:
        rng = self.rng
        comp = self._pick_comp()
        author = self._author_for(comp)
        ops: list[str] = []
        changed: list[str] = []
        count = min(30, int(rng.paretovariate(1.6)))
        first = self._pick_file(comp)
        if first is not None:
            changed.append(first)
            same_dir = self.dir_files.get(first.rpartition("/")[0], [])
            for _ in range(count - 1):
                if rng.random() < 0.5 and len(same_dir) > 1:
                    cand: str | None = rng.choice(same_dir)
                else:
                    cand = self._pick_file(comp)
                if (
                    cand is not None
                    and cand not in changed
                    and cand not in self.locked
                    and self.files[cand].weight > 0
                ):
                    changed.append(cand)
            for path in list(changed):
                partner = self.files[path].partner
                if (
                    partner
                    and partner in self.files
                    and partner not in self.locked
                    and partner not in changed
                    and rng.random() < 0.5
                ):
                    changed.append(partner)
        for path in changed:
            fs = self.files[path]
            self._edit(fs)
            ops.append(self._blob(fs))
        deficit = self._target_files() - len(self.files) - len(self.reserved)
        if comp != self.root and ((deficit >= 1 and rng.random() < 0.35) or not ops):
            n = min(max(1, int(deficit)), rng.randint(1, 3) + int(deficit) // 10)
            ops += self._add_files(comp, n)
        if not ops:
            ops = self._add_files(self._pick_comp_not_root(), 1)
        msg = self._message(self._subject(comp), self._coauthors(author))
        self._emit(MAIN_REF, author, msg, ops)

    def _pick_comp_not_root(self) -> int:
        comps = [c for c in self.active_comps if c != self.root]
        return self.rng.choice(comps)

    def _large_commit(self) -> bool:
        rng = self.rng
        langs = sorted({fs.lang for fs in self.files.values() if fs.lang in COMMENT})
        rng.shuffle(langs)
        cands: list[FileState] = []
        chosen: list[str] = []
        for lang in langs:
            cands += [
                fs
                for fs in self.files.values()
                if fs.lang == lang and fs.kind in ("code", "test") and fs.path not in self.locked
            ]
            chosen.append(lang)
            if len(cands) >= 100:
                break
        if len(cands) < 100:
            return False
        cands = cands[:400]
        author = self._author_for(cands[0].comp)
        ops = []
        if rng.random() < 0.5:
            year = self._year()
            for fs in cands:
                fs.lines[0] = self._header(fs.lang, year)
                ops.append(self._blob(fs))
            subject = f"chore: update copyright headers to {year}"
        else:
            for fs in cands:
                for _ in range(rng.randint(1, 4)):
                    i = rng.randrange(1, max(2, len(fs.lines)))
                    fs.lines[i : i + 1] = [self._line(fs.lang)]
                ops.append(self._blob(fs))
            subject = "style: apply " + " and ".join(FORMATTER[lang] for lang in chosen)
        self.stats.large += 1
        self._emit(MAIN_REF, author, self._message(subject), ops)
        return True

    def _changelog_commit(self) -> bool:
        fs = self.files["CHANGELOG.md"]
        major, minor, patch = self.release
        if self.rng.random() < 0.2:
            minor, patch = minor + 1, 0
        else:
            patch += 1
        self.release = [major, minor, patch]
        version = f"{major}.{minor}.{patch}"
        entries = [
            f"- {self._subject(self._pick_comp_not_root())}" for _ in range(self.rng.randint(3, 10))
        ]
        fs.lines[2:2] = [f"## {version}", "", *entries, ""]
        bot = self.bots["github-actions[bot]"]
        self._emit(MAIN_REF, bot, f"chore(release): {version}\n", [self._blob(fs)])
        return True

    def _renovate_commit(self) -> bool:
        comp = self._pick_comp_not_root()
        path = self.manifests.get(comp)
        if path is None or path in self.locked:
            return False
        fs = self.files[path]
        dep, old, new = self._bump(fs)
        msg = f"chore(deps): update dependency {dep} to v{new}\n\nFrom {old}.\n"
        self._emit(MAIN_REF, self.bots["renovate[bot]"], msg, [self._blob(fs)])
        return True

    def _rename_commit(self) -> bool:
        rng = self.rng
        comp = self._pick_comp_not_root()
        if rng.random() < 0.08:
            return self._move_dir(comp)
        path = self._pick_file(comp)
        if path is None:
            return False
        fs = self.files[path]
        d, _, base = path.rpartition("/")
        ext = base.rpartition(".")[2]
        if fs.kind == "code" and rng.random() < 0.5:
            d = self._code_dir(comp)
        lang = fs.lang if fs.lang in EXT else "py"
        new = self._unique(lambda: f"{d}/{self._code_name(lang)}.{ext}")
        self._rename(path, new)
        ops = [f"D {path}"]
        if rng.random() < 0.4:
            self._edit(fs, hunks=1)
            ops.append(self._blob(fs))
        else:
            ops.append(f"M 100644 :{fs.mark} {new}")
        self.stats.renames += 1
        author = self._author_for(comp)
        old_name, new_name = base, new.rpartition("/")[2]
        msg = self._message(f"refactor({COMPONENTS[comp][0]}): rename {old_name} to {new_name}")
        self._emit(MAIN_REF, author, msg, ops)
        return True

    def _move_dir(self, comp: int) -> bool:
        rng = self.rng
        root = self._code_root(comp)
        dirs = [d for d in self.comp_dirs[comp] if d != root]
        if not dirs:
            return False
        old = rng.choice(dirs)
        moved = [p for p in self.comp_paths[comp] if p.startswith(old + "/")]
        if len(moved) < 5 or any(p in self.locked for p in moved):
            return False
        parent = old.rpartition("/")[0]
        new = f"{parent}/{rng.choice(NOUNS)}_{rng.choice(('core', 'v2', 'impl', 'legacy'))}"
        if any(self._taken(p.replace(old, new, 1)) for p in moved) or new in self.comp_dirs[comp]:
            return False
        ops = []
        for path in moved:
            target = new + path[len(old) :]
            fs = self._rename(path, target)
            ops += [f"D {path}", f"M 100644 :{fs.mark} {target}"]
        self.comp_dirs[comp] = [
            new + d[len(old) :] if d == old or d.startswith(old + "/") else d
            for d in self.comp_dirs[comp]
        ]
        self.stats.renames += len(moved)
        if len(moved) >= 100:
            self.stats.large += 1
        author = self._author_for(comp)
        msg = self._message(f"refactor({COMPONENTS[comp][0]}): move {old} to {new}")
        self._emit(MAIN_REF, author, msg, ops)
        return True

    def _delete_commit(self) -> bool:
        comp = self._pick_comp_not_root()
        ops = []
        for _ in range(self.rng.choice((1, 1, 1, 2, 3))):
            path = self._pick_file(comp)
            if path is None or self.files[path].kind == "manifest" or path.endswith("README.md"):
                continue
            self._unregister(path)
            ops.append(f"D {path}")
        if not ops:
            return False
        self.stats.deletes += len(ops)
        msg = self._message(
            f"chore({COMPONENTS[comp][0]}): remove unused {self.rng.choice(NOUNS)} code"
        )
        self._emit(MAIN_REF, self._author_for(comp), msg, ops)
        return True

    # -------------------------------------------------------------- branches
    def _open_branch(self) -> bool:
        rng = self.rng
        comp = self._pick_comp_not_root()
        cname = COMPONENTS[comp][0]
        self.pr_counter += 1
        self.branch_counter += 1
        manifest = self.manifests.get(comp)
        if rng.random() < 0.2 and manifest is not None and manifest not in self.locked:
            bot_paths = [manifest]
            overlay = {manifest: self.files[manifest].copy()}
            dep, old, new = self._bump(overlay[manifest])
            eco = ECOSYSTEM[COMPONENTS[comp][1]]
            short = f"dependabot/{eco}/src/{cname}/{dep.replace(':', '-')}-{new}"
            title = f"Bump {dep} from {old} to {new} in /src/{cname}"
            ref = f"refs/heads/{short}"
            if ref in self.used_refs:
                ref += f"-{self.branch_counter}"
            self.used_refs.add(ref)
            branch = Branch(
                ref,
                short,
                comp,
                self.bots["dependabot[bot]"],
                True,
                title,
                self.pr_counter,
                bot_paths,
                overlay,
                0,
            )
            body = (
                f"{title}.\n\nBumps {dep} from {old} to {new}.\n\n"
                f"Signed-off-by: dependabot[bot] <{BOTS[0][1]}>\n"
            )
            branch.tip = self._emit(
                branch.ref,
                branch.owner,
                body,
                [self._blob(overlay[manifest])],
                from_mark=self.main_tip,
            )
            self.locked.add(manifest)
            self.branches.append(branch)
            return True
        paths: list[str] = []
        for _ in range(rng.randint(1, 5)):
            path = self._pick_file(comp)
            if path is not None and path not in paths:
                paths.append(path)
        if not paths:
            return False
        prefix = rng.choice(("feature", "feature", "fix", "chore"))
        short = f"{prefix}/{cname}-{rng.choice(NOUNS)}-{self.branch_counter}"
        owner = self._author_for(comp)
        self.used_refs.add(f"refs/heads/{short}")
        branch = Branch(
            f"refs/heads/{short}",
            short,
            comp,
            owner,
            False,
            self._subject(comp),
            self.pr_counter,
            paths,
            {p: self.files[p].copy() for p in paths},
            rng.choice((0, 0, 1, 1, 2, 3, 4)),
        )
        self.locked.update(paths)
        self.branches.append(branch)
        self._branch_commit(branch)
        return True

    def _branch_commit(self, branch: Branch) -> None:
        rng = self.rng
        author = branch.owner if rng.random() < 0.8 else self._author_for(branch.comp)
        ops = []
        for path in rng.sample(branch.paths, k=rng.randint(1, len(branch.paths))):
            fs = branch.overlay[path]
            self._edit(fs)
            ops.append(self._blob(fs))
        if rng.random() < 0.1:
            for fs in self._new_file(branch.comp, "code"):
                branch.overlay[fs.path] = fs
                branch.paths.append(fs.path)
                self.reserved.add(fs.path)
                ops.append(self._blob(fs))
        first = not branch.tip
        msg = self._message(
            branch.title if first else self._subject(branch.comp), self._coauthors(author)
        )
        branch.tip = self._emit(
            branch.ref, author, msg, ops, from_mark=self.main_tip if first else 0
        )

    def _merge(self, branch: Branch) -> None:
        rng = self.rng
        merger = self._author_for(branch.comp)
        ops = [f"M 100644 :{fs.mark} {path}" for path, fs in branch.overlay.items()]
        if rng.random() < 0.6 or branch.bot:
            msg = f"Merge pull request #{branch.pr} from acme/{branch.short}\n\n{branch.title}\n"
            committer = Author(*GITHUB, "+0000")
        else:
            msg = f"Merge branch '{branch.short}'\n"
            committer = merger
        self._emit(MAIN_REF, merger, msg, ops, merge_mark=branch.tip, committer=committer)
        for path, fs in branch.overlay.items():
            if path in self.files:
                fs.weight = self.files[path].weight
                self._unregister(path)
            self.reserved.discard(path)
            self._register(fs)
            self.locked.discard(path)
        self.branches.remove(branch)
        self.merged_refs.append(branch.ref)
        self.stats.merges += 1

    # ------------------------------------------------------------------ run
    def run(self, writer: FastImportWriter) -> None:
        self.writer = writer
        rng = self.rng
        for step in range(self.n_commits):
            self.step = step
            if step == 0:
                self._initial_commit()
                continue
            if self.branches and rng.random() < 0.2:
                branch = rng.choice(self.branches)
                if branch.remaining > 0:
                    branch.remaining -= 1
                    self._branch_commit(branch)
                else:
                    self._merge(branch)
                continue
            if (
                len(self.branches) < MAX_OPEN_BRANCHES
                and rng.random() < 0.055
                and self._open_branch()
            ):
                continue
            self._main_commit()
        self.stats.open_branches = len(self.branches)
        writer.close()


def _git(args: Sequence[str], cwd: Path, stdin: bytes | None = None) -> str:
    proc = subprocess.run(["git", *args], cwd=cwd, input=stdin, capture_output=True, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"git {' '.join(args)} failed: {proc.stderr.decode(errors='replace')}")
    return proc.stdout.decode()


def _params(args: argparse.Namespace) -> dict[str, Any]:
    return {
        "generator_version": GENERATOR_VERSION,
        "commits": args.commits,
        "files": args.files,
        "authors": args.authors,
        "seed": args.seed,
    }


def read_marker(out: Path) -> dict[str, Any] | None:
    """Return the parameters recorded in OUT/.git/synth_repo.json, if any."""
    try:
        data = json.loads((out / ".git" / MARKER).read_text())
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def generate(out: Path, commits: int, files: int, authors: int, seed: int) -> dict[str, Any]:
    """Generate the repository into the (absent or empty) directory OUT."""
    started = time.perf_counter()
    out.mkdir(parents=True, exist_ok=True)
    _git(["init", "-q", str(out)], cwd=out)
    _git(["symbolic-ref", "HEAD", MAIN_REF], cwd=out)
    params = {
        "generator_version": GENERATOR_VERSION,
        "commits": commits,
        "files": files,
        "authors": authors,
        "seed": seed,
    }
    (out / ".git" / MARKER).write_text(json.dumps({**params, "complete": False}) + "\n")
    gen = Generator(commits, files, authors, seed)
    # zlib allocates its (large) state per object; keeping glibc from mmap()ing and
    # unmapping it for every blob makes fast-import about 25% faster.
    env = {
        **os.environ,
        "MALLOC_MMAP_THRESHOLD_": "1000000000",
        "MALLOC_TRIM_THRESHOLD_": "1000000000",
        "MALLOC_TOP_PAD_": "100000000",
    }
    proc = subprocess.Popen(
        ["git", "fast-import", "--quiet", "--done", "--depth=50", "--active-branches=16"],
        cwd=out,
        stdin=subprocess.PIPE,
        env=env,
    )
    assert proc.stdin is not None
    write_error: OSError | None = None
    try:
        gen.run(FastImportWriter(proc.stdin))
    except OSError as exc:
        write_error = exc
    finally:
        with contextlib.suppress(OSError):
            proc.stdin.close()
    if proc.wait() != 0:
        raise RuntimeError(f"git fast-import failed with exit code {proc.returncode}")
    if write_error is not None:
        raise RuntimeError(f"writing to git fast-import failed: {write_error}")
    if gen.merged_refs:
        _git(
            ["update-ref", "--stdin"],
            cwd=out,
            stdin="".join(f"delete {ref}\n" for ref in gen.merged_refs).encode(),
        )
    _git(
        ["-c", "core.autocrlf=false", "-c", "core.eol=lf", "checkout", "-q", "-f", "main"], cwd=out
    )
    head = _git(["rev-parse", "HEAD"], cwd=out).strip()
    stats = gen.stats
    result = {
        **params,
        "complete": True,
        "head": head,
        "files_at_head": len(gen.files),
        "merges": stats.merges,
        "renames": stats.renames,
        "deletes": stats.deletes,
        "large_commits": stats.large,
        "bot_commits": stats.bots,
        "coauthored": stats.coauthored,
        "open_branches": stats.open_branches,
        "elapsed_s": round(time.perf_counter() - started, 2),
    }
    (out / ".git" / MARKER).write_text(json.dumps(result, indent=2) + "\n")
    return result


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("out", type=Path, metavar="OUT_DIR")
    parser.add_argument("--commits", type=int, default=20_000)
    parser.add_argument("--files", type=int, default=2_000)
    parser.add_argument("--authors", type=int, default=60)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--force",
        action="store_true",
        help="replace OUT_DIR if it holds an earlier output of this script",
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="keep OUT_DIR when it was generated with the same arguments",
    )
    args = parser.parse_args(argv)
    if args.commits < 1 or args.files < 1 or args.authors < 1:
        parser.error("--commits, --files and --authors must be positive")
    out: Path = args.out.resolve()  # git runs inside it: a relative path would nest
    if out.exists() and not out.is_dir():
        parser.error(f"{out} exists and is not a directory")
    if out.is_dir() and any(out.iterdir()):
        marker = read_marker(out)
        if (
            args.reuse
            and marker
            and marker.get("complete")
            and all(marker.get(k) == v for k, v in _params(args).items())
        ):
            print(
                f"synth_repo: reusing {out}: {marker['commits']} commits, "
                f"{marker.get('files_at_head')} files at HEAD, head {marker.get('head')}"
            )
            return 0
        if not (args.force or args.reuse):
            parser.error(f"{out} is not empty (use --force to replace an earlier output)")
        if marker is None:
            parser.error(f"{out} is not empty and was not made by synth_repo.py; not deleting it")
        shutil.rmtree(out)
    try:
        res = generate(out, args.commits, args.files, args.authors, args.seed)
    except (RuntimeError, OSError) as exc:
        print(f"synth_repo: error: {exc}", file=sys.stderr)
        return 1
    print(
        f"synth_repo: {res['commits']} commits ({res['merges']} merges, "
        f"{res['open_branches']} open branches), {res['files_at_head']} files at HEAD, "
        f"{res['elapsed_s']:.1f} s -> {out} (HEAD {res['head'][:12]})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

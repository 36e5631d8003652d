"""Code health (analyses.health, analyses.health_score): scores worked out by hand.

The repository (dates 2020-01-0N):
  c1 Alice  A src/engine.py (ENGINE + a comment line), A src/copy.py (COPY),
            A tools/run.clj (no grammar), A README.md
  c2 Bob    M src/engine.py (ENGINE + another comment line)
  c3 Alice  M src/engine.py (ENGINE)
At HEAD: src/engine.py, 47 lines, 11 blank: 36 lines of code, 3 commits;
src/copy.py, 8 lines of code, 1 commit; tools/run.clj, 1 commit.

The functions of ENGINE (tree-sitter, as tests/mining/syntax/test_python.py counts):
  brain  lines 9-21: length 13, cyclomatic 1 + for + if + and + or + while + if = 7,
         nesting for > if > while > if = 4, parameters 3, one complex conditional
         (`x and b or c`), 1 bump (one chunk), variables total, count, x, rest = 4
  flat   length 2, cyclomatic 1
  bumpy  lines 28-35: length 8, cyclomatic 1 + 4 ifs/fors = 5, nesting 2, parameters 2,
         2 bumps (if > if, then if > for); the same shape (60 syntax nodes: enough for
         the engine to give it one) and length as COPY's bumpy_copy
  Mixed.__init__ / one / two: one uses self.a, two self.b (__init__ is left out of
         cohesion): LCOM4 = 2; the small functions have no shape (under 40 nodes)
and outside functions: if > for > if, global nesting 3.

TEST, a small policy so that a small file shows every biomarker: complex above 3,
large above 10 lines, nesting above 2, parameters above 2, bumpy above 1 bump, brain
with more than 2 variables, low cohesion above LCOM4 1, duplicates from 3 lines, global
nesting above 1 (large file and many functions keep their defaults, 1000 and 75).
Findings of engine.py under TEST and what they cost (weight × min(1, n / saturation)):
  brain method 1 (brain)          3.0 × 1/1 = 3.0
  complex method 2 (brain, bumpy)  2.0 × 2/3 = 1.3333
  deep nesting 1 (brain)           1.5 × 1/3 = 0.5
  bumpy road 1 (bumpy)             1.5 × 1/3 = 0.5
  complex conditional 1 (brain)    1.0 × 1/5 = 0.2
  excess parameters 1 (brain)      0.5 × 1/5 = 0.1
  large method 1 (brain)           1.0 × 1/3 = 0.3333
  duplication 1 (bumpy)            1.0 × 1/4 = 0.25
  low cohesion 1 (Mixed)           1.0 × 1/2 = 0.5
  global nesting 1                 0.5 × 1/1 = 0.5
  total 7.2167: health 10 - 7.2167 = 2.7833
copy.py: complex method 1 (0.6667), bumpy road 1 (0.5), duplication 1 (0.25):
  health 10 - 1.4167 = 8.5833
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import pytest

from techlead.analyses.health import aggregate, blob_health, file_health, policy_notes
from techlead.analyses.health_score import BIOMARKERS, score
from techlead.core.model import Entity, Options
from techlead.core.policy import DEFAULT

from conftest import ALICE, BOB, GitRepo, scan_json

ENGINE = """\
import sys

if sys.argv:
    for arg in sys.argv:
        if arg:
            print(arg)


def brain(a, b, c):
    total = 0
    count = 0
    for x in a:
        if x and b or c:
            while x:
                if x > b:
                    total = total + x
                    x = x - 1
                else:
                    count = count + 1
    rest = total - count
    return rest


def flat(a):
    return a


def bumpy(a, b):
    if a.ready(b):
        if b.done(a):
            return a.first(b)
    if b.ready(a):
        for x in a.items(b):
            return x.value(a)
    return a.last(b)


class Mixed:
    def __init__(self):
        self.a = 1
        self.b = 2

    def one(self):
        return self.a

    def two(self):
        return self.b
"""

COPY = """\
def bumpy_copy(p, q):
    if p.ready(q):
        if q.done(p):
            return p.first(q)
    if q.ready(p):
        for y in p.items(q):
            return y.value(p)
    return p.last(q)
"""

CLOJURE = "(ns run)\n(defn main [] (println 1))\n"

TEST = replace(
    DEFAULT,
    complexity_limit=3,
    health_large_method=10,
    health_deep_nesting=2,
    health_excess_parameters=2,
    health_bumpy_road=1,
    health_brain_variables=2,
    health_low_cohesion=1,
    health_duplicate_lines=3,
    health_global_nesting=1,
)

ENGINE_TEST = 10 - (3.0 + 2 * 2 / 3 + 0.5 + 0.5 + 0.2 + 0.1 + 1 / 3 + 0.25 + 0.5 + 0.5)
COPY_TEST = 10 - (2 / 3 + 0.5 + 0.25)


def build(repo: GitRepo) -> None:
    repo.commit(
        "c1",
        author=ALICE,
        files={
            "src/engine.py": ENGINE + "# one\n",
            "src/copy.py": COPY,
            "tools/run.clj": CLOJURE,
            "README.md": "# r\n",
        },
    )
    repo.commit("c2", author=BOB, files={"src/engine.py": ENGINE + "# two\n"})
    repo.commit("c3", author=ALICE, files={"src/engine.py": ENGINE})


@pytest.fixture(scope="module")
def warehouse(module_git: None, tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("health")
    repo = GitRepo(root / "app")
    build(repo)
    db = root / "wh.duckdb"
    scan_json(str(repo.path), "--db", str(db))
    return db


def healths(db: Path, policy: Any, options: Options | None = None) -> dict[str, Any]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {f.path: f for f in file_health(con, options or Options(), policy)}
    finally:
        con.close()


def test_the_score_is_ten_less_saturating_deductions_never_below_one() -> None:
    # 2 complex methods: 2.0 × 2/3; 7 complex conditionals saturate at 5: 1.0 × 1
    health, markers = score({"complex_method": 2, "complex_conditional": 7}, DEFAULT)
    assert health == pytest.approx(10 - 4 / 3 - 1.0)
    assert [m.name for m in markers] == [b.name for b in BIOMARKERS]
    # every biomarker at its saturation costs the sum of the weights, 15: floored at 1.0
    assert score({b.name: b.saturation for b in BIOMARKERS}, DEFAULT)[0] == 1.0
    assert score({}, DEFAULT)[0] == 10.0


def test_each_biomarker_of_the_fixture_is_found_where_worked_out(warehouse: Path) -> None:
    found = healths(warehouse, TEST)
    engine = {m.name: (m.findings, m.where) for m in found["src/engine.py"].markers}
    assert engine == {
        "brain_method": (1, ("brain",)),
        "complex_method": (2, ("brain", "bumpy")),
        "deep_nesting": (1, ("brain",)),
        "bumpy_road": (1, ("bumpy",)),
        "complex_conditional": (1, ("brain",)),
        "excess_parameters": (1, ("brain",)),
        "large_method": (1, ("brain",)),
        # bumpy and bumpy_copy share a shape and a length; the small ones have no shape
        "duplication": (1, ("bumpy",)),
        "large_file": (0, ()),
        "many_functions": (0, ()),
        "low_cohesion": (1, ("Mixed",)),
        "global_nesting": (1, ()),
    }
    assert found["src/engine.py"].health == pytest.approx(ENGINE_TEST)  # 2.7833
    assert found["src/copy.py"].health == pytest.approx(COPY_TEST)  # 8.5833
    assert (found["src/engine.py"].code, found["src/engine.py"].revisions) == (36, 3)


def test_defaults_find_only_the_deep_nesting_bumpy_road_and_complex_conditional(
    warehouse: Path,
) -> None:
    # by the default policy: brain nests 4 deep (> 3): 1.5/3; bumpy has 2 bumps (> 1):
    # 1.5/3; one complex conditional: 1.0/5; nothing else passes a threshold
    engine = healths(warehouse, DEFAULT)["src/engine.py"]
    assert engine.health == pytest.approx(10 - 0.5 - 0.5 - 0.2)  # 8.8
    assert {m.name for m in engine.markers if m.findings} == {
        "deep_nesting", "bumpy_road", "complex_conditional"}  # fmt: skip


def test_a_language_sets_its_own_thresholds(warehouse: Path) -> None:
    # Python's complexity limit 10: no complex method (7 and 5), so no brain method either
    policy = replace(TEST, health_languages={"Python": {"complexity_limit": 10}})
    found = healths(warehouse, policy)
    assert found["src/engine.py"].health == pytest.approx(ENGINE_TEST + 3.0 + 4 / 3)  # 7.1167
    assert found["src/copy.py"].health == pytest.approx(COPY_TEST + 2 / 3)  # 9.25
    # another language's thresholds leave Python's files alone
    other = replace(TEST, health_languages={"Java": {"complexity_limit": 10}})
    assert healths(warehouse, other)["src/engine.py"].health == pytest.approx(ENGINE_TEST)


def test_the_score_never_falls_below_one(warehouse: Path) -> None:
    # a large file (36 > 30 lines of code: 1.5) with many functions (6 > 4: 0.5) too:
    # 7.2167 + 2.0 = 9.2167 > 9
    policy = replace(TEST, health_large_file=30, health_many_functions=4)
    assert healths(warehouse, policy)["src/engine.py"].health == 1.0


def test_a_language_without_grammar_is_not_scored_and_markdown_is_left_out(
    warehouse: Path,
) -> None:
    found = healths(warehouse, TEST)
    assert set(found) == {"src/engine.py", "src/copy.py", "tools/run.clj"}
    clojure = found["tools/run.clj"]
    assert (clojure.health, clojure.note) == (None, "not scored: no grammar for Clojure")


def test_roll_ups_weigh_by_lines_and_by_commits(warehouse: Path) -> None:
    files = list(healths(warehouse, TEST).values())
    by_component = {str(g.name): g for g in aggregate(files, "component")}
    src = by_component["src"]
    # by lines: (2.7833 × 36 + 8.5833 × 8) / 44 = 3.8379
    assert src.average == pytest.approx((ENGINE_TEST * 36 + COPY_TEST * 8) / 44)
    # by commits: (2.7833 × 3 + 8.5833 × 1) / 4 = 4.2333
    assert src.hotspot == pytest.approx((ENGINE_TEST * 3 + COPY_TEST) / 4)
    assert (src.files, src.unscored, src.code, str(src.worst)) == (2, 0, 44, "src/engine.py")
    assert src.findings["complex_method"] == 3 and src.findings["duplication"] == 2
    tools = by_component["tools"]
    assert (tools.files, tools.unscored, tools.average, tools.hotspot) == (1 - 1, 1, None, None)
    [repo] = aggregate(files, "repo")
    assert (repo.name, repo.files, repo.unscored) == (Entity("app", ""), 2, 1)
    assert repo.average == pytest.approx(src.average)


def test_filters_keep_their_files_and_duplicates_still_count_the_whole_repository(
    warehouse: Path,
) -> None:
    # --path src/copy.py: engine.py is not shown, but bumpy_copy still duplicates bumpy
    found = healths(warehouse, TEST, Options(paths=("src/copy.py",)))
    assert list(found) == ["src/copy.py"]
    assert found["src/copy.py"].health == pytest.approx(COPY_TEST)
    # --since after c2: engine.py changed once (c3), copy.py not at all
    since = Options(since=datetime(2020, 1, 3, tzinfo=UTC))
    windowed = healths(warehouse, TEST, since)
    assert (windowed["src/engine.py"].revisions, windowed["src/copy.py"].revisions) == (1, 0)
    [src] = [g for g in aggregate(list(windowed.values()), "component") if str(g.name) == "src"]
    assert src.hotspot == pytest.approx(ENGINE_TEST)  # only engine.py changed in the window


def _runs(name: str, lines: int) -> str:
    """A function of 7 + ``lines`` lines (55 syntax nodes, over the engine's 40 for a
    shape) ending in a multi-line string of ``lines`` lines."""
    body = "".join(f"        {chr(97 + i)}\n" for i in range(lines))
    return (
        f"def {name}(x):\n    y = x.run(x.a, x.b, x.c, x.d)\n"
        f'    z = y.check(x.a, x.b, x.c, x.d)\n    return z.result(\n        """\n{body}'
        '        """\n    )\n'
    )


def test_a_duplicate_has_the_shape_and_the_length_of_another_function(
    make_repo: Any, db_path: Path
) -> None:
    repo = make_repo("dup")
    # f and h: 12 lines each, one shape; g: the same shape, 13 lines (a longer string)
    text = _runs("f", 5) + "\n\n" + _runs("g", 6) + "\n\n" + _runs("h", 5)
    repo.commit("c1", files={"a.py": text})
    scan_json(str(repo.path), "--db", str(db_path))
    [found] = healths(db_path, DEFAULT).values()
    duplication = next(m for m in found.markers if m.name == "duplication")
    assert (duplication.findings, duplication.where) == (2, ("f", "h"))
    assert found.health == pytest.approx(10 - 1.0 * 2 / 4)  # 9.5: nothing else found


def test_as_of_a_date_the_files_of_that_day_are_scored(warehouse: Path) -> None:
    # before c2: engine.py is c1's blob (ENGINE and a comment), read from the repository
    # and measured; the same functions, so the same score, with 1 commit so far
    until = Options(until=datetime(2020, 1, 2, tzinfo=UTC))
    found = healths(warehouse, TEST, until)
    engine = found["src/engine.py"]
    assert (engine.health, engine.revisions) == (pytest.approx(ENGINE_TEST), 1)
    # a past blob's classes are not kept: its least cohesive class (LCOM4 2 > 1) is one
    # finding, unnamed
    cohesion = next(m for m in engine.markers if m.name == "low_cohesion")
    assert (cohesion.findings, cohesion.where) == (1, ())


def test_as_of_a_date_a_file_scores_as_it_was(make_repo: Any, db_path: Path) -> None:
    repo = make_repo("past")
    repo.commit("c1", files={"a.py": "def f(a, b, c, d, e, g):\n    return 1\n"})
    repo.commit("c2", files={"a.py": "def f(a):\n    return 1\n"})
    scan_json(str(repo.path), "--db", str(db_path))
    assert healths(db_path, DEFAULT)["a.py"].health == 10.0
    # on 2020-01-01 f took 6 parameters (> 4): excess parameters, 0.5 × 1/5
    then = healths(db_path, DEFAULT, Options(until=datetime(2020, 1, 2, tzinfo=UTC)))
    assert then["a.py"].health == pytest.approx(9.9)


def test_a_language_techlead_does_not_know_is_noted() -> None:
    policy = replace(DEFAULT, health_languages={"Jawa": {"health_large_method": 9},
                                                "Java": {"health_large_method": 90}})  # fmt: skip
    assert policy_notes(policy) == [
        "[policy.health.languages.Jawa] judges no file: techlead knows no language 'Jawa' "
        "(names as in techlead tech: Python, Java, C++ ...)"
    ]


def test_past_versions_are_scored_from_the_kept_blobs(warehouse: Path) -> None:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        # the scan keeps the versions of its trend files (engine.py: c1, c2 and c3's)
        samples = con.execute(
            "SELECT repo_id, path, old_path, blob FROM trend_samples "
            "WHERE path = 'src/engine.py' ORDER BY revision"
        ).fetchall()
        assert len(samples) == 3
        versions = [*samples, (samples[0][0], "tools/run.clj", "tools/run.clj", "0" * 40)]
        scores = blob_health(con, versions, TEST)
    finally:
        con.close()
    first, second, head, unknown = (scores[v] for v in versions)
    # c1 and c2 differ from HEAD by a comment: the same findings, bumpy still a copy of
    # copy.py's bumpy_copy (HEAD's engine.py, the file's own version, is not counted)
    for past in (first, second):
        assert past is not None
        assert past[0] == pytest.approx(ENGINE_TEST)
        markers = {m.name: (m.findings, m.where) for m in past[1]}
        assert markers["duplication"] == (1, ("bumpy",))
        assert markers["low_cohesion"] == (1, ())  # a past blob's classes are not kept
    assert head is not None and head[0] == pytest.approx(ENGINE_TEST)
    assert {m.name: m.where for m in head[1]}["low_cohesion"] == ("Mixed",)
    assert unknown is None  # nothing kept for that blob

"""``[metrics]`` in techlead.toml: what is refused when the file is read, and the database
custom metrics run in (docs/direction.md "Metrics")."""

from __future__ import annotations

import string
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from techlead.core.config import CustomMetric, load_config
from techlead.core.errors import ConfigError, TechleadError
from techlead.core.model import Options
from techlead.core.readonly_sql import PARAMETERS, refusal
from techlead.direction.custom import run

HEAD = "[metrics.m]\n"
WORKSPACE = Options()


def config_error(tmp_path: Path, text: str) -> str:
    path = tmp_path / "techlead.toml"
    path.write_text(text)
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    return str(caught.value).replace(str(path), "techlead.toml")


@pytest.mark.parametrize(
    ("sql", "problem"),
    [
        ("SELECT 1; SELECT 2", "must be one SELECT statement, not 2 statements"),
        ("", "needs 'sql' (one read-only SELECT)"),
        ("PRAGMA version", "must be a SELECT, not PRAGMA"),
        ("ATTACH 'other.duckdb'", "must be a SELECT, not ATTACH"),
        ("COPY commits TO 'out.csv'", "must be a SELECT, not COPY"),
        ("INSTALL httpfs", "must be a SELECT, not LOAD"),
        ("LOAD httpfs", "must be a SELECT, not LOAD"),
        ("CREATE TABLE t (a INT)", "must be a SELECT, not CREATE"),
        ("SET threads = 1", "must be a SELECT, not SET"),
        ("DELETE FROM commits", "must be a SELECT, not DELETE"),
        ("SELECT count(*) FROM read_csv('x.csv')",
         "must not call the table function read_csv (it may read files)"),
        ("SELECT count(*) FROM read_parquet('x')",
         "must not call the table function read_parquet (it may read files)"),
        ("SELECT count(*) FROM glob('*')", "must not call the table function glob (it may read "
         "files)"),
        ("SELECT (SELECT count(*) FROM read_text('/etc/passwd'))",
         "must not call the table function read_text (it may read files)"),
        ("SELECT count(*) FROM 'x.csv'", "must read the warehouse's tables only, not 'x.csv'"),
        ("SELECT count(*) FROM other.main.commits",
         "must read the warehouse's tables only, not 'commits'"),
        ("DESCRIBE commits", "must read tables only (show ref is not allowed)"),
        ("SELECT $team", "uses the parameter $team: only $repos, $component, $moment are given"),
        ("SELECT ?", "uses a positional parameter: name it ($repos, $component, $moment)"),
        ("SELEC 1", 'does not parse: Parser Error: syntax error at or near "SELEC"'),
    ],
)  # fmt: skip
def test_custom_sql_that_is_not_one_read_only_select_is_refused(
    tmp_path: Path, sql: str, problem: str
) -> None:
    said = config_error(tmp_path, HEAD + tomli_w.dumps({"sql": sql}))
    where = "[metrics.m]" if problem.startswith("needs") else "'sql' of [metrics.m]"
    assert said == f"techlead.toml:2: {where} {problem}"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[metrics]\nradar = "missing.csv"\n',
         "techlead.toml:2: 'radar' in [metrics]: no such file: 'missing.csv'"),
        ("[metrics]\nosv = 3\n", "techlead.toml:2: 'osv' in [metrics] must be a string"),
        ("[metrics]\nlimit = 3\n", "techlead.toml:2: 'limit' in [metrics] must be radar, osv "
         "or a table [metrics.limit] with sql"),
        ("metrics = 3\n", "techlead.toml:1: 'metrics' must be a table ([metrics])"),
        (HEAD + "sql = 'SELECT 1'\nbetter = 'more'\n",
         "techlead.toml:3: 'better' in [metrics.m] must be \"higher\" or \"lower\""),
        (HEAD + "sql = 'SELECT 1'\ncolour = 'red'\n", "techlead.toml:3: unknown key 'colour' in "
         "[metrics.m] (valid: better, definition, sql, unit)"),
        (HEAD + "sql = 1\n", "techlead.toml:2: 'sql' in [metrics.m] must be a string"),
        ('[metrics."a b"]\nsql = "SELECT 1"\n', "techlead.toml:1: metric name 'a b': letters, "
         "digits, - and _ only (at most 60)"),
    ],
)  # fmt: skip
def test_metrics_table_errors_name_file_line_and_key(
    tmp_path: Path, text: str, message: str
) -> None:
    assert config_error(tmp_path, text) == message


def test_a_metrics_table_is_read(tmp_path: Path) -> None:
    (tmp_path / "radar.csv").write_text("name,ring,quadrant,isNew,description\n")
    path = tmp_path / "techlead.toml"
    path.write_text('[metrics]\nradar = "radar.csv"\n\n[metrics.one]\nsql = "SELECT 1"\n'
                    'unit = "u"\nbetter = "lower"\n')  # fmt: skip
    metrics = load_config(path).metrics
    assert (metrics.radar, metrics.osv) == (tmp_path / "radar.csv", None)
    assert metrics.custom == (
        CustomMetric("one", "SELECT 1", "custom: SELECT 1", "u", "lower", f"{path}:4"),
    )


@pytest.fixture
def warehouse() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(":memory:")
    con.execute("CREATE TABLE repos (repo_id INTEGER, name VARCHAR)")
    con.execute("INSERT INTO repos VALUES (1, 'shop'), (2, 'web')")
    return con


def measured(
    con: duckdb.DuckDBPyConnection, sql: str, options: Options = WORKSPACE
) -> float | None:
    custom = CustomMetric("m", sql, "d", "", "higher", "techlead.toml:7")
    used = {p for p in PARAMETERS if f"${p}" in sql}
    return run(con, custom, options, datetime(2020, 1, 1, tzinfo=UTC), used)


def test_custom_sql_runs_without_file_access(
    warehouse: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    # The parser's check is not the only wall: SQL that skipped it still cannot read a file.
    secret = tmp_path / "secret.txt"
    secret.write_text("42")
    with pytest.raises(ConfigError) as caught:
        measured(warehouse, f"SELECT count(*) FROM read_text('{secret}')")
    assert str(caught.value).startswith("techlead.toml:7: metric m: Permission Error: Cannot "
                                         "access file")  # fmt: skip
    with pytest.raises(ConfigError, match="Permission Error"):
        measured(warehouse, f"COPY (SELECT 1) TO '{tmp_path / 'out.csv'}'")
    assert not (tmp_path / "out.csv").exists()
    # The scope is given as $repos (every repository for the workspace) and $component.
    sql = "SELECT count(*) FROM repos WHERE list_contains($repos, name)"
    assert measured(warehouse, sql) == 2
    assert measured(warehouse, sql, Options(repos=("web",))) == 1
    assert measured(warehouse, "SELECT len($component)", Options(components=("api",))) == 3
    assert measured(warehouse, "SELECT len($component)") is None  # NULL: no value


_WORDS = ("SELECT", "FROM", "WHERE", "count(*)", "1", "repos", "commits", ";", "(", ")",
          "'x.csv'", "read_csv('a')", "glob('*')", "range(3)", "PRAGMA", "ATTACH", "COPY",
          "TO", "INSTALL", "LOAD", "CREATE", "TABLE", "SET", "WITH", "AS", "UNION", "$repos",
          "$x", "?", ",", "t", "main.t", "x.y.z", "VALUES", "DESCRIBE", "PIVOT", "ON", "--",
          "/*", "*/", "'", '"', "$$", "list_contains($repos, name)", "name", "=")  # fmt: skip

sql_texts = st.one_of(
    st.lists(st.sampled_from(_WORDS), max_size=12).map(" ".join),
    st.text(alphabet=string.printable, max_size=60),
)


@settings(max_examples=150, deadline=5000, suppress_health_check=[HealthCheck.too_slow])
@given(sql_texts)
def test_generated_sql_never_escapes_the_read_only_check(sql: str) -> None:
    try:
        problem = refusal(sql)
    except TechleadError:  # pragma: no cover - refusal says, it does not raise
        return
    if problem is None:
        [statement] = duckdb.extract_statements(sql)
        assert statement.type == duckdb.StatementType.SELECT
        lowered = sql.lower()
        assert not any(word in lowered for word in ("read_csv", "glob(", "'x.csv'", "x.y.z"))


@settings(max_examples=100, deadline=5000, suppress_health_check=[HealthCheck.too_slow,
          HealthCheck.function_scoped_fixture])  # fmt: skip
@given(sql_texts)
def test_accepted_generated_sql_runs_or_fails_in_one_line(
    warehouse: duckdb.DuckDBPyConnection, sql: str
) -> None:
    if refusal(sql) is not None:
        return
    try:
        value = measured(warehouse, sql)
    except ConfigError as exc:
        assert "\n" not in str(exc)
        return
    assert value is None or isinstance(value, float)


toml_values = st.one_of(
    st.text(max_size=30), st.integers(), st.booleans(), st.lists(st.text(max_size=5), max_size=2)
)


@settings(max_examples=100, deadline=5000, suppress_health_check=[HealthCheck.too_slow,
          HealthCheck.function_scoped_fixture])  # fmt: skip
@given(
    st.dictionaries(
        st.text(alphabet=string.ascii_letters + "-_ .", min_size=1, max_size=10),
        st.one_of(
            toml_values,
            st.dictionaries(st.sampled_from(("sql", "definition", "unit", "better", "other")),
                            st.one_of(toml_values, sql_texts), max_size=4),
        ),
        max_size=3,
    )
)  # fmt: skip
def test_generated_metrics_tables_are_read_or_refused_in_one_line(
    tmp_path: Path, table: dict[str, object]
) -> None:
    path = tmp_path / "techlead.toml"
    path.write_text(tomli_w.dumps({"metrics": table}))
    try:
        load_config(path)
    except ConfigError as exc:
        assert "\n" not in str(exc)

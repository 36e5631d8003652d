"""JavaScript (and JSX) functions and biomarkers, worked out by hand on the files in
tests/data/syntax/javascript/."""

from __future__ import annotations

from pathlib import Path

from techlead.mining.syntax.engine import FunctionFacts, SyntaxFacts, read
from techlead.mining.syntax.languages import grammar_for

DATA = Path(__file__).parents[2] / "data" / "syntax" / "javascript"


def facts(name: str, language: str = "JavaScript") -> SyntaxFacts:
    grammar = grammar_for(language, name)
    assert grammar is not None
    return read(grammar, (DATA / name).read_bytes())


def by_name(found: SyntaxFacts) -> dict[str, FunctionFacts]:
    return {f.name: f for f in found.functions}


def test_functions_of_every_form_are_found() -> None:
    names = [(f.name, f.start_line, f.end_line) for f in facts("decisions.js").functions]
    # declarations keep their name; arrow functions take the name of the constant holding them
    assert names == [
        ("decide", 2, 10),
        ("loops", 12, 20),
        ("branches", 22, 37),
        ("arrow", 39, 39),
        ("single", 41, 41),
        ("variables", 43, 50),
    ]


def test_cyclomatic_complexity_counts_lizards_tokens() -> None:
    found = facts("decisions.js").functions
    # decide: 1 + `b = 1` default + if + && + else-if + || + && = 7
    # loops: 1 + for + for-of + for-in + while + do-while = 6
    # branches: 1 + case + case + catch + ?: + ?? = 6 (default and finally add nothing)
    # arrow: 1 + && = 2; single: 1; variables: 1 + for-of = 2
    assert [f.cyclomatic for f in found] == [7, 6, 6, 2, 1, 2]


def test_complex_conditionals_need_two_logical_operators_in_one_condition() -> None:
    found = facts("decisions.js").functions
    # only decide's `a || (b && !a)`; `a && b` has one; the arrow's `p && q` is no condition
    assert [f.complex_conditionals for f in found] == [1, 0, 0, 0, 0, 0]


def test_parameters() -> None:
    found = facts("decisions.js").functions
    # decide(a, b = 1, ...rest): 3; `p => p` has no parameter list: 0 (as in lizard)
    assert [f.parameters for f in found] == [3, 1, 1, 2, 0, 0]


def test_variables_are_declared_names_including_destructuring() -> None:
    found = by_name(facts("decisions.js"))
    # loops: i, item, key; variables: a, b, c, e (d is the key, e the name), f, g, h
    assert (found["loops"].variables, found["variables"].variables) == (3, 7)


def test_nesting_bumps_and_else_if() -> None:
    found = facts("nesting.js")
    bumpy, outer, inner = found.functions
    # chunks: if>if (2 deep), for>if>while (3 deep), if/else-if>if (else if stays at 1: 2 deep)
    assert (bumpy.nesting, bumpy.bumps) == (3, 3)
    # 1 + if + if + for + if + while + if + else-if + if = 9
    assert bumpy.cyclomatic == 9
    # the inner function's structures are its own
    assert (outer.nesting, outer.cyclomatic, outer.bumps) == (0, 1, 0)
    assert (inner.name, inner.nesting, inner.cyclomatic, inner.bumps) == (
        "outer.(anonymous)",
        2,
        3,
        1,
    )


def test_global_nesting() -> None:
    assert facts("nesting.js").global_nesting == 3  # if > for > while outside functions


def test_cohesion_through_this_fields_and_calls() -> None:
    found = facts("cohesion.js")
    # deposit and withdraw share this.balance; report calls this.describe(); helper is
    # stateless and left out, like the constructor: {deposit, withdraw}, {report, describe}
    [account] = found.classes
    assert (account.name, account.methods, account.lcom4) == ("Account", 4, 2)
    assert [f.name for f in found.functions][:2] == ["Account.constructor", "Account.deposit"]


def test_jsx_is_read_with_the_javascript_grammar() -> None:
    found = facts("component.jsx", "JSX")
    greeting, handler = found.functions
    # 1 + ?: + && (in JSX) + || = 4; the handler: 1 + && = 2
    assert (greeting.name, greeting.cyclomatic, greeting.parameters) == ("Greeting", 4, 1)
    assert (handler.name, handler.cyclomatic) == ("Greeting.(anonymous)", 2)


def test_a_syntax_error_keeps_the_functions_tree_sitter_recovers() -> None:
    found = facts("broken.js").functions
    # `good` is intact; `after` comes back without its name (the error swallows it);
    # `bad` is lost in the error
    assert [(f.name, f.start_line, f.cyclomatic) for f in found] == [
        ("good", 1, 2),
        ("(anonymous)", 10, 2),
    ]


def test_the_jsx_query_is_the_javascript_query() -> None:
    # jsx.toml repeats javascript.toml's query (one data file per language name)
    javascript, jsx = grammar_for("JavaScript"), grammar_for("JSX")
    assert javascript is not None and jsx is not None
    assert (jsx.spec.module, jsx.spec.query) == (javascript.spec.module, javascript.spec.query)

"""Scala functions and biomarkers, worked out by hand on tests/data/syntax/scala/."""

from __future__ import annotations

from mining.syntax.reading import reader
from techlead.mining.syntax.engine import FunctionFacts

facts = reader("Scala", "scala")


def functions(name: str) -> dict[str, FunctionFacts]:
    return {f.name: f for f in facts(name).functions}


def test_decisions() -> None:
    found = functions("Decisions.scala")
    # the abstract `def abstractLike: Int` is not a function
    assert list(found) == [
        "Decisions.straight",
        "Decisions.branches",
        "Decisions.partial",
        "Decisions.lambdas",
    ]
    assert found["Decisions.straight"].cyclomatic == 1
    # 1 + if + else if + for + its `if` guard + while + do-while (once) + `case 1 | 2`
    # + `case n` + its guard (`case _` is not counted) + catch + its `case _: E` (a typed
    # pattern, not the wildcard) + && + || + if = 15
    assert found["Decisions.branches"].cyclomatic == 15
    # a partial function's case and its guard: 1 + 2
    assert found["Decisions.partial"].cyclomatic == 3
    # lambdas are not functions: 1 + their two ifs
    assert found["Decisions.lambdas"].cyclomatic == 3


def test_nesting_and_bumps() -> None:
    found = functions("Nesting.scala")
    deep = found["Nesting.deep"]
    # if > for > while: 3; the match in the else is 2; one chunk: one bump;
    # 1 + if + for + while + else if + case 0 = 6
    assert (deep.nesting, deep.bumps, deep.cyclomatic) == (3, 1, 6)
    bumps = found["Nesting.bumps"]
    # if > if (2): a bump; the for (1) is not; try > while (2): a bump;
    # 1 + if + if + for + while + catch + its case = 7
    assert (bumps.nesting, bumps.bumps, bumps.cyclomatic) == (2, 2, 7)
    chain = found["Nesting.elseIfChain"]
    # if / else if / else if / else: every branch at depth 1 (no deeper); 1 + if + 2 * else if = 4
    assert (chain.nesting, chain.bumps, chain.cyclomatic) == (1, 0, 4)


def test_complex_conditionals() -> None:
    [check] = facts("Conditionals.scala").functions
    # the if's `&& ||` and the case guard's `&& &&`; not the while's single &&, nor the
    # value of y (not a branch condition)
    assert check.complex_conditionals == 2
    # 1 + if + && + || + while + && + && + || + case + guard + && + && = 12
    assert check.cyclomatic == 12


def test_parameters() -> None:
    counts = {f.name: f.parameters for f in facts("Parameters.scala").functions}
    # `rest: Int*` counts; only the first parameter list of a curried def counts
    assert counts == {
        "Parameters.this": 2,
        "Parameters.none": 0,
        "Parameters.three": 3,
        "Parameters.curried": 1,
        "Parameters.noList": 0,
    }


def test_variables() -> None:
    [locals_] = facts("Variables.scala").functions
    # a, b, c, d (a tuple pattern), x (for), e (in a lambda, which is not a function)
    assert locals_.variables == 6


def test_cohesion_is_not_judged() -> None:
    # Properties are read without `this` (a query cannot tell them from locals): the
    # query file says `cohesion = false`, so no class is judged, though methods are still
    # qualified by their class
    found = facts("Cohesion.scala")
    assert found.classes == ()
    assert any(f.name.startswith("Account.") for f in found.functions)


def test_global_nesting_of_a_script() -> None:
    found = facts("script.sc")
    assert found.global_nesting == 3  # if > for > if at the top of a worksheet
    [twice] = found.functions
    assert (twice.name, twice.cyclomatic) == ("twice", 2)


def test_syntax_error_keeps_the_recovered_functions() -> None:
    found = functions("SyntaxError.scala")
    # `val x =` has no value; every method is still read
    assert list(found) == ["Broken.good", "Broken.bad", "Broken.alsoGood"]
    assert found["Broken.good"].cyclomatic == 2
    assert found["Broken.alsoGood"].cyclomatic == 2

"""PHP functions and biomarkers, worked out by hand on tests/data/syntax/php/."""

from __future__ import annotations

from mining.syntax.reading import reader
from techlead.mining.syntax.engine import FunctionFacts

facts = reader("PHP", "php")


def functions(name: str) -> dict[str, FunctionFacts]:
    return {f.name: f for f in facts(name).functions}


def test_decisions() -> None:
    found = functions("decisions.php")
    assert list(found) == [
        "Decisions.straight",
        "Decisions.branches",
        "Decisions.words",
        "Decisions.closures",
        "Decisions.nullable",
        "helper",
    ]
    assert found["Decisions.straight"].cyclomatic == 1
    # 1 + if + elseif + else if + for + foreach + while + do-while + case 1 + case 2
    # + catch + catch (finally is not counted) + ?: + short ?: + ?? + two match arms
    # (`1, 2 =>` is one; default is not counted) + && + || = 19
    assert found["Decisions.branches"].cyclomatic == 19
    assert found["Decisions.words"].cyclomatic == 3  # 1 + and + or (xor does not short-circuit)
    # closures and arrow functions are not functions: 1 + their ?: and &&
    assert found["Decisions.closures"].cyclomatic == 3
    assert found["Decisions.nullable"].cyclomatic == 1  # `?int` is a type, not a decision
    assert found["helper"].cyclomatic == 2


def test_nesting_and_bumps() -> None:
    found = functions("nesting.php")
    deep = found["deep"]
    # if > foreach > while: 3; the if in the else is 2; one chunk: one bump;
    # 1 + if + foreach + while + elseif + if = 6
    assert (deep.nesting, deep.bumps, deep.cyclomatic) == (3, 1, 6)
    bumps = found["bumps"]
    # if > if (2): a bump; the for (1) is not; try > switch (2): a bump
    assert (bumps.nesting, bumps.bumps) == (2, 2)
    chain = found["else_if_chain"]
    # if / else if / else if / else: `else if` continues the if at depth 1; 1 + 3 ifs
    assert (chain.nesting, chain.bumps, chain.cyclomatic) == (1, 0, 4)


def test_complex_conditionals() -> None:
    [check] = facts("conditionals.php").functions
    # the if's `&& ||` and the ternary's `&& &&`; not the while's single `and`, nor the
    # assignment to $y (not a branch condition)
    assert check.complex_conditionals == 2
    # 1 + if + && + || + while + and + ?: + && + && + && + || = 11
    assert check.cyclomatic == 11


def test_parameters() -> None:
    counts = {f.name: f.parameters for f in facts("parameters.php").functions}
    # promoted constructor parameters, nullable and variadic ones and references count
    assert counts == {
        "Parameters.__construct": 2,
        "Parameters.none": 0,
        "Parameters.three": 3,
        "Parameters.byReference": 2,
    }


def test_variables() -> None:
    [locals_] = facts("variables.php").functions
    # $a, $b, $c (chained), $d, $e ([...] =), $f, $g (list() =), $key, $value, $item
    # (foreach), $h (=&), $i (for); `$list[0] =` binds no name
    assert locals_.variables == 12


def test_cohesion() -> None:
    classes = {c.name: c for c in facts("cohesion.php").classes}
    # __construct is left out; deposit and balance share $this->balance; greeting calls
    # $this->ownerName(); remake calls self::make(): {deposit, balance},
    # {ownerName, greeting}, {make, remake}
    assert (classes["Account"].methods, classes["Account"].lcom4) == (6, 3)
    # a trait's methods: one calls $this?->two()
    assert (classes["Helpers"].methods, classes["Helpers"].lcom4) == (2, 1)
    # the interface's area() has no body: not a function, no methods
    assert "Shape" not in classes


def test_global_nesting_of_an_html_template() -> None:
    found = facts("template.php")
    # if: > foreach: > if: in the alternative syntax, between HTML text
    assert found.global_nesting == 3
    [render] = found.functions
    assert (render.name, render.cyclomatic) == ("render", 2)  # 1 + ??


def test_syntax_error_keeps_the_recovered_functions() -> None:
    found = functions("syntax_error.php")
    # bad's body is broken; the methods around it, and bad itself, are still read
    assert list(found) == ["Broken.good", "Broken.bad", "Broken.alsoGood"]
    assert found["Broken.good"].cyclomatic == 2
    assert found["Broken.alsoGood"].cyclomatic == 2

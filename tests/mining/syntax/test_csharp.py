"""C# functions and biomarkers, worked out by hand on tests/data/syntax/csharp/."""

from __future__ import annotations

from mining.syntax.reading import reader
from techlead.mining.syntax.engine import FunctionFacts

facts = reader("C#", "csharp")


def functions(name: str) -> dict[str, FunctionFacts]:
    return {f.name: f for f in facts(name).functions}


def test_decisions() -> None:
    found = functions("decisions.cs")
    assert list(found) == [
        "Decisions.Straight",
        "Decisions.Branches",
        "Decisions.Nullable",
        "Decisions.WithLambda",
        "Decisions.get",  # the accessor of Abs, named by its keyword
        "Decisions.Sign",  # an expression-bodied property
    ]
    assert found["Decisions.Straight"].cyclomatic == 1
    # 1 + if + else if + for + foreach + while + do-while + case 1 + case 2 (default is not
    # counted) + catch + ?: + ?? + ?. + two switch-expression arms (not the discard `_`)
    # + && + || + ?: = 18
    assert found["Decisions.Branches"].cyclomatic == 18
    # 1 + ??; the `?` of `int?` is a type, not a decision
    assert found["Decisions.Nullable"].cyclomatic == 2
    # 1 + the lambda's ?: (a lambda is not a function: its decisions are the method's)
    assert found["Decisions.WithLambda"].cyclomatic == 2
    assert found["Decisions.get"].cyclomatic == 2  # 1 + if
    assert found["Decisions.Sign"].cyclomatic == 2  # 1 + ?:


def test_nesting_and_bumps() -> None:
    found = functions("nesting.cs")
    deep = found["Nesting.Deep"]
    # if > foreach > while: 3; the else-if continues the if (depth 1), the if inside its
    # else is 2; the whole if/else-if/else is one chunk nested 2 or more deep: one bump
    assert (deep.nesting, deep.bumps) == (3, 1)
    bumps = found["Nesting.Bumps"]
    # if > if (2) is a bump, the for (1) is not, using > lock (2) is: 2 bumps, depth 2
    assert (bumps.nesting, bumps.bumps) == (2, 2)
    chain = found["Nesting.ElseIfChain"]
    # if / else if / else if / else: every branch at depth 1; 1 + 3 ifs
    assert (chain.nesting, chain.bumps, chain.cyclomatic) == (1, 0, 4)


def test_complex_conditionals() -> None:
    [check] = facts("conditionals.cs").functions
    # `a > 0 && b > 0 || c > 0` in the if (2 operators) and `(a > 0 && b > 0 && c > 0)` in
    # the ternary (2) are complex; the while's single && is not, nor the assignment to y
    # (not a branch condition)
    assert check.complex_conditionals == 2
    # 1 + if + && + || + while + && + ?: + && + && + && + || = 11
    assert check.cyclomatic == 11


def test_parameters() -> None:
    found = functions("parameters.cs")
    counts = {name: f.parameters for name, f in found.items()}
    # `params int[] rest` counts once; ref/out/in parameters count; the operator is named +
    assert counts == {
        "Parameters.Parameters": 0,
        "Parameters.None": 0,
        "Parameters.Three": 3,
        "Parameters.Modifiers": 4,
        "Parameters.+": 2,
    }


def test_variables() -> None:
    [locals_] = facts("variables.cs").functions
    # a, b, c (declared; `c = a + b` binds no new name), x (foreach), i (for),
    # parsed (out var), a2, p, q (deconstruction), all (`is int[] all`); the field is not a
    # local
    assert locals_.variables == 10


def test_cohesion() -> None:
    classes = {c.name: c for c in facts("cohesion.cs").classes}
    # Cohesive: the constructor (named like its class) is left out; Add and Count share
    # _count, Total uses this.total and Both calls Total; Alone touches no state and is
    # left out: {Add, Count}, {Total, Both}
    assert (classes["Cohesive"].methods, classes["Cohesive"].lcom4) == (4, 2)
    # Point: Sum calls X and Y: one group
    assert (classes["Point"].methods, classes["Point"].lcom4) == (3, 1)
    # IShape's Area has no body: not a function, so the interface has no methods
    assert "IShape" not in classes


def test_global_nesting_of_top_level_statements() -> None:
    found = facts("toplevel.cs")
    assert found.global_nesting == 2  # if > foreach outside every function
    [twice] = found.functions
    assert (twice.name, twice.cyclomatic) == ("Twice", 2)  # a top-level local function


def test_syntax_error_keeps_the_recovered_functions() -> None:
    found = functions("syntax_error.cs")
    # `Bad(` is broken; the methods before and after it are still read (AlsoGood loses its
    # class: the recovered tree closes Broken at the error)
    assert found["Broken.Good"].cyclomatic == 2
    assert found["AlsoGood"].cyclomatic == 2

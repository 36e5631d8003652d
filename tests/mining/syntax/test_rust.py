"""Rust functions and biomarkers, worked out by hand on tests/data/syntax/rust/."""

from __future__ import annotations

from mining.syntax.reading import reader
from techlead.mining.syntax.engine import FunctionFacts

facts = reader("Rust", "rust")


def functions(name: str) -> dict[str, FunctionFacts]:
    return {f.name: f for f in facts(name).functions}


def test_decisions() -> None:
    found = functions("decisions.rs")
    assert list(found) == [
        "Decisions.straight",
        "Decisions.branches",
        "Decisions.closures",
        "Decisions.generic",
        "Decisions.in_macro",
    ]
    assert found["Decisions.straight"].cyclomatic == 1
    # 1 + if + else if + if let + for + while + while let (loop is not counted) + the two
    # match arms after the first + the guard `if n > 10` + let-else + ? + && + || + if = 15
    assert found["Decisions.branches"].cyclomatic == 15
    # closures are not functions: 1 + their two ifs
    assert found["Decisions.closures"].cyclomatic == 3
    assert found["Decisions.generic"].cyclomatic == 1  # `where` is a bound, no branch
    # a macro's arguments are a token tree: the && and the if inside are not seen
    assert found["Decisions.in_macro"].cyclomatic == 1
    # b, text (if let), x (for), y (while let), first (let-else), parsed
    assert found["Decisions.branches"].variables == 6


def test_nesting_and_bumps() -> None:
    found = functions("nesting.rs")
    deep = found["deep"]
    # if > for > while: 3; the match in the else is 2; one chunk: one bump;
    # 1 + if + for + while + else if + the second arm = 6
    assert (deep.nesting, deep.bumps, deep.cyclomatic) == (3, 1, 6)
    bumps = found["bumps"]
    # if > if (2): a bump; the for (1) is not; loop > while (2): a bump;
    # 1 + if + if + for + while = 5
    assert (bumps.nesting, bumps.bumps, bumps.cyclomatic) == (2, 2, 5)
    chain = found["else_if_chain"]
    # if / else if / else if / else: every branch at depth 1 (no deeper); 1 + if + 2 * else if = 4
    assert (chain.nesting, chain.bumps, chain.cyclomatic) == (1, 0, 4)


def test_complex_conditionals() -> None:
    [check] = facts("conditionals.rs").functions
    # the if's `&& ||` and the match guard's `&& &&`; not the while's single &&, nor the
    # value of y (not a branch condition)
    assert check.complex_conditionals == 2
    # 1 + if + && + || + while + && + && + || + the second arm + guard + && + && = 12
    assert check.cyclomatic == 12


def test_parameters() -> None:
    counts = {f.name: f.parameters for f in facts("parameters.rs").functions}
    # self counts (as in Python and lizard); an attribute on a parameter does not; a
    # destructuring pattern is one parameter
    assert counts == {
        "Parameters.new": 0,
        "Parameters.none": 1,
        "Parameters.three": 3,
        "Parameters.patterns": 2,
    }


def test_variables() -> None:
    [locals_] = facts("variables.rs").functions
    # a, b (`b = a + b` binds no new name), c, d, x, k, v, t (if let), e (in a closure,
    # which is not a function); the closure's `item` is a parameter
    assert locals_.variables == 9


def test_cohesion() -> None:
    classes = [(c.name, c.start_line, c.methods, c.lcom4) for c in facts("cohesion.rs").classes]
    # impl Account: new is left out; deposit and current share self.balance; greeting's
    # call of self.owner_name() is inside format!(...), a token tree, so it links nothing;
    # summary calls self.greeting(); zero calls Self::default_balance():
    # {deposit, current}, {owner_name}, {greeting, summary}, {zero, default_balance}.
    # Each impl block is measured apart. The Display impl's fmt and the trait's describe
    # use self only inside write!/format! (token trees): touching no state a query sees,
    # they are left out, and a class with no such method is not judged
    assert classes == [("Account", 6, 7, 4)]


def test_syntax_error_keeps_the_recovered_functions() -> None:
    found = functions("syntax_error.rs")
    # `let x = ;` has no value; every function is still read
    assert list(found) == ["good", "bad", "also_good"]
    assert found["good"].cyclomatic == 2
    assert found["also_good"].cyclomatic == 2

"""Ruby functions and biomarkers, worked out by hand on tests/data/syntax/ruby/."""

from __future__ import annotations

from mining.syntax.reading import reader
from techlead.mining.syntax.engine import FunctionFacts

facts = reader("Ruby", "ruby")


def functions(name: str) -> dict[str, FunctionFacts]:
    return {f.name: f for f in facts(name).functions}


def test_decisions() -> None:
    found = functions("decisions.rb")
    assert list(found) == [
        "Decisions.straight",
        "Decisions.branches",
        "Decisions.words",
        "Decisions.blocks",
        "Decisions.patterns",
        "Decisions.create",  # def self.create
    ]
    assert found["Decisions.straight"].cyclomatic == 1
    # 1 + if + elsif + unless + while + until + for + when (`when 1, 2` is one) + when
    # + rescue + rescue (ensure always runs: not counted) + ?: + modifier if + modifier
    # unless + modifier while + ||= + && + || = 18
    assert found["Decisions.branches"].cyclomatic == 18
    assert found["Decisions.words"].cyclomatic == 3  # 1 + and + or (`not` is no branch)
    # 1 + the blocks' modifier if and ?: (a block is not a function)
    assert found["Decisions.blocks"].cyclomatic == 3
    assert found["Decisions.patterns"].cyclomatic == 3  # 1 + two `in` clauses
    assert found["Decisions.create"].cyclomatic == 2


def test_nesting_and_bumps() -> None:
    found = functions("nesting.rb")
    deep = found["Nesting.deep"]
    # if > while (the `each do` block does not nest): 2; the case in the else is 2 as well;
    # one chunk (the if/elsif/else) nested 2 deep: one bump; 1 + if + elsif + while + when
    assert (deep.nesting, deep.bumps, deep.cyclomatic) == (2, 1, 5)
    bumps = found["Nesting.bumps"]
    # if > unless (2): a bump; the for (1) is not; begin > until (2): a bump
    assert (bumps.nesting, bumps.bumps) == (2, 2)
    chain = found["else_if_chain"]
    # if / elsif / elsif / else: every branch at depth 1 (no deeper); 1 + if + 2 * elsif = 4
    assert (chain.nesting, chain.bumps, chain.cyclomatic) == (1, 0, 4)


def test_complex_conditionals() -> None:
    [check] = facts("conditionals.rb").functions
    # complex: the if's `&& ||`, the ternary's `&& &&` and the modifier unless's `|| ||`;
    # not the while's single `and`, nor the assignment to y (not a branch condition)
    assert check.complex_conditionals == 3
    # 1 + if + && + || + while + and + ?: + && + && + unless + || + || + && + || = 14
    assert check.cyclomatic == 14


def test_parameters() -> None:
    counts = {f.name: f.parameters for f in facts("parameters.rb").functions}
    # a, b = 1, *rest, key:, opt: 2, **options, &block: 7
    assert counts == {"none": 0, "plain": 2, "all": 7, "no_parens": 2}


def test_variables() -> None:
    [locals_] = facts("variables.rb").functions
    # a, b, c (multiple assignment), d (||=), x (for), e, z (assigned in a block, which is
    # not a function); @field is an instance variable, y a block parameter
    assert locals_.variables == 7


def test_cohesion() -> None:
    classes = {c.name: c for c in facts("cohesion.rb").classes}
    # initialize is left out; deposit and balance share @balance; initials calls
    # owner_name() (which reads @owner); summary calls self.greeting; greeting's bare
    # `owner_name` (no receiver, no arguments) cannot be told from a local variable and links
    # nothing; alone touches no state and is left out: {deposit, balance},
    # {owner_name, initials}, {greeting, summary}
    assert (classes["Account"].methods, classes["Account"].lcom4) == (6, 3)
    # a module groups its methods too: one calls two(1)
    assert (classes["Helpers"].methods, classes["Helpers"].lcom4) == (2, 1)


def test_global_nesting_of_top_level_code() -> None:
    found = facts("toplevel.rb")
    assert found.global_nesting == 2  # if > unless (the each block does not nest)
    [helper] = found.functions
    assert (helper.name, helper.cyclomatic) == ("helper", 2)


def test_syntax_error_keeps_the_recovered_functions() -> None:
    found = functions("syntax_error.rb")
    # `def bad(` is broken; the methods around it are still read, outside their class
    assert found["good"].cyclomatic == 2
    assert found["also_good"].cyclomatic == 2  # 1 + modifier while

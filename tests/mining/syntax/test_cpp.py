"""C++ functions and biomarkers, worked out by hand on the files in tests/data/syntax/cpp/."""

from __future__ import annotations

from mining.syntax.reading import reader

facts = reader("C++", "cpp")


def test_members_free_functions_templates_and_operators_but_not_lambdas() -> None:
    names = [(f.name, f.start_line, f.end_line) for f in facts("decisions.cpp").functions]
    # methods defined in the class are qualified by it (namespaces are not); the one
    # defined outside keeps its written name; the lambda in total() is no function
    assert names == [
        ("Cart.Cart", 8, 8),
        ("Cart.~Cart", 9, 9),
        ("Cart.total", 11, 29),
        ("Cart::check", 37, 41),
        ("larger", 44, 46),
        ("operator==", 50, 50),
    ]


def test_cyclomatic_complexity_counts_lizards_tokens() -> None:
    found = facts("decisions.cpp").functions
    # total: 1 + the lambda's && + range-for + if + else-if + catch + catch(...) + ?: = 8
    # check: 1 + if + || + && = 4; larger: 1 + ?: = 2
    assert [f.cyclomatic for f in found] == [1, 1, 8, 4, 2, 1]
    assert [f.complex_conditionals for f in found] == [0, 0, 0, 1, 0, 0]


def test_parameters_variables_and_nesting() -> None:
    found = facts("decisions.cpp").functions
    assert [f.parameters for f in found] == [1, 0, 1, 1, 2, 2]
    total = found[2]
    # sum, cheap (the lambda's variable), price (the range-for's reference)
    assert total.variables == 3
    # range-for > if (the else-if stays at the if's depth): 2 deep, one chunk: one bump
    assert (total.nesting, total.bumps) == (2, 1)


def test_cohesion_through_this_members() -> None:
    # deposit/withdraw share this->balance; report calls this->describe(); bare() names
    # `balance` unqualified, so it touches no state a query sees and is left out, like the
    # constructor: 2 groups of 4
    [account] = facts("cohesion.cpp").classes
    assert (account.name, account.methods, account.lcom4) == ("Account", 4, 2)


def test_a_destructor_counts_in_cohesion_and_a_method_defined_outside_does_not() -> None:
    # Cart: total uses this->limit_; ~Cart touches no state and is left out (Cart::check is
    # defined outside the class body): 1 group of 1
    [cart] = facts("decisions.cpp").classes
    assert (cart.name, cart.methods, cart.lcom4) == ("Cart", 1, 1)


def test_a_syntax_error_keeps_the_functions_tree_sitter_recovers() -> None:
    found = facts("broken.cpp").functions
    # bad's missing `)` is repaired: all three come back (bad: 1 + if)
    assert [(f.name, f.cyclomatic) for f in found] == [
        ("good", 2),
        ("Broken.bad", 2),
        ("after", 2),
    ]

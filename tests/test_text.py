"""The counted nouns that explanations are written with."""

from __future__ import annotations

import doctest

import pytest

import keyaccount._text
from keyaccount._text import counted


@pytest.mark.parametrize(
    ("count", "noun", "plural", "text"),
    [
        (0, "conflict", None, "0 conflicts"),
        (1, "conflict", None, "1 conflict"),
        (2, "conflict", None, "2 conflicts"),
        (1, "person", "people", "1 person"),
        (5, "person", "people", "5 people"),
        (1, "distinct value", None, "1 distinct value"),
    ],
)
def test_a_noun_is_plural_unless_there_is_exactly_one(
    count: int, noun: str, plural: str | None, text: str
) -> None:
    assert counted(count, noun, plural) == text


def test_the_examples_in_the_docstring_hold() -> None:
    assert doctest.testmod(keyaccount._text).failed == 0

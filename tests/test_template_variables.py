"""The template's variables, the context the code builds and templates/variables.yaml agree, both ways."""

from __future__ import annotations

import yaml

from generator import drafting, sources
from generator.context import build_context
from generator.render import template_variables
from generator.variables import OWN_TEMPLATE_PARTS, figure_variables, known_variables, variables_yaml
from helpers import EXAMPLE, ROOT

VARIABLES_FILE = ROOT / "templates" / "variables.yaml"
LISTED = yaml.safe_load(VARIABLES_FILE.read_text(encoding="utf-8"))


def test_the_checked_in_variable_list_is_what_the_catalogue_gives():
    assert VARIABLES_FILE.read_text(encoding="utf-8") == variables_yaml(), "run: make template"
    assert LISTED == known_variables()


def test_template_uses_only_listed_variables_and_every_one_but_the_parts_of_comparisons():
    used = template_variables(drafting.DEFAULT_TEMPLATE)
    assert used - set(LISTED) == set(), "used in the template but not listed"
    # Unused: the figures' own variables (amount, clause and parts; the template writes most through
    # composed sentences) and the pieces of those sentences offered to an office's own template.
    assert set(LISTED) - used - set(figure_variables()) == OWN_TEMPLATE_PARTS, "listed but not used in the template"
    assert used & OWN_TEMPLATE_PARTS == set()


def test_context_provides_exactly_the_listed_variables(book):
    context = build_context(sources.load_budget(EXAMPLE).budget, book)
    assert set(context) - set(LISTED) == set(), "built by the code but not listed"
    assert set(LISTED) - set(context) == set(), "listed but not built by the code"


def test_every_listed_variable_has_a_chinese_meaning():
    for key, meaning in LISTED.items():
        assert key.isascii() and key == key.lower() and " " not in key, key
        assert isinstance(meaning, str) and any("\u4e00" <= ch <= "\u9fff" for ch in meaning), key


def test_context_holds_only_text_and_lists_of_text(book):
    context = build_context(sources.load_budget(EXAMPLE).budget, book)
    for key, value in context.items():
        if isinstance(value, list):
            assert all(isinstance(v, str) for item in value for v in item.values()), key
        else:
            assert isinstance(value, str), key

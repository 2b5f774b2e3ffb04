"""The model's token joining rules (sources.md §4.3), speaker labels and frozen tokens."""

from __future__ import annotations

import pytest

from transconv.model import PUNCT, SPACE, SPACE_TOKEN, TAG, WORD, Speaker, Token, join_tokens


def test_words_get_one_space_and_punctuation_attaches() -> None:
    tokens = [Token(WORD, "Hello"), Token(PUNCT, ","), Token(WORD, "world"), Token(PUNCT, ".")]
    assert join_tokens(tokens) == "Hello,world."  # Rev.ai carries its spaces explicitly
    tokens = [Token(WORD, "Hello,"), Token(WORD, "world.")]
    assert join_tokens(tokens) == "Hello, world."


def test_explicit_spaces_are_kept_once() -> None:
    tokens = [Token(WORD, "Hello"), Token(SPACE, " "), Token(WORD, "there"), Token(SPACE, "  "),
              Token(PUNCT, "?")]
    assert join_tokens(tokens) == "Hello there ?"


def test_tags_render_in_brackets_with_spaces() -> None:
    tokens = [Token(WORD, "Mostly"), Token(TAG, "crosstalk"), Token(WORD, "then")]
    assert join_tokens(tokens) == "Mostly [crosstalk] then"


def test_no_space_after_opening_or_before_closing() -> None:
    tokens = [Token(WORD, "said"), Token(WORD, "“"), Token(WORD, "yes"), Token(WORD, "”")]
    assert join_tokens(tokens) == "said “yes”"


def test_speaker_label_concatenates_verbatim_then_collapses() -> None:
    assert Speaker("1", "Alice Martin", "Dr. ", "").label == "Dr. Alice Martin"
    assert Speaker("2", "Bob", "", " (guest)").label == "Bob (guest)"
    assert Speaker("3", "  Ann  ", "Ms.", "").label == "Ms. Ann"


@pytest.mark.parametrize(("prefix", "name", "suffix", "label"), [
    ("Dr.", "Ana Souza", "PhD", "Dr. Ana Souza PhD"),
    ("Mr. ", "Reyes", "", "Mr. Reyes"),
    ("", "Lena Vogt", ", Esq.", "Lena Vogt, Esq."),
    ("", "Zoë", " (guest)", "Zoë (guest)"),
    ("(", "Bob", ")", "(Bob)"),
    ("Dr.", "", "", "Dr."),
])
def test_speaker_label_joins_its_parts_with_one_space(prefix: str, name: str, suffix: str,
                                                      label: str) -> None:
    assert Speaker("1", name, prefix, suffix).label == label


def test_tokens_are_frozen_values() -> None:
    """Tokens are shared (SPACE_TOKEN, copies of a turn): none may be changed in place."""
    token = Token(WORD, "yes", 100, 200, 0.9)
    for name, value in (("kind", TAG), ("text", "no"), ("start", 0), ("end", 0),
                        ("confidence", None)):
        with pytest.raises(AttributeError):
            setattr(token, name, value)
    assert token == Token(WORD, "yes", 100, 200, 0.9)
    with pytest.raises(AttributeError):
        SPACE_TOKEN.start = 0  # type: ignore[misc]
    assert hash(token) == hash(Token(WORD, "yes", 100, 200, 0.9))

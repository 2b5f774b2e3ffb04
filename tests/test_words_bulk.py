"""``TurnBuilder.words`` (a whole list of words at once) builds exactly what ``word`` called
for each word builds: the same turns, tokens, speakers and times."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from transconv.words import TurnBuilder

TEXTS = st.sampled_from(["Hello,", "world.", "café", "cafe\u0301", "", " ", "two words",
                         "tab\tin", "x\x07", "Zoë", "-", "ok"])
WORD = st.tuples(TEXTS, st.none() | st.integers(0, 10_000), st.none() | st.integers(0, 10_000),
                 st.none() | st.floats(0, 1), st.sampled_from([None, "A", "B"]))


def built(calls: list[tuple[str, list[tuple[str, int | None, int | None, float | None,
                                                 str | None]]]], bulk: bool) -> object:
    builder = TurnBuilder()
    for kind, words in calls:
        if kind == "close":
            builder.close()
        elif kind == "punct":
            builder.punct("(", "next")
        elif bulk:
            builder.words([w[0] for w in words], [w[1] for w in words], [w[2] for w in words],
                          [w[3] for w in words], [w[4] for w in words])
        else:
            for word in words:
                builder.word(*word)
    return repr(builder.build())


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["words", "words", "close", "punct"]),
                          st.lists(WORD, max_size=12)), max_size=6))
def test_bulk_is_word_by_word(calls: list[tuple[str, list[tuple[str, int | None, int | None,
                                                                float | None, str | None]]]]
                              ) -> None:
    assert built(calls, bulk=True) == built(calls, bulk=False)


def test_bulk_keeps_runs_of_speakers() -> None:
    builder = TurnBuilder()
    builder.words(["Hi", "there.", "Yes."], [0, 300, 900], [250, 700, 1200], [0.9, 0.8, 0.7],
                  ["A", "A", "B"])
    builder.words(["Good."], [1300], [1600], [None], ["B"])
    turns = builder.build().turns
    assert [(t.speaker, [(w.text, w.start, w.end) for w in t.tokens]) for t in turns] == [
        ("A", [("Hi", 0, 250), ("there.", 300, 700)]),
        ("B", [("Yes.", 900, 1200), ("Good.", 1300, 1600)])]


def test_percentages_are_rescaled_whichever_way_the_words_came() -> None:
    from transconv.words import TurnBuilder

    one, bulk = TurnBuilder(), TurnBuilder()
    for text, start, end, score in (("a", 0, 100, 95.0), ("b", 100, 200, None)):
        one.word(text, start, end, score, "1")
    bulk.words(["a", "b"], [0, 100], [100, 200], [95.0, None], ["1", "1"])
    for builder in (one, bulk):
        assert [t.confidence for t in builder.build().tokens()] == [0.95, None]

"""The document-level parts of a Rev file: the speaker table, speaker labels, annotations.

Split from :mod:`.rev` so that module is the element loop (the hot path) and the assembly.
"""

from __future__ import annotations

from ..errors import InvalidInput
from ..model import Annotation, Speaker
from .common import ReadOptions, items, key_value, mapping, stamp, text_value, warn
from .rev_schema import Monologue
from .text import clean
from .timeparse import TimeParseError, parse_time


def speaker_table(value: object, source: str) -> dict[str, Speaker]:
    """``speakers[]`` by id (compared as strings); the first entry with a name wins.

    ``prefix``/``suffix`` are not Rev's: our Rev JSON writer adds them so that a
    SmartDocumentor speaker's decorations survive a round trip; they are kept verbatim.
    """
    table: dict[str, Speaker] = {}
    for index, entry in enumerate(items(value, "speakers")):
        if entry is None:
            continue
        where = f"speakers[{index}]"
        entry = mapping(entry, where)
        key = key_value(entry.get("id"), f"{where}.id")
        if key is None:
            warn(source, where, "speaker without an id ignored")
            continue
        if key in table and table[key].name:
            continue
        table[key] = Speaker(key, " ".join(text_value(entry.get("name"), f"{where}.name").split()),
                             text_value(entry.get("prefix"), f"{where}.prefix"),
                             text_value(entry.get("suffix"), f"{where}.suffix"))
    return table


def resolve_label(mono: Monologue, key: str, table: dict[str, Speaker],
                   where: str) -> tuple[int, str]:
    """(rank, label) by the §4.2 order; a lower rank is a more authoritative name."""
    info = mono.speaker_info
    if isinstance(info, dict):
        display = info.get("display_name")
        if isinstance(display, str) and display.strip():
            return 0, clean(display.strip())
    name = mono.speaker_name
    if name is not None:
        label = text_value(name, f"{where}.speaker_name").strip()
        if label:
            return 1, label
    listed = table.get(key)
    if listed is not None and listed.name:
        return 2, listed.name
    return 3, f"Speaker {key}"


def speaker_key(mono: Monologue, where: str) -> str | None:
    """The monologue's speaker id; without one, Rev.ai's ``speaker_info.id``; else unknown."""
    key = key_value(mono.speaker, f"{where}.speaker")
    if key is None:
        info = mono.speaker_info
        if isinstance(info, dict):
            key = key_value(info.get("id"), f"{where}.speaker_info.id")
    return key


def time_of(value: object, field: str, where: str, options: ReadOptions) -> int | None:
    """``value`` (the ``field`` of the object at ``where``) in milliseconds."""
    try:
        return parse_time(value, "s", options.rate)
    except TimeParseError as exc:
        raise InvalidInput(str(exc), where=f"{where}.{field}" if where else field) from None


def read_annotations(value: object, options: ReadOptions) -> list[Annotation]:
    """Our Rev JSON writer's ``annotations`` (id, text, timestamp, end_timestamp, audit)."""
    notes = []
    for index, entry in enumerate(items(value, "annotations")):
        if entry is None:
            continue
        where = f"annotations[{index}]"
        entry = mapping(entry, where)
        notes.append(Annotation(
            key_value(entry.get("id"), f"{where}.id") or f"#{index}",
            text_value(entry.get("text"), f"{where}.text"),
            time_of(entry.get("timestamp"), "timestamp", where, options),
            time_of(entry.get("end_timestamp"), "end_timestamp", where, options),
            stamp(entry.get("author")), stamp(entry.get("created")),
            stamp(entry.get("modified"))))
    return notes

"""The plain TTML writer: the whole ``<tt>`` tree built with lxml and serialised once.

The reference version of :func:`transconv.formats.ttml.document_text`, which writes the
paragraphs as text for speed; the tests require the two to agree character for character.
"""

from __future__ import annotations

from typing import Any

from lxml import etree

from transconv.formats.ttml import TTML1, Namespaces, Profile, _merge_simultaneous, _shell, clock
from transconv.model import Cue


def build_document(
    track: Any,
    cues: list[Cue],
    *,
    namespaces: Namespaces = TTML1,
    profile: Profile = "ttml1",
    styling: bool = True,
    notes: bool = True,
    max_lines: int = 2,
) -> etree._Element:
    """The whole ``<tt>`` tree for ``cues``, built once (see :func:`_shell` for the options)."""
    root, ids = _shell(track, cues, namespaces=namespaces, profile=profile,
                       styling=styling, notes=notes, max_lines=max_lines)
    div = root[-1][0]
    tt, ttm = f"{{{namespaces.tt}}}", f"{{{namespaces.ttm}}}"
    p_tag, br_tag, agent_attr = f"{tt}p", f"{tt}br", f"{ttm}agent"
    sub = etree.SubElement
    for start, end, lines, speakers, attrs in _merge_simultaneous(cues, styling):
        p = sub(div, p_tag, begin=clock(start), end=clock(end))
        if speakers:
            p.set(agent_attr, " ".join(ids[s] for s in speakers))
        for name, value in attrs:
            p.set(f"{{{namespaces.tts}}}{name[4:]}" if name.startswith("tts:") else name, value)
        p.text = lines[0]
        for line in lines[1:]:
            sub(p, br_tag).tail = line
    return root

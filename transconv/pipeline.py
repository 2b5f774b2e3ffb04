"""The one caption pipeline: fold to the format's repertoire → lay out → (the writer renders).

Every caption format goes through :func:`caption_track`, so every caption format gets the
same cues for the same rules, and no writer segments, folds or re-wraps on its own:

1. **Fold** the document's words and speaker names into the format's repertoire
   (:mod:`transconv.text.repertoire`) as they are laid out, so what is measured is what
   will be written;
2. **Lay out**: a transcript is cut into cues by the segmenter; a caption track keeps its
   cues and times and is re-broken only where the format's lines are narrower
   (:mod:`transconv.segment.relayout`), unless ``resegment`` rebuilds cues from its words;
3. the writer **renders** the track and encodes it (its own module).

A name shortened to fit a line ends in the style's ellipsis; a repertoire without ``…``
plans it as ``...``, the width it will be written at.
"""

from __future__ import annotations

import dataclasses

from .model import CaptionTrack, Document, Transcript
from .notices import logger
from .segment import CaptionStyle, plain_ellipsis, segment
from .text.repertoire import Folder, Repertoire

log = logger(__name__)


def style_for(style: CaptionStyle, repertoire: Repertoire) -> CaptionStyle:
    """``style`` as the repertoire can show it: its ellipsis in native characters."""
    if repertoire.carries(style.ellipsis):
        return style
    planned = plain_ellipsis(style)
    if repertoire.carries(planned.ellipsis):
        return planned
    folded = Folder(repertoire).fold(planned.ellipsis)
    return dataclasses.replace(planned, ellipsis=folded or ".")


def caption_track(document: Document, repertoire: Repertoire, style: CaptionStyle,
                  *, resegment: bool = False, voices: bool = False) -> CaptionTrack:
    """``document`` as cues that fit ``style`` and carry only the repertoire's characters.

    ``voices``: the format carries each cue's speaker apart from its text (WebVTT, TTML);
    otherwise a track's speaker changes that its text does not show get the style's marker.

    Raises :class:`~transconv.errors.MissingTiming` for a transcript without times.
    """
    if isinstance(document, CaptionTrack):
        from .segment.relayout import relayout, transcript_of

        if resegment:
            document = transcript_of(document)
        else:
            folder = None if repertoire.lossless else Folder(repertoire)
            track = relayout(document, style_for(style, repertoire), folder,
                             mark_speakers=not voices)
            if folder is not None:
                _warn(repertoire, folder)
            return track
    transcript: Transcript = document
    folder = None if repertoire.lossless else Folder(repertoire)
    cues = segment(transcript, style_for(style, repertoire), folder)
    if folder is not None:
        _warn(repertoire, folder)
    return CaptionTrack.of(transcript, cues)


def _warn(repertoire: Repertoire, folder: Folder) -> None:
    count, sample = folder.unmapped()
    if count:
        shown = f"written as {repertoire.fallback!r}" if repertoire.fallback else "omitted"
        log.warning("%s has no form for %d character(s) (%s); %s", repertoire.name, count,
                    sample, shown)

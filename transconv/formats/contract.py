"""What a format module must provide, as Protocols: the registry types its modules by these.

A **transcript format**'s module (rev-json, txt, youtube, docx, pdf) is a
:class:`TranscriptWriter`: ``Options`` and ``write(transcript, options)``. A **caption
format**'s module is a :class:`CaptionWriter`: ``Options``, whose ``style`` holds the
segmentation rules, ``repertoire(options)``, the characters it can carry (the one caption
pipeline folds to them before layout), and ``render(track, options)``, which only renders the
cues the pipeline made. In both, ``Options`` is a frozen dataclass whose fields all have
defaults, so ``Options()`` is the format's documented default.

A module may also name its own output files by defining ``output_name(stem, document,
locale)`` (:class:`OutputName`); the batch reaches it through the registry entry
(:meth:`Format.output_name <transconv.formats.Format.output_name>`), so no caller names a
format (Facebook SRT takes the caption language into the file name).

mypy checks every module against its Protocol (:mod:`transconv.formats.conformance`) and
tests/test_registry.py checks every registry entry at run time. The registry imports this
module for type checking only: building the Protocols would cost every command's start-up.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, TypeVar

if TYPE_CHECKING:
    from ..model import CaptionTrack, Document, Transcript
    from ..segment import CaptionStyle
    from ..text.repertoire import Repertoire
    from . import Written


class Styled(Protocol):
    """Caption options: they carry the segmentation rules the caption pipeline applies."""

    @property
    def style(self) -> CaptionStyle: ...


OptionsT = TypeVar("OptionsT")
CaptionOptionsT = TypeVar("CaptionOptionsT", bound=Styled)


class TranscriptWriter(Protocol[OptionsT]):
    """A transcript format's module: it writes a transcript (a track's transcript view)."""

    @property
    def Options(self) -> type[OptionsT]: ...  # the module's class of that name

    def write(self, transcript: Transcript, options: OptionsT, /) -> Written: ...


class CaptionWriter(Protocol[CaptionOptionsT]):
    """A caption format's module: its repertoire, and the rendering of a finished track."""

    @property
    def Options(self) -> type[CaptionOptionsT]: ...

    def repertoire(self, options: CaptionOptionsT, /) -> Repertoire: ...

    def render(self, track: CaptionTrack, options: CaptionOptionsT, /) -> Written: ...


class OutputName(Protocol):
    """A module's optional ``output_name``: the file name for ``document`` in a folder,
    from the input's ``stem`` and the caller's ``locale`` (None: the document's language)."""

    def __call__(self, stem: str, document: Document, locale: str | None, /) -> str: ...

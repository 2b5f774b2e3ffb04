"""Facebook SRT: an ordinary SubRip body, named the way Facebook reads a caption's language.

Facebook takes the caption language from the upload's file name, ``<stem>.<ll>_<CC>.srt``
(``interview.en_US.srt``), and rejects a name it cannot read (Graph API error #385). The
content is plain SubRip, so :func:`render` *is* the SRT writer — it calls
:func:`transconv.formats.srt.render` with the same options, which keeps the two byte-identical
by construction (UTF-8, no BOM). Only the default differs: no styling tags and no
``{\\an}`` codes, which the SRT writer adds for a caption source's hints.

:func:`facebook_filename` turns a BCP 47 language (``en-US``, ``pt``, ``es-419``) or an
explicit Facebook locale (``es_LA``, which is not ISO) into that name; a bare language gets
its usual region from a small table. :func:`output_name` is the registry's naming hook
(:class:`~transconv.formats.contract.OutputName`): a batch written to a folder names the
file with it, from the document's language or ``--locale``. :func:`content_disposition`
builds the RFC 6266 header for serving the file, with an ASCII ``filename=`` fallback and
``filename*=UTF-8''…`` when the name is not ASCII.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from urllib.parse import quote

from ..errors import UsageError
from ..model import CaptionTrack, Document
from ..options import help_
from ..output import safe_stem
from ..text.repertoire import Repertoire
from . import srt

#: The region Facebook pairs with a bare language. Facebook's own non-ISO choices are kept
#: (Arabic is ``ar_AR``); Portuguese defaults to Brazil, its largest audience.
DEFAULT_REGION: dict[str, str] = {
    "af": "ZA", "ar": "AR", "bg": "BG", "bn": "IN", "ca": "ES", "cs": "CZ", "cy": "GB",
    "da": "DK", "de": "DE", "el": "GR", "en": "US", "es": "ES", "et": "EE", "eu": "ES",
    "fa": "IR", "fi": "FI", "fr": "FR", "ga": "IE", "gl": "ES", "gu": "IN", "he": "IL",
    "hi": "IN", "hr": "HR", "hu": "HU", "id": "ID", "is": "IS", "it": "IT", "ja": "JP",
    "ka": "GE", "kk": "KZ", "ko": "KR", "lt": "LT", "lv": "LV", "mk": "MK", "ml": "IN",
    "mr": "IN", "ms": "MY", "nb": "NO", "nl": "NL", "nn": "NO", "pa": "IN", "pl": "PL",
    "pt": "BR", "ro": "RO", "ru": "RU", "sk": "SK", "sl": "SI", "sq": "AL", "sr": "RS",
    "sv": "SE", "sw": "KE", "ta": "IN", "te": "IN", "th": "TH", "tl": "PH", "tr": "TR",
    "uk": "UA", "ur": "PK", "vi": "VN", "zh": "CN",
}
#: Language codes that Facebook spells differently (Norwegian is Bokmål, Filipino is tl).
_ALIASES = {"no": "nb", "iw": "he", "in": "id", "fil": "tl", "tgl": "tl"}
#: Script or numeric-region subtags that name a Facebook region for a language.
_SUBTAG_REGION = {("zh", "hant"): "TW", ("zh", "hans"): "CN", ("es", "419"): "LA"}
FALLBACK_LOCALE = "en_US"

_LOCALE = re.compile(r"^[a-z]{2}_[A-Z]{2}$")
_QUOTED_UNSAFE = re.compile(r'["\\\x00-\x1f\x7f]')


@dataclass(frozen=True, slots=True)
class Options(srt.Options):
    """The SubRip options (the locale belongs to the file name, not the body), with no
    styling by default: Facebook's caption upload documents plain SubRip text, and a tag
    or ``{\\an8}`` it does not read would show as text."""

    styling: bool = field(default=False, metadata=help_(
        "a source's placement and italics as SubRip tags (Facebook documents plain text)"))


def repertoire(options: Options) -> Repertoire:
    return srt.repertoire(options)


def render(track: CaptionTrack, options: Options) -> str:
    """The SubRip body, byte-identical to the srt writer's for the same options."""
    return srt.render(track, options)


def locale_for(language: str | None, locale: str | None = None) -> str:
    """Facebook's ``ll_CC`` locale from an explicit locale or a BCP 47 language tag.

    An explicit ``locale`` wins (``es_LA``, ``en-gb``); else ``language`` (``en``, ``pt-BR``,
    ``zh-Hant``, ``es-419``); with neither, ``en_US``. Raises UsageError when the value cannot
    be expressed as two lowercase letters, ``_`` and two uppercase letters.
    """
    if locale is not None and locale.strip():
        parts = re.split(r"[-_]", locale.strip())
        if len(parts) == 2:
            candidate = f"{_ALIASES.get(parts[0].lower(), parts[0].lower())}_{parts[1].upper()}"
            if _LOCALE.match(candidate):
                return candidate
        raise UsageError(f"locale {locale!r} is not of the form ll_CC (for example en_US)")
    subtags = [s.lower() for s in re.split(r"[-_]", language.strip()) if s] if language else []
    if not subtags:  # no tag, or only separators ("-"): nothing to derive a locale from
        return FALLBACK_LOCALE
    lang = _ALIASES.get(subtags[0], subtags[0])
    region = next((s.upper() for s in subtags[1:] if re.fullmatch(r"[a-z]{2}", s)), None)
    for sub in subtags[1:]:
        region = region or _SUBTAG_REGION.get((lang, sub))
    region = region or DEFAULT_REGION.get(lang)
    candidate = f"{lang}_{region}"
    if region is None or not _LOCALE.match(candidate):
        raise UsageError(
            f"cannot derive a Facebook locale from language {language!r}; pass a locale (en_US)"
        )
    return candidate


def facebook_filename(stem: str, language: str | None, locale: str | None = None) -> str:
    """``<stem>.<ll>_<CC>.srt``, the stem made safe to stand alone in a folder or a header.

    >>> facebook_filename("interview", "en")
    'interview.en_US.srt'
    """
    return f"{safe_stem(stem, fallback='video')}.{locale_for(language, locale)}.srt"


def output_name(stem: str, document: Document, locale: str | None) -> str:
    """The file's name in a folder: :func:`facebook_filename` of the document's language."""
    return facebook_filename(stem, document.language, locale)


def _ascii_fallback(filename: str) -> str:
    """An ASCII rendering of ``filename`` for the plain ``filename=`` parameter."""
    decomposed = unicodedata.normalize("NFKD", filename)
    ascii_only = "".join(
        c if c.isascii() else "_" for c in decomposed if not unicodedata.combining(c)
    )
    return _QUOTED_UNSAFE.sub("_", ascii_only)


def content_disposition(filename: str) -> str:
    """An RFC 6266 ``Content-Disposition`` value offering ``filename`` as a download.

    The quoted ``filename=`` is always ASCII (accents dropped, anything else ``_``, no quote or
    backslash); a non-ASCII name is also given exactly as ``filename*=UTF-8''`` with RFC 8187
    percent-encoding, which every current browser prefers.
    """
    fallback = _ascii_fallback(filename)
    value = f'attachment; filename="{fallback}"'
    if fallback != filename:
        value += f"; filename*=UTF-8''{quote(filename, safe='!#$&+-.^_`|~')}"
    return value

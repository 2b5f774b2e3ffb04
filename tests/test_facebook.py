"""Facebook SRT: the body is the srt writer's, byte for byte; names follow Facebook's locales."""

from __future__ import annotations

import re
from email.message import Message
from email.utils import collapse_rfc2231_value

import pytest

import transconv
from transconv.formats import facebook, get, srt
from transconv.model import Transcript
from transconv.segment import CaptionStyle

FACEBOOK_NAME = re.compile(r"^[^/\\]+\.[a-z]{2}_[A-Z]{2}\.srt$")


@pytest.mark.parametrize("options", [
    {},
    {"line_ending": "lf"},
    {"style": CaptionStyle(max_chars=32, max_lines=1, speaker_style="chevrons")},
])
def test_body_is_byte_identical_to_srt(transcript: Transcript, options: dict[str, object]) -> None:
    ours = get("facebook-srt").write(transcript, facebook.Options(**options))  # type: ignore[arg-type]
    theirs = get("srt").write(transcript, srt.Options(**options))  # type: ignore[arg-type]
    assert ours.encode("utf-8") == theirs.encode("utf-8")
    assert ours.startswith("1\r\n" if not options else "1")


def test_dumps_matches_srt_including_flat_options(transcript: Transcript) -> None:
    assert transconv.dumps(transcript, "facebook-srt") == transconv.dumps(transcript, "srt")
    fb = transconv.dumps(transcript, "facebook-srt", max_chars=30, line_ending="lf")
    assert fb == transconv.dumps(transcript, "srt", max_chars=30, line_ending="lf")
    assert not fb.startswith(b"\xef\xbb\xbf") and "Zoë Ångström".encode() in fb


@pytest.mark.parametrize(("stem", "language", "locale", "expected"), [
    ("interview", "en", None, "interview.en_US.srt"),
    ("interview", "en-US", None, "interview.en_US.srt"),
    ("nazev", "cs", None, "nazev.cs_CZ.srt"),
    ("test", "de-DE", None, "test.de_DE.srt"),
    ("talk", "en-gb", None, "talk.en_GB.srt"),
    ("talk", "pt", None, "talk.pt_BR.srt"),
    ("talk", "es-419", None, "talk.es_LA.srt"),
    ("talk", "zh-Hant", None, "talk.zh_TW.srt"),
    ("talk", "zh-Hant-HK", None, "talk.zh_HK.srt"),
    ("talk", "no", None, "talk.nb_NO.srt"),
    ("talk", "ar", None, "talk.ar_AR.srt"),
    ("talk", None, None, "talk.en_US.srt"),
    ("talk", "en", "es_LA", "talk.es_LA.srt"),
    ("talk", "fr", "fr-ca", "talk.fr_CA.srt"),
    ("../../etc/passwd", "fr", None, "_.._etc_passwd.fr_FR.srt"),
    ("a\\b:c", "it", None, "a_b_c.it_IT.srt"),
    ("", "ja", None, "video.ja_JP.srt"),
    ("Zoë interview", "fr", None, "Zoë interview.fr_FR.srt"),
])
def test_filename(stem: str, language: str | None, locale: str | None, expected: str) -> None:
    name = facebook.facebook_filename(stem, language, locale)
    assert name == expected
    assert FACEBOOK_NAME.match(name)


@pytest.mark.parametrize(("language", "locale"), [
    ("klingon", None), ("yue", None), ("en", "english"), ("en", "en_US_POSIX"), ("en", "e_US"),
])
def test_unusable_language_or_locale_is_a_usage_error(language: str, locale: str | None) -> None:
    with pytest.raises(transconv.UsageError):
        facebook.facebook_filename("x", language, locale)


def test_content_disposition_ascii() -> None:
    value = facebook.content_disposition("interview.en_US.srt")
    assert value == 'attachment; filename="interview.en_US.srt"'


def test_content_disposition_non_ascii_has_rfc6266_both_forms() -> None:
    value = facebook.content_disposition('Zoë "best" ∆.fr_FR.srt')
    assert value == ("attachment; filename=\"Zoe _best_ _.fr_FR.srt\"; "
                     "filename*=UTF-8''Zo%C3%AB%20%22best%22%20%E2%88%86.fr_FR.srt")
    assert value.isascii()
    message = Message()  # the standard library's RFC 2231 parameter decoder, as a second reader
    message["Content-Disposition"] = value
    params = message.get_params(header="content-disposition")
    assert params is not None and params[0] == ("attachment", "")
    plain = [v for k, v in params if k == "filename" and isinstance(v, str)]
    extended = [v for k, v in params if k == "filename" and isinstance(v, tuple)]
    assert plain == ["Zoe _best_ _.fr_FR.srt"]
    assert [collapse_rfc2231_value(v) for v in extended] == ['Zoë "best" ∆.fr_FR.srt']


def test_registry_entry() -> None:
    fmt = get("facebook-srt")
    assert fmt.media_type == "text/x-facebook-srt" and fmt.extension == ".srt"

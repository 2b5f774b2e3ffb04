"""English language names → ISO 639-1 codes (a data table).

The OpenAI API's Whisper reports ``"language": "english"`` where openai-whisper writes
``"en"``; these are the languages Whisper recognises, by the English name it uses, so both
spellings become the same tag.
"""

from __future__ import annotations

from typing import Final

_PAIRS = """
afrikaans af albanian sq amharic am arabic ar armenian hy assamese as azerbaijani az
bashkir ba basque eu belarusian be bengali bn bosnian bs breton br bulgarian bg burmese my
cantonese yue catalan ca chinese zh croatian hr czech cs danish da dutch nl english en
estonian et faroese fo finnish fi french fr galician gl georgian ka german de greek el
gujarati gu haitian_creole ht hausa ha hawaiian haw hebrew he hindi hi hungarian hu
icelandic is indonesian id italian it japanese ja javanese jw kannada kn kazakh kk khmer km
korean ko lao lo latin la latvian lv lingala ln lithuanian lt luxembourgish lb
macedonian mk malagasy mg malay ms malayalam ml maltese mt maori mi marathi mr mongolian mn
nepali ne norwegian no nynorsk nn occitan oc pashto ps persian fa polish pl portuguese pt
punjabi pa romanian ro russian ru sanskrit sa serbian sr shona sn sindhi sd sinhala si
slovak sk slovenian sl somali so spanish es sundanese su swahili sw swedish sv tagalog tl
tajik tg tamil ta tatar tt telugu te thai th tibetan bo turkish tr turkmen tk ukrainian uk
urdu ur uzbek uz vietnamese vi welsh cy yiddish yi yoruba yo
""".split()

#: ``"english"`` → ``"en"`` (keys case-folded; ``haitian creole`` with a space).
LANGUAGE_NAMES: Final[dict[str, str]] = {
    name.replace("_", " "): code for name, code in zip(_PAIRS[::2], _PAIRS[1::2], strict=True)}

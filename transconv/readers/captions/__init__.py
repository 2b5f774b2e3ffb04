"""Caption readers: one module per caption format, each building a caption track.

Every module here has ``read(text, options, source)`` (or ``read(raw, …)`` for a binary
format) returning a :class:`~transconv.model.CaptionTrack`, and ``sniff(head)`` judging the
first characters (or bytes) of an input, as the registry's reader entries name them. They
share :mod:`.cues` (collecting cues, speakers from the text, line-numbered errors) and
:mod:`.clock` (the clock times that SubRip, WebVTT and SubViewer write).
"""

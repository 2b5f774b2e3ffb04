"""Readers: source bytes → :class:`~transconv.model.Transcript`.

The shape (Rev / Rev.ai JSON or SmartDocumentor export) is detected from content; ``shape=``
overrides detection.
"""

"""Readers of speech-to-text services' responses, one module per service.

Each module reads one service's documented response as saved to a file (Whisper and its
offspring, Deepgram, AssemblyAI, AWS Transcribe, Google Cloud Speech-to-Text, Azure Speech,
Speechmatics) into the words of a :class:`transconv.words.TurnBuilder`, which makes the
turns and names the speakers alike for all of them; :mod:`.common` holds the per-word time,
label and language helpers. Each module's ``sniff`` claims only documents with keys no other
service (nor Rev or SmartDocumentor) writes, and its ``read`` says in one line when the file
is the service's error response rather than a transcript.
"""

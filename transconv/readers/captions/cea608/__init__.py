"""Reading CEA-608 (line 21) caption data: one decoder, two file formats.

SCC and MCC files do not hold captions; they hold the byte pairs a caption encoder sent,
frame by frame. :mod:`.decoder` replays them through a model of a 608 decoder (memories,
cursor, modes, four channels) and turns what the screen shows into cues;
:mod:`.scc` and :mod:`.mcc` only find the pairs and their frames in each file format.
The character tables are the writer's (:mod:`transconv.formats.cea608.tables`), inverted
in :mod:`.chars`, so reading and writing can never disagree on a code.
"""

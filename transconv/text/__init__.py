"""Text as the writers need it: line cleaning, the fold table and the encoder, charsets and
clock strings.

Every caption and transcript writer shares these; none keeps a private copy.
"""

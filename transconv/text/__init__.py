"""Text as the writers need it: line cleaning, the fold tables, charsets and clock strings.

Every caption and transcript writer shares these; none keeps a private copy.
"""

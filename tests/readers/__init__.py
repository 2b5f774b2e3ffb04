"""Tests of the readers of caption files and of speech-to-text services."""

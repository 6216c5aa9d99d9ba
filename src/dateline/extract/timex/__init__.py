"""Helpers of the TIMES extractor (``dateline.extract.times``).

``lexicon`` compiles a language's data file into patterns, ``match`` finds and selects
candidate expressions, ``tense`` reads the governing verb's tense, ``resolve`` turns a match
into a TimeML type and value, ``calendar`` formats, parses and measures TimeML values.
"""

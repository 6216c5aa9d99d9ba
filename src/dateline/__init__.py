"""dateline: a sourced event ledger from multilingual news reports of armed conflict."""

__version__ = "0.1.0"

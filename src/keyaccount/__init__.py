"""keyaccount — the rules of a key-account department (大客户部) as a pure Python library."""

__version__ = "0.1.0"

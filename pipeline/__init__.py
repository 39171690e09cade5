"""wersagtwas: who says what in German news text."""

__version__ = "0.1.0"

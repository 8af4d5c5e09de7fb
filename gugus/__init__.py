"""Gugus: the information system of Indonesia's anti-trafficking task force."""

__version__ = "0.1.0"

"""Moved to ``gugus.core.money`` (the one money module); this name stays for imports in flight."""

from gugus.core.money import MAX_AMOUNT, MoneyError, format_percent, format_rupiah, parse_rupiah  # noqa: F401

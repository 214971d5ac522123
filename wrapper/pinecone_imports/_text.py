"""Counts in words, the same in every message the package prints or logs."""


def plural(count: int, noun: str) -> str:
    """`1 file`, `2 files`, `1,000,010 records`: counts are always written with thousands separators."""
    return f"{count:,} {noun if count == 1 else noun + 's'}"

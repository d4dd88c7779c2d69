"""The Burgerservicenummer check (the "elfproef"), pure."""

from __future__ import annotations

WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2, -1)


def normalise_bsn(value: str) -> str:
    return "".join(ch for ch in value if ch.isdigit())


def is_valid_bsn(value: str) -> bool:
    """Nine digits (eight with a leading zero dropped is accepted) passing the 11-proef."""
    digits = normalise_bsn(value)
    if len(digits) == 8:
        digits = "0" + digits
    if len(digits) != 9 or set(digits) == {"0"} or len(value.strip()) > 11:
        return False
    return sum(int(d) * w for d, w in zip(digits, WEIGHTS, strict=True)) % 11 == 0


def mask_bsn(value: str) -> str:
    """Never shown back in full: only the last three digits."""
    digits = normalise_bsn(value).zfill(9)
    return "******" + digits[-3:]

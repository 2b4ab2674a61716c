"""Deterministic ZIP writing for DOCX and EPUB, with parts compressed once per process.

``zipfile`` stamps entries with the current time and recompresses every part on every call. Here
entry order, times, attributes and compression level are fixed, so the same parts give the same
bytes, and :class:`Part` objects for parts that never change (themes, font tables, CSS) keep their
deflated form, so the 10,000th document pays only for its own parts.
"""

from __future__ import annotations

import struct
import time
import zlib
from collections.abc import Iterable
from datetime import UTC, datetime

from msgspec import Struct

_LEVEL = 6
#: Earliest time a ZIP (DOS) date can hold: 1980-01-01.
_DOS_EPOCH = 315532800


class Part(Struct, frozen=True):
    """One zip member, already compressed (or stored)."""

    name: str
    crc: int
    size: int
    payload: bytes
    stored: bool

    @classmethod
    def make(cls, name: str, data: bytes, *, stored: bool = False) -> Part:
        """Compress ``data`` (raw deflate, fixed level) unless ``stored``."""
        if stored:
            payload = data
        else:
            comp = zlib.compressobj(_LEVEL, zlib.DEFLATED, -15)
            payload = comp.compress(data) + comp.flush()
        return cls(name, zlib.crc32(data) & 0xFFFFFFFF, len(data), payload, stored)


def dos_datetime(moment: datetime) -> tuple[int, int]:
    """(date, time) DOS fields for a moment, in UTC, clamped to 1980 as the ZIP format needs."""
    seconds = max(_DOS_EPOCH, int(moment.astimezone(UTC).timestamp()))
    t = time.gmtime(seconds)
    dos_time = (t.tm_hour << 11) | (t.tm_min << 5) | (t.tm_sec // 2)
    dos_date = ((t.tm_year - 1980) << 9) | (t.tm_mon << 5) | t.tm_mday
    return dos_date, dos_time


def build_zip(parts: Iterable[Part], moment: datetime) -> bytes:
    """Write parts in the given order with one fixed timestamp and no extra fields."""
    dos_date, dos_time = dos_datetime(moment)
    out = bytearray()
    central = bytearray()
    count = 0
    for part in parts:
        name = part.name.encode("utf-8")
        method = 0 if part.stored else 8
        flags = 0x800 if any(b > 0x7F for b in name) else 0  # UTF-8 names
        offset = len(out)
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, flags, method, dos_time, dos_date,
                           part.crc, len(part.payload), part.size, len(name), 0)
        out += name
        out += part.payload
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, flags, method,
                               dos_time, dos_date, part.crc, len(part.payload), part.size,
                               len(name), 0, 0, 0, 0, 0o100644 << 16, offset)
        central += name
        count += 1
    cd_offset = len(out)
    out += central
    out += struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count, count, len(central), cd_offset, 0)
    return bytes(out)

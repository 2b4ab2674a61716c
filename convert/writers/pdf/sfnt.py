"""Cut a TrueType font down to the glyphs one PDF draws, by glyph id, in a few milliseconds.

Shaped text (Arabic, Indic, Thai ...) is drawn by glyph id: HarfBuzz picks positional forms,
ligatures and marks that no character maps to, so reportlab's subsetting by character cannot
embed them. fontTools can, but takes 35-250 ms per face and document. This module reads a
face's tables once (:class:`SfntTables`) and then copies the outlines of the glyphs a document
uses into a new, dense font (:meth:`SfntTables.subset`): new glyph 0 is .notdef, then the used
glyphs and the components of composite glyphs, in increasing original id. The PDF keeps the
original ids as CIDs and maps them to the dense ids with a ``CIDToGIDMap`` stream.

Written from the OpenType specification (``glyf``, ``loca``, ``hmtx``, ``head``, ``hhea``,
``maxp`` tables); only glyf-outline fonts are handled, as everywhere else in the writer.
"""

from __future__ import annotations

import struct
from collections.abc import Iterable

from msgspec import Struct

#: Tables the embedded subset carries (PDF 32000-1 9.9: what a TrueType font program needs).
_KEPT = (b"head", b"hhea", b"maxp", b"hmtx", b"loca", b"glyf")
# Composite glyph component flags (OpenType glyf table).
_ARG_WORDS = 0x0001
_HAVE_SCALE = 0x0008
_MORE = 0x0020
_XY_SCALE = 0x0040
_TWO_BY_TWO = 0x0080


class SfntError(ValueError):
    """Not a TrueType (glyf) font this module can cut."""


def _checksum(data: bytes) -> int:
    padded = data + b"\0" * (-len(data) % 4)
    return sum(struct.unpack(f">{len(padded) // 4}I", padded)) & 0xFFFFFFFF


def _components(glyph: bytes) -> list[tuple[int, int]]:
    """(offset of the glyph index field, component glyph id) of a composite glyph."""
    found = []
    pos = 10
    while True:
        flags, gid = struct.unpack_from(">HH", glyph, pos)
        found.append((pos + 2, gid))
        pos += 4 + (4 if flags & _ARG_WORDS else 2)
        if flags & _HAVE_SCALE:
            pos += 2
        elif flags & _XY_SCALE:
            pos += 4
        elif flags & _TWO_BY_TWO:
            pos += 8
        if not flags & _MORE:
            return found


class Subset(Struct, frozen=True):
    """A cut font: its bytes and the original glyph id of each new glyph id."""

    data: bytes
    order: tuple[int, ...]


class SfntTables:
    """The tables of one TrueType font, read once; :meth:`subset` makes embeddable cuts."""

    def __init__(self, data: bytes) -> None:
        if len(data) < 12:
            raise SfntError("too short for a font")
        num_tables = struct.unpack_from(">H", data, 4)[0]
        self.tables: dict[bytes, bytes] = {}
        for i in range(num_tables):
            tag, _, offset, length = struct.unpack_from(">4sIII", data, 12 + 16 * i)
            self.tables[tag] = data[offset:offset + length]
        missing = [t.decode() for t in _KEPT if t not in self.tables]
        if missing:
            raise SfntError(f"no {', '.join(missing)} table (not a glyf-outline TrueType font)")
        head = self.tables[b"head"]
        self.units_per_em = struct.unpack_from(">H", head, 18)[0]
        long_loca = struct.unpack_from(">h", head, 50)[0] == 1
        self.num_glyphs = struct.unpack_from(">H", self.tables[b"maxp"], 4)[0]
        loca = self.tables[b"loca"]
        n = self.num_glyphs + 1
        if long_loca:
            self.loca = struct.unpack_from(f">{n}I", loca)
        else:
            self.loca = tuple(2 * v for v in struct.unpack_from(f">{n}H", loca))
        self.num_metrics = struct.unpack_from(">H", self.tables[b"hhea"], 34)[0]
        hmtx = self.tables[b"hmtx"]
        metrics = struct.unpack_from(f">{2 * self.num_metrics}H", hmtx)
        self.advances = list(metrics[0::2])
        lsbs = list(struct.unpack_from(f">{2 * self.num_metrics}h", hmtx)[1::2])
        extra = self.num_glyphs - self.num_metrics
        if extra > 0:
            lsbs += struct.unpack_from(f">{extra}h", hmtx, 4 * self.num_metrics)
            self.advances += [self.advances[-1]] * extra
        self.lsbs = lsbs

    def glyph(self, gid: int) -> bytes:
        """The glyf-table bytes of one glyph (empty for a blank glyph or an id out of range)."""
        if not 0 <= gid < self.num_glyphs:
            return b""
        return self.tables[b"glyf"][self.loca[gid]:self.loca[gid + 1]]

    def advance(self, gid: int) -> int:
        """Advance width in font units."""
        return self.advances[gid] if 0 <= gid < self.num_glyphs else 0

    def closure(self, gids: Iterable[int]) -> list[int]:
        """The glyphs and every component of their composite glyphs, sorted, with .notdef."""
        seen = {0}
        todo = [g for g in gids if 0 <= g < self.num_glyphs]
        while todo:
            gid = todo.pop()
            if gid in seen:
                continue
            seen.add(gid)
            glyph = self.glyph(gid)
            if len(glyph) >= 10 and struct.unpack_from(">h", glyph, 0)[0] < 0:
                todo.extend(c for _, c in _components(glyph) if c not in seen)
        return sorted(seen)

    def subset(self, gids: Iterable[int]) -> Subset:
        """A font with just these glyphs (and their components), renumbered densely."""
        order = self.closure(gids)
        new_id = {old: new for new, old in enumerate(order)}
        glyf = bytearray()
        offsets = []
        hmtx = bytearray()
        for old in order:
            offsets.append(len(glyf))
            glyph = self.glyph(old)
            if len(glyph) >= 10 and struct.unpack_from(">h", glyph, 0)[0] < 0:
                patched = bytearray(glyph)
                for pos, comp in _components(glyph):
                    struct.pack_into(">H", patched, pos, new_id[comp])
                glyph = bytes(patched)
            glyf += glyph
            glyf += b"\0" * (-len(glyf) % 4)
            hmtx += struct.pack(">Hh", self.advances[old], self.lsbs[old])
        offsets.append(len(glyf))
        head = bytearray(self.tables[b"head"])
        struct.pack_into(">I", head, 8, 0)  # checkSumAdjustment, set below
        struct.pack_into(">h", head, 50, 1)  # long loca
        hhea = bytearray(self.tables[b"hhea"])
        struct.pack_into(">H", hhea, 34, len(order))
        maxp = bytearray(self.tables[b"maxp"])
        struct.pack_into(">H", maxp, 4, len(order))
        tables = {b"head": bytes(head), b"hhea": bytes(hhea), b"maxp": bytes(maxp),
                  b"hmtx": bytes(hmtx), b"loca": struct.pack(f">{len(offsets)}I", *offsets),
                  b"glyf": bytes(glyf)}
        return Subset(_assemble(tables), tuple(order))


def _assemble(tables: dict[bytes, bytes]) -> bytes:
    """An sfnt file of these tables (sorted by tag), with checksums and head's adjustment."""
    tags = sorted(tables)
    n = len(tags)
    power = 1 << (n.bit_length() - 1)
    header = struct.pack(">IHHHH", 0x00010000, n, power * 16, power.bit_length() - 1,
                         n * 16 - power * 16)
    directory = bytearray()
    body = bytearray()
    offset = 12 + 16 * n
    for tag in tags:
        data = tables[tag]
        directory += struct.pack(">4sIII", tag, _checksum(data), offset + len(body), len(data))
        body += data + b"\0" * (-len(data) % 4)
    font = bytearray(header + directory + body)
    adjust = (0xB1B0AFBA - _checksum(bytes(font))) & 0xFFFFFFFF
    head_at = 12 + 16 * n + sum(len(tables[t]) + (-len(tables[t]) % 4)
                                for t in tags[:tags.index(b"head")])
    struct.pack_into(">I", font, head_at + 8, adjust)
    return bytes(font)

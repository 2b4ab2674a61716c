"""Read a .docx package safely: bounded unpacking, no DTDs, parts and relationships by type.

Used for python-docx's bundled default template and for a user's reference .docx (given as
bytes: the caller reads the file, the writer never opens one). A hostile reference must fail with
a :class:`StyleError`, never exhaust memory or resolve an entity.
"""

from __future__ import annotations

import functools
import importlib.util
import io
import posixpath
import zipfile
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType

from lxml import etree

from ...errors import StyleError
from .ooxml import CT_NS, PKG_REL_NS, parse

#: Bounds on a user's reference .docx (a zip bomb must not exhaust memory).
MAX_REFERENCE_BYTES = 64 * 1024 * 1024
MAX_REFERENCE_PARTS = 2000


class Package:
    """A .docx opened read-only: parts by name, main-document relationships by id."""

    __slots__ = ("base", "main", "origin", "parts", "rels")

    def __init__(self, data: bytes, origin: str | None = None) -> None:
        """Unpack ``data``; ``origin`` names the file in errors (None: the caller knows it)."""
        self.origin = origin
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                infos = [i for i in zf.infolist() if not i.is_dir()]
                total = sum(i.file_size for i in infos)
                if total > MAX_REFERENCE_BYTES or len(infos) > MAX_REFERENCE_PARTS:
                    raise StyleError(f"reference .docx is too large when unpacked ({total:,} bytes "
                                     f"in {len(infos)} parts; the limit is "
                                     f"{MAX_REFERENCE_BYTES:,} bytes)", path=origin)
                parts = {i.filename: zf.read(i) for i in infos}
        except (OSError, zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError) as exc:
            raise StyleError(f"reference .docx cannot be read: {exc}", path=origin) from None
        for name, blob in parts.items():
            if name.endswith((".xml", ".rels")) and b"<!DOCTYPE" in blob[:4096].upper():
                # OOXML never uses DTDs; one here can only be an entity attack.
                raise StyleError(f"reference .docx part {name} declares a DTD; refused", path=origin)
        #: Part name -> bytes (read-only: a Package may be shared by threads).
        self.parts: Mapping[str, bytes] = MappingProxyType(parts)
        try:
            self.main, self.rels = self._index()
        except etree.XMLSyntaxError as exc:
            raise StyleError(f"reference .docx has malformed XML: {exc}", path=origin) from None
        self.base = posixpath.dirname(self.main)

    def _index(self) -> tuple[str, Mapping[str, tuple[str, str, str | None]]]:
        """The main document part and its relationships: id -> (type, target, target mode)."""
        main = "word/document.xml"
        if "_rels/.rels" in self.parts:
            for rel in parse(self.parts["_rels/.rels"]):
                if rel.get("Type", "").endswith("/officeDocument"):
                    main = rel.get("Target", main).lstrip("/")
        if main not in self.parts:
            raise StyleError("reference .docx has no main document part", path=self.origin)
        rels: dict[str, tuple[str, str, str | None]] = {}
        rels_name = rels_part_name(main)
        if rels_name in self.parts:
            for rel in parse(self.parts[rels_name]):
                rels[rel.get("Id", "")] = (rel.get("Type", ""), rel.get("Target", ""),
                                           rel.get("TargetMode"))
        return main, MappingProxyType(rels)

    def part_by_type(self, rel_type: str) -> tuple[str, bytes] | None:
        """(part name, bytes) of the main document's first relationship of a type."""
        for typ, target, mode in self.rels.values():
            if typ == rel_type and mode != "External":
                name = resolve(self.base, target)
                if name in self.parts:
                    return name, self.parts[name]
        return None

    def related_parts(self, name: str) -> list[tuple[str, bytes]]:
        """A part's own relationships part and the internal parts it points to (a header's logo).

        The relationships part comes first; each target once, in relationship order.
        """
        rels_name = rels_part_name(name)
        if rels_name not in self.parts:
            return []
        out = [(rels_name, self.parts[rels_name])]
        for rel in parse(self.parts[rels_name]):
            if rel.get("TargetMode") == "External" or rel.tag != f"{{{PKG_REL_NS}}}Relationship":
                continue
            target = resolve(posixpath.dirname(name), rel.get("Target", ""))
            if target in self.parts:
                out.append((target, self.parts[target]))
        return out

    def extension_types(self) -> dict[str, str]:
        """``Default`` content types by extension (images used by headers, for instance)."""
        out: dict[str, str] = {}
        if "[Content_Types].xml" in self.parts:
            for el in parse(self.parts["[Content_Types].xml"]):
                if el.tag == f"{{{CT_NS}}}Default":
                    out[el.get("Extension", "").lower()] = el.get("ContentType", "")
        return out


def resolve(base: str, target: str) -> str:
    """Absolute part name of a relationship target."""
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(base, target))


def rels_part_name(name: str) -> str:
    """``word/_rels/document.xml.rels`` for ``word/document.xml``."""
    return posixpath.join(posixpath.dirname(name), "_rels", posixpath.basename(name) + ".rels")


def default_template_path() -> Path:
    """python-docx's bundled ``templates/default.docx``, found without importing python-docx.

    Not public python-docx API (``docx.Document()`` opens it for its users); the test suite checks
    the file is where we look and holds the parts we take from it.
    """
    spec = importlib.util.find_spec("docx")
    if spec is None or spec.origin is None:  # pragma: no cover - python-docx is a dependency
        raise ImportError("python-docx is not installed (pip install python-docx)")
    return Path(spec.origin).parent / "templates" / "default.docx"


@functools.lru_cache(maxsize=1)
def default_package() -> Package:
    """python-docx's default template, read once per process (package data, not user input)."""
    path = default_template_path()
    return Package(path.read_bytes(), origin=str(path))

"""Prepared DOCX templates kept between processes, in a folder the caller names.

Preparing the template (:func:`.template.prepare_template`) parses python-docx's 438 kB
``styles.xml``, drops its table styles and applies the house style: 15-17 ms, the largest part of
a one-article DOCX conversion. A command converting one article pays it in every process, so the
prepared :class:`~.template.Template` is kept in ``folder`` (the command line, API and batch pass
the user's cache folder, as for the PDF's font copies) and reused while everything it was made
from is unchanged:

- the file's name is a digest of the house style and the reference .docx bytes;
- inside, a stamp of the code and data that prepare it: every module and TOML file of this
  package (path, modification time, size), python-docx's ``default.docx``, and the versions of
  Python, lxml, zlib and msgspec. A stamp that differs (an upgrade, an edited module) means the
  template is prepared again and the file replaced.

The folder is trusted as the user's other files are (the file is a pickle, as Python's bytecode
cache is code); a file that cannot be read, unpickled or used is prepared again, and a folder
that cannot be written costs the preparation, never a different document (tested).
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import sys
import zlib
from pathlib import Path
from types import MappingProxyType
from typing import Any

import msgspec
from lxml import etree

from ... import __version__
from ...fsutil import write_via_temp
from ...styles import FrozenMap, HouseStyle
from .package import default_template_path
from .template import Template, prepare_template

#: Bumped when the file's layout changes.
FORMAT = 1
#: Files the folder keeps (~85 kB each): one per house style, reference .docx and publication
#: named by articles; past it, the least recently written go when a new one is written.
KEEP = 64
_PACKAGE = Path(__file__).resolve().parents[2]


def stored_template(style: HouseStyle, reference: bytes | None, folder: Path | None) -> Template:
    """:func:`.template.prepare_template`, kept in ``folder`` between processes (None: not kept)."""
    if folder is None:
        return prepare_template(style, reference)
    return _stored(style, reference, folder)


@functools.lru_cache(maxsize=16)
def _stored(style: HouseStyle, reference: bytes | None, folder: Path) -> Template:
    path = folder / f"{_name(style, reference)}.pickle"
    stamp = code_stamp()
    found = _load(path, stamp)
    if found is not None:
        return found
    tpl = prepare_template(style, reference)
    fields = {name: getattr(tpl, name) for name in Template.__struct_fields__}
    # Read-only mappings do not pickle: kept as dicts, named, and wrapped again when loaded.
    mappings = sorted(name for name, value in fields.items() if isinstance(value, MappingProxyType))
    fields.update((name, dict(fields[name])) for name in mappings)
    kept = {"format": FORMAT, "stamp": stamp, "fields": fields, "mappings": mappings}
    try:
        folder.mkdir(parents=True, exist_ok=True)
        write_via_temp(path, pickle.dumps(kept, protocol=pickle.HIGHEST_PROTOCOL), fsync=False)
        _prune(folder)
    except OSError:
        pass  # an unwritable cache costs the preparation next time, nothing else
    return tpl


def _prune(folder: Path) -> None:
    """Keep the :data:`KEEP` most recently written files (articles naming many publications)."""
    files = []
    for entry in os.scandir(folder):
        if entry.name.endswith(".pickle"):
            try:
                files.append((entry.stat().st_mtime_ns, entry.path))
            except OSError:
                continue  # removed by another process meanwhile
    for _, path in sorted(files, reverse=True)[KEEP:]:
        try:
            os.unlink(path)
        except OSError:
            pass


def _name(style: HouseStyle, reference: bytes | None) -> str:
    """A digest of the two values a template is prepared from."""
    h = hashlib.sha256(msgspec.json.encode(style, enc_hook=_encodable, order="deterministic"))
    h.update(b"\x00" if reference is None else hashlib.sha256(reference).digest())
    return h.hexdigest()[:32]


def _encodable(value: Any) -> Any:
    if isinstance(value, FrozenMap):
        return dict(value.items())
    if isinstance(value, Path):
        return str(value)
    raise NotImplementedError(f"cannot encode {type(value).__name__}")


@functools.cache
def code_stamp() -> tuple[Any, ...]:
    """What the preparation's result depends on besides its arguments (see the module docstring)."""
    files: list[tuple[str, int, int]] = []
    for root, dirs, names in os.walk(_PACKAGE):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(names):
            if name.endswith((".py", ".toml")):
                st = os.stat(os.path.join(root, name))
                files.append((os.path.relpath(os.path.join(root, name), _PACKAGE),
                              st.st_mtime_ns, st.st_size))
    default = default_template_path()
    st = default.stat()
    return (FORMAT, __version__, sys.version, etree.LXML_VERSION, zlib.ZLIB_RUNTIME_VERSION,
            msgspec.__version__, (str(default), st.st_mtime_ns, st.st_size), tuple(files))


def _load(path: Path, stamp: tuple[Any, ...]) -> Template | None:
    """The template kept at ``path`` when it was made by this code, else None."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    try:
        kept = pickle.loads(data)
        if kept["format"] != FORMAT or kept["stamp"] != stamp:
            return None
        fields = dict(kept["fields"])
        fields.update((name, MappingProxyType(fields[name])) for name in kept["mappings"])
        return Template(**{name: fields[name] for name in Template.__struct_fields__})
    except Exception:  # any damage or mismatch means: prepare it again
        return None

"""House styles: named TOML files that drive every visual writer, so DOCX, PDF and EPUB match.

A style file names page geometry, fonts and per-element settings (headline, standfirst, byline,
dateline, body, subheading, quote, list ...). An element takes from ``body`` only what
``styles.toml`` says it inherits (the face, size, colour and line height; running text also its
alignment), everything else from the built-in defaults; a style may ``extends`` another by name
or path. Unknown keys and wrong types are errors naming the key,
because a silently ignored typo is a newsroom's wrong font on the front page.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

from msgspec import Struct

from . import tomldata
from .errors import StyleError

#: The elements every visual writer maps to its own constructs (DOCX styles, PDF paragraph
#: styles, CSS selectors). ``body`` is the parent of all others.
ELEMENTS: tuple[str, ...] = (
    "body", "headline", "standfirst", "byline", "dateline", "subheading", "subheading3",
    "quote", "list", "credit", "header", "footer", "link",
)

_ALIGN = ("left", "right", "center", "justify")
_GENERIC = ("serif", "sans-serif", "monospace")
_COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")

#: Page sizes in millimetres.
PAGE_SIZES: Mapping[str, tuple[float, float]] = MappingProxyType({
    "A4": (210.0, 297.0), "A5": (148.0, 210.0), "A3": (297.0, 420.0),
    "Letter": (215.9, 279.4), "Legal": (215.9, 355.6), "Tabloid": (279.4, 431.8),
})


class FrozenMap(Mapping[str, Any]):
    """An immutable, hashable, picklable mapping that keeps its insertion order.

    A house style must be a value: hashable, so writers can key ``functools`` caches on it, and
    picklable, so batch workers receive it. ``MappingProxyType`` is neither.
    """

    __slots__ = ("_hash", "_index", "_items")

    def __init__(self, items: Mapping[str, Any] | None = None) -> None:
        self._items = tuple((items or {}).items())
        self._index = dict(self._items)
        self._hash: int | None = None

    def __getitem__(self, key: str) -> Any:
        return self._index[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._index)

    def __len__(self) -> int:
        return len(self._items)

    def __hash__(self) -> int:
        # Worked out once: writers key their caches on the house style several times an article,
        # and its maps hold every element's style. Never pickled (__reduce__ rebuilds the map).
        if self._hash is None:
            self._hash = hash(self._items)
        return self._hash

    def __eq__(self, other: object) -> bool:
        if isinstance(other, FrozenMap):
            return self._items == other._items
        return isinstance(other, Mapping) and dict(self._index) == dict(other)

    def __repr__(self) -> str:
        return f"FrozenMap({self._index!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (FrozenMap, (self._index,))


#: ElementStyle fields kept as floats whatever number the TOML gives.
_FLOAT_FIELDS = ("size", "space_before", "space_after", "line_height", "first_line_indent",
                 "left_indent")


class ElementStyle(Struct, frozen=True):
    """Resolved look of one element. Sizes and spacing in points, line height as a multiple."""

    font: str
    font_fallback: str
    size: float
    bold: bool
    italic: bool
    colour: str
    space_before: float
    space_after: float
    line_height: float
    align: str
    hyphenate: bool
    first_line_indent: float
    left_indent: float
    uppercase: bool
    underline: bool
    keep_with_next: bool


class PageStyle(Struct, frozen=True):
    """Page geometry in millimetres."""

    width: float
    height: float
    margin_top: float
    margin_bottom: float
    margin_left: float
    margin_right: float
    columns: int
    column_gap: float
    size_name: str


class FontFiles(Struct, frozen=True):
    """TrueType files of one family (absolute paths); ``None`` where the style gives none."""

    regular: Path
    bold: Path | None = None
    italic: Path | None = None
    bold_italic: Path | None = None


class LayoutStyle(Struct, frozen=True):
    """Where things go."""

    #: "inline": the dateline opens the first paragraph (newspaper style); "block": own line.
    dateline: str
    #: Headline (and standfirst/byline) spans all columns.
    headline_span: bool
    #: Running header with the publication / source name.
    running_header: bool
    #: Running footer with page numbers (and date in PDF).
    running_footer: bool


class HouseStyle(Struct, frozen=True):
    """A fully resolved house style: a frozen value (hashable, picklable, compared by content)."""

    name: str
    description: str
    publication: str
    page: PageStyle
    layout: LayoutStyle
    elements: FrozenMap
    font_files: FrozenMap
    #: Where it was loaded from (for messages only).
    source: str

    def element(self, name: str) -> ElementStyle:
        """Style of one element (a KeyError for a name not in ELEMENTS is a writer bug)."""
        return self.elements[name]


# --------------------------------------------------------------------------- schema

_ELEMENT_KEYS: dict[str, type | tuple[type, ...]] = {
    "font": str, "font_fallback": str, "size": (int, float), "bold": bool, "italic": bool,
    "colour": str, "space_before": (int, float), "space_after": (int, float),
    "line_height": (int, float), "align": str, "hyphenate": bool,
    "first_line_indent": (int, float), "left_indent": (int, float), "uppercase": bool,
    "underline": bool, "keep_with_next": bool,
}
_PAGE_KEYS: dict[str, type | tuple[type, ...]] = {
    "size": (str, list), "margin_top": (int, float), "margin_bottom": (int, float),
    "margin_left": (int, float), "margin_right": (int, float), "columns": int,
    "column_gap": (int, float),
}
_LAYOUT_KEYS: dict[str, type | tuple[type, ...]] = {
    "dateline": str, "headline_span": bool, "running_header": bool, "running_footer": bool,
}
_FONT_FILE_KEYS = ("regular", "bold", "italic", "bold_italic")
_TOP_KEYS = {"name", "description", "extends", "publication", "page", "layout", "elements",
             "font_files"}

#: Built-in defaults every style starts from; a style file only says what differs.
_BASE: dict[str, Any] = {
    "name": "base",
    "description": "",
    "publication": "",
    "page": {"size": "A4", "margin_top": 20, "margin_bottom": 20, "margin_left": 20,
             "margin_right": 20, "columns": 1, "column_gap": 6},
    "layout": {"dateline": "inline", "headline_span": True, "running_header": True,
               "running_footer": True},
    "elements": {
        "body": {"font": "PT Serif", "font_fallback": "serif", "size": 11, "bold": False,
                 "italic": False, "colour": "#000000", "space_before": 0, "space_after": 6,
                 "line_height": 1.3, "align": "left", "hyphenate": False,
                 "first_line_indent": 0, "left_indent": 0, "uppercase": False,
                 "underline": False, "keep_with_next": False},
    },
    "font_files": {},
}


@functools.lru_cache(maxsize=1)
def _inheritance() -> dict[str, tuple[str, ...]]:
    data = tomldata.read(Path(__file__).with_name("styles.toml"))
    return {name: tuple(keys) for name, keys in data["inherit"].items()}


def inherited(element: str) -> tuple[str, ...]:
    """The keys an element takes from ``[elements.body]`` when its style chain does not set them."""
    table = _inheritance()
    return table["all"] + table.get(element, ())


def _type_name(t: type | tuple[type, ...]) -> str:
    ts = t if isinstance(t, tuple) else (t,)
    names = {int: "number", float: "number", str: "string", bool: "true/false", list: "array"}
    return " or ".join(dict.fromkeys(names.get(x, x.__name__) for x in ts))


def _check_table(where: str, table: Any, schema: Mapping[str, type | tuple[type, ...]],
                 source: str) -> None:
    if not isinstance(table, dict):
        raise StyleError(f"[{where}] must be a table", path=source)
    for key, value in table.items():
        if key not in schema:
            known = ", ".join(sorted(schema))
            raise StyleError(f"[{where}] unknown key {key!r} (known keys: {known})", path=source)
        expected = schema[key]
        ok = isinstance(value, expected) and not (isinstance(value, bool) and expected in
                                                  ((int, float), int))
        if not ok:
            raise StyleError(f"[{where}] {key} must be a {_type_name(expected)}, got {value!r}",
                             path=source)


def _validate_raw(raw: dict[str, Any], source: str) -> None:
    for key in raw:
        if key not in _TOP_KEYS:
            raise StyleError(f"unknown key {key!r} (known keys: {', '.join(sorted(_TOP_KEYS))})",
                             path=source)
    for key in ("name", "description", "extends", "publication"):
        if key in raw and not isinstance(raw[key], str):
            raise StyleError(f"{key} must be a string, got {raw[key]!r}", path=source)
    if "page" in raw:
        _check_table("page", raw["page"], _PAGE_KEYS, source)
    if "layout" in raw:
        _check_table("layout", raw["layout"], _LAYOUT_KEYS, source)
    elements = raw.get("elements", {})
    if not isinstance(elements, dict):
        raise StyleError("[elements] must be a table", path=source)
    for name, table in elements.items():
        if name not in ELEMENTS:
            raise StyleError(f"[elements.{name}] unknown element (known: {', '.join(ELEMENTS)})",
                             path=source)
        _check_table(f"elements.{name}", table, _ELEMENT_KEYS, source)
    font_files = raw.get("font_files", {})
    if not isinstance(font_files, dict):
        raise StyleError("[font_files] must be a table", path=source)
    for family, table in font_files.items():
        _check_table(f"font_files.{family}", table, dict.fromkeys(_FONT_FILE_KEYS, str), source)
        if "regular" not in table:
            raise StyleError(f"[font_files.{family}] needs a 'regular' file", path=source)


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


# --------------------------------------------------------------------------- lookup


def style_dirs() -> list[Path]:
    """Folders searched for ``--style NAME``, first match wins.

    ``NEWSCONVERT_STYLE_PATH`` (os.pathsep-separated), the user's config folder, then the styles
    shipped with newsconvert (``styles/`` in a checkout, ``convert/_styles`` in a wheel).
    """
    dirs: list[Path] = []
    env = os.environ.get("NEWSCONVERT_STYLE_PATH")
    if env:
        dirs.extend(Path(p) for p in env.split(os.pathsep) if p)
    from .userdirs import config_dir

    dirs.append(config_dir() / "styles")
    here = Path(__file__).resolve().parent
    dirs.extend([here.parent / "styles", here / "_styles"])
    return dirs


def available_styles() -> dict[str, Path]:
    """Style name -> file, for ``newsconvert styles``."""
    found: dict[str, Path] = {}
    for d in style_dirs():
        if d.is_dir():
            for f in sorted(d.glob("*.toml")):
                found.setdefault(f.stem, f)
    return found


def _find(name_or_path: str, relative_to: Path | None) -> Path:
    looks_like_path = name_or_path.endswith(".toml") or "/" in name_or_path or os.sep in name_or_path
    if looks_like_path:
        p = Path(name_or_path)
        if not p.is_absolute() and relative_to is not None:
            p = relative_to / p
        if not p.is_file():
            raise StyleError(f"style file not found: {p}")
        return p
    styles = available_styles()
    if name_or_path not in styles:
        known = ", ".join(sorted(styles)) or "none"
        raise StyleError(f"unknown style {name_or_path!r} (installed: {known})")
    return styles[name_or_path]


def _load_raw(path: Path, seen: tuple[Path, ...]) -> dict[str, Any]:
    path = path.resolve()
    if path in seen:
        chain = " -> ".join(str(p) for p in (*seen, path))
        raise StyleError(f"style extends itself: {chain}", path=str(path))
    try:
        raw = tomldata.read(path)
    except OSError as exc:
        raise StyleError(f"cannot read style: {exc.strerror}", path=str(path)) from None
    except (tomldata.TomlError, UnicodeDecodeError) as exc:
        raise StyleError(f"not valid TOML: {exc}", path=str(path)) from None
    _validate_raw(raw, str(path))
    for family, table in raw.get("font_files", {}).items():
        raw["font_files"][family] = {k: str((path.parent / v).resolve()) for k, v in table.items()}
    parent = raw.pop("extends", None)
    if parent:
        base = _load_raw(_find(parent, path.parent), (*seen, path))
        raw.setdefault("name", path.stem)
        return _merge(base, raw)
    raw.setdefault("name", path.stem)
    return _merge(_BASE, raw)


def _resolve(raw: dict[str, Any], source: str) -> HouseStyle:
    page_raw = raw["page"]
    size = page_raw["size"]
    if isinstance(size, str):
        if size not in PAGE_SIZES:
            raise StyleError(f"[page] size {size!r} unknown (known: {', '.join(PAGE_SIZES)} or "
                             "[width_mm, height_mm])", path=source)
        width, height = PAGE_SIZES[size]
        size_name = size
    else:
        if len(size) != 2 or not all(isinstance(v, (int, float)) and v > 0 for v in size):
            raise StyleError("[page] size must be a name or [width_mm, height_mm]", path=source)
        width, height = float(size[0]), float(size[1])
        size_name = "custom"
    page = PageStyle(width=width, height=height, size_name=size_name,
                     **{k: float(page_raw[k]) for k in ("margin_top", "margin_bottom",
                                                        "margin_left", "margin_right",
                                                        "column_gap")},
                     columns=int(page_raw["columns"]))
    if page.columns < 1 or page.columns > 4:
        raise StyleError("[page] columns must be 1 to 4", path=source)
    if page.margin_left + page.margin_right >= page.width or \
            page.margin_top + page.margin_bottom >= page.height:
        raise StyleError("[page] margins leave no room for text", path=source)

    layout = LayoutStyle(**raw["layout"])
    if layout.dateline not in ("inline", "block"):
        raise StyleError("[layout] dateline must be 'inline' or 'block'", path=source)

    body = raw["elements"]["body"]
    defaults = _BASE["elements"]["body"]
    elements: dict[str, ElementStyle] = {}
    for name in ELEMENTS:
        if name == "body":
            merged = body
        else:
            taken = {key: body[key] for key in inherited(name)}
            merged = {**defaults, **taken, **raw["elements"].get(name, {})}
        values = {f: merged[f] for f in ElementStyle.__struct_fields__}
        values.update((f, float(values[f])) for f in _FLOAT_FIELDS)  # TOML may give 12, not 12.0
        es = ElementStyle(**values)
        where = f"[elements.{name}]"
        if es.align not in _ALIGN:
            raise StyleError(f"{where} align must be one of {', '.join(_ALIGN)}", path=source)
        if es.font_fallback not in _GENERIC:
            raise StyleError(f"{where} font_fallback must be one of {', '.join(_GENERIC)}",
                             path=source)
        if not _COLOUR.match(es.colour):
            raise StyleError(f"{where} colour must look like #1A2B3C, got {es.colour!r}",
                             path=source)
        if not 1 <= es.size <= 200:
            raise StyleError(f"{where} size must be between 1 and 200 points", path=source)
        elements[name] = es

    font_files = {
        family: FontFiles(**{k: Path(v) for k, v in table.items()})
        for family, table in raw.get("font_files", {}).items()
    }
    return HouseStyle(
        name=raw["name"], description=raw.get("description", ""),
        publication=raw.get("publication", ""), page=page, layout=layout,
        elements=FrozenMap(elements), font_files=FrozenMap(font_files),
        source=source,
    )


@functools.lru_cache(maxsize=32)
def _load_cached(path: Path, mtime_ns: int) -> HouseStyle:
    return _resolve(_load_raw(path, ()), str(path))


def load_style(name_or_path: str | os.PathLike[str] = "default") -> HouseStyle:
    """Load a style by name (``default``, ``broadsheet``) or path; parsed once per process."""
    path = _find(os.fspath(name_or_path), Path.cwd()).resolve()
    return _load_cached(path, path.stat().st_mtime_ns)

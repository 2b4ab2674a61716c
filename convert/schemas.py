"""Find, install and compile the IPTC schemas (and read the IPTC catalogs) validation needs."""

# Two sets of files, none shipped in the repository: the NewsML-G2 XSDs (NewsML-G2 2.35 Power,
# xml.xsd, NITF 3.6, ODRL 2.2) and IPTC's ninjs 3.1/2.2 JSON Schemas. Each set is looked up on
# its own, so NewsML-G2 validation never needs the ninjs files and vice versa. Lookup order:
# explicit ``schema_dir``, ``NEWSCONVERT_SCHEMA_DIR``, then the user cache
# (``platformdirs.user_cache_dir("newsconvert")/schemas``) that ``install_schemas`` fills from the
# official URLs (or local folders), checking pinned SHA-256 sums. One in-memory driver XSD imports
# the four XML vocabularies; it is compiled once per process per folder.
# This module is the only one that reads NEWSCONVERT_SCHEMA_DIR.

from __future__ import annotations

import functools
import hashlib
import os
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Sequence
from pathlib import Path

from lxml import etree

from .errors import UsageError
from .namespaces import NAR, NITF, ODRL, XML, XSD

#: Largest schema file the installer accepts.
MAX_SCHEMA_BYTES = 4 * 1024 * 1024

ENV_SCHEMA_DIR = "NEWSCONVERT_SCHEMA_DIR"
POWER_XSD = "NewsML-G2_2.35-spec-All-Power.xsd"

#: The official files: name -> (download URL, pinned SHA-256 of the official file).
SCHEMA_FILES: dict[str, tuple[str, str]] = {
    POWER_XSD: (
        "https://www.iptc.org/std/NewsML-G2/2.35/specification/" + POWER_XSD,
        "06ef1c5076a32f2568ac8955994029890afac0268f795e3c26642ded52cf0181"),
    "xml.xsd": (
        "https://www.iptc.org/std/NewsML-G2/2.35/specification/xml.xsd",
        "61960fb3131e38022caad5360e2f33a3382578ab3c80cd58bd74320ede61b20c"),
    "nitf-3-6.xsd": (
        "https://www.iptc.org/std/NITF/3.6/specification/nitf-3-6.xsd",
        "78f4931e19ae7c1b8dc55156675991b90d85b147fe7e683a2f11928071470cf4"),
    "nitf-3-6-ruby-include.xsd": (
        "https://www.iptc.org/std/NITF/3.6/specification/nitf-3-6-ruby-include.xsd",
        "cd24abf32fbf76d8ea139a96222884f7a51f12fd2d06c7c806d7343beed0b30b"),
    "ODRL22.xsd": (
        "https://www.w3.org/ns/odrl/2/ODRL22.xsd",
        "315761f659ce4294357a8b563826c62d66a82a3c90744d8e6088d2fcd45479aa"),
}

#: IPTC's ninjs JSON Schemas: name -> (official URL, pinned SHA-256). The sums are those of the
#: files in iptc/newsinjson at commit 3ace39707a725d6674279c3151e2f5323dc81074 (specification/).
NINJS_SCHEMA_FILES: dict[str, tuple[str, str]] = {
    "ninjs-schema_3.1.json": (
        "https://www.iptc.org/std/ninjs/ninjs-schema_3.1.json",
        "404f578a299bf34e76e98f2de26ad9989882ebd7abf3a4d3cf3aa689b70a8744"),
    "ninjs-schema_2.2.json": (
        "https://www.iptc.org/std/ninjs/ninjs-schema_2.2.json",
        "88c84fa87382c5a7a314fd44ab1041921c7cbac47ab9550bc4964b1fa30897e2"),
}

NEWSML = "NewsML-G2"
NINJS = "ninjs"
#: Each set of files validation looks up on its own (``kind`` in the functions below).
SCHEMA_SETS: dict[str, dict[str, tuple[str, str]]] = {NEWSML: SCHEMA_FILES, NINJS: NINJS_SCHEMA_FILES}


def install_hint(kind: str = NEWSML) -> str:
    """How to get one set of schema files (the end of every "not found" message)."""
    return ("install them with `newsconvert schemas install` (downloads from iptc.org), "
            "`newsconvert schemas install --from DIR`, or point --schema-dir / "
            f"{ENV_SCHEMA_DIR} at a folder holding {', '.join(SCHEMA_SETS[kind])}")


INSTALL_HINT = install_hint(NEWSML)

_IPTC_CATALOG = re.compile(r"catalog\.IPTC-G2-Standards_(\d+)\.xml$")


class SchemaError(UsageError):
    """Schemas are missing, corrupted, or cannot be installed."""


def _local_parser() -> etree.XMLParser:
    """For files we load ourselves (schemas, catalogs): never the network, never a DTD."""
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


# --------------------------------------------------------------------------- lookup


def user_schema_dir() -> Path:
    """Where ``schemas install`` puts the files by default."""
    from .userdirs import cache_dir

    return cache_dir() / "schemas"


def _complete(folder: Path, kind: str = NEWSML) -> bool:
    return all((folder / name).is_file() for name in SCHEMA_SETS[kind])


def schema_candidates(schema_dir: str | os.PathLike[str] | None = None) -> list[tuple[str, Path]]:
    """The folders looked at, in order, with where each came from."""
    out: list[tuple[str, Path]] = []
    if schema_dir:
        out.append(("--schema-dir", Path(schema_dir)))
    env = os.environ.get(ENV_SCHEMA_DIR, "").strip()
    if env:
        out.append((ENV_SCHEMA_DIR, Path(env)))
    out.append(("user cache", user_schema_dir()))
    return out


def find_schema_dir(schema_dir: str | os.PathLike[str] | None = None, kind: str = NEWSML) -> Path:
    """The first folder holding every file of one set; a folder the user named must hold it."""
    files = SCHEMA_SETS[kind]
    for origin, folder in schema_candidates(schema_dir):
        if _complete(folder, kind):
            return folder.resolve()
        if origin != "user cache":
            missing = [n for n in files if not (folder / n).is_file()]
            raise SchemaError(f"{origin} {folder} lacks {', '.join(missing)}; {install_hint(kind)}")
    raise SchemaError(f"{kind} schemas not found; {install_hint(kind)}")


# --------------------------------------------------------------------------- compilation


def _driver_xsd() -> bytes:
    """A schema that only imports the four vocabularies, so one validator covers them all."""
    imports = [(XML, "xml.xsd"), (NAR, POWER_XSD), (NITF, "nitf-3-6.xsd"), (ODRL, "ODRL22.xsd")]
    lines = [f'<xs:schema xmlns:xs="{XSD}"'
             ' targetNamespace="urn:newsconvert:validate-driver">']
    lines += [f'  <xs:import namespace="{ns}" schemaLocation="{loc}"/>' for ns, loc in imports]
    lines.append("</xs:schema>")
    return "\n".join(lines).encode("utf-8")


@functools.lru_cache(maxsize=8)
def _compiled(folder: str) -> etree.XMLSchema:
    """Once per folder per process (about 15 ms); ``install_schemas`` clears it."""
    driver = etree.fromstring(_driver_xsd(), _local_parser(),
                              base_url=(Path(folder) / "newsconvert-driver.xsd").as_uri())
    try:
        return etree.XMLSchema(driver)
    except etree.XMLSchemaParseError as exc:
        raise SchemaError(f"schemas in {folder} cannot be compiled ({exc}); "
                          f"reinstall them: {INSTALL_HINT}") from None


def load_schema(schema_dir: str | os.PathLike[str] | None = None) -> etree.XMLSchema:
    """The compiled driver schema (once per process per folder)."""
    return _compiled(str(find_schema_dir(schema_dir)))


# --------------------------------------------------------------------------- installation


def _fetch(url: str, timeout: float) -> bytes:
    scheme = urllib.parse.urlsplit(url).scheme
    if scheme not in ("http", "https"):
        raise SchemaError(f"refusing to download {url}: only http and https URLs are allowed")
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:
            data = resp.read(MAX_SCHEMA_BYTES + 1)
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise SchemaError(f"cannot download {url}: {reason}") from None
    if len(data) > MAX_SCHEMA_BYTES:
        raise SchemaError(f"{url} is larger than {MAX_SCHEMA_BYTES} bytes; not a schema file")
    return data


Folders = str | os.PathLike[str] | Sequence[str | os.PathLike[str]]


def _from_folders(from_dir: Folders) -> dict[str, Path]:
    """The local file of each schema, for every set the folders hold completely.

    Each file is taken from the first folder holding it. A set only partly present is an error
    (a copy gone wrong); so is a list of folders holding no complete set.
    """
    folders = [Path(from_dir)] if isinstance(from_dir, (str, os.PathLike)) else list(map(Path, from_dir))
    where = ", ".join(str(f) for f in folders)
    out: dict[str, Path] = {}
    for kind, files in SCHEMA_SETS.items():
        found = {name: next((f / name for f in folders if (f / name).is_file()), None)
                 for name in files}
        missing = [name for name, path in found.items() if path is None]
        if len(missing) == len(files):
            continue
        if missing:
            raise SchemaError(f"{where} holds only part of the {kind} schemas: {', '.join(missing)} "
                              "missing; nothing was installed")
        out.update((name, path) for name, path in found.items() if path is not None)
    if not out:
        raise SchemaError(f"no schema files in {where}: expected "
                          f"{'; or '.join(', '.join(files) for files in SCHEMA_SETS.values())}")
    return out


def install_schemas(dest: str | os.PathLike[str] | None = None, *,
                    from_dir: Folders | None = None,
                    base_url: str | None = None, timeout: float = 60.0) -> Path:
    """Fetch the official schema files, check their pinned SHA-256, write them atomically.

    Files come from ``from_dir`` (one local folder or several: every set they hold completely),
    else ``base_url`` + file name (a mirror), else each file's official URL (every set). Nothing
    is written unless every file verifies.
    """
    from .fsutil import atomic_write

    target = Path(dest) if dest is not None else user_schema_dir()
    official = {name: entry for files in SCHEMA_SETS.values() for name, entry in files.items()}
    local = _from_folders(from_dir) if from_dir is not None else None
    payload: dict[str, bytes] = {}
    for name in local if local is not None else official:
        url, digest = official[name]
        if local is not None:
            try:
                data = local[name].read_bytes()
            except OSError as exc:
                raise SchemaError(f"cannot read {local[name]}: {exc.strerror}") from None
            where = str(local[name])
        else:
            where = (base_url.rstrip("/") + "/" + name) if base_url else url
            data = _fetch(where, timeout)
        actual = hashlib.sha256(data).hexdigest()
        if actual != digest:
            raise SchemaError(f"checksum mismatch for {name} from {where}: expected sha256 "
                              f"{digest}, got {actual}; nothing was installed")
        payload[name] = data
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise SchemaError(f"cannot create {target}: {exc.strerror}") from None
    for name, data in payload.items():
        atomic_write(target / name, data)
    _compiled.cache_clear()
    return target


def installed_sets(folder: str | os.PathLike[str]) -> list[str]:
    """The sets of schema files a folder holds completely (what ``schemas install`` reports)."""
    return [kind for kind in SCHEMA_SETS if _complete(Path(folder), kind)]


# --------------------------------------------------------------------------- IPTC catalogs


def iptc_catalog_version(ref: str) -> int | None:
    """The version of an IPTC standards catalog named by a file name or URL, else None."""
    m = _IPTC_CATALOG.search(ref)
    return int(m.group(1)) if m else None


@functools.lru_cache(maxsize=1)
def _iptc_catalog_files() -> dict[int, Path]:
    import NewsMLG2

    folder = Path(NewsMLG2.__file__).parent / "catalogs"
    out: dict[int, Path] = {}
    for path in folder.glob("catalog.IPTC-G2-Standards_*.xml"):
        version = iptc_catalog_version(path.name)
        if version is not None:
            out[version] = path
    return out


@functools.lru_cache(maxsize=16)
def iptc_aliases(version: int | None = None) -> frozenset[str]:
    """Scheme aliases declared by an IPTC catalog shipped in the ``newsmlg2`` package.

    Read offline, so QCode checks never need the network. An unknown version falls back to the
    newest shipped catalog (IPTC only adds schemes).
    """
    files = _iptc_catalog_files()
    if not files:
        return frozenset()
    path = files.get(version) if version is not None else None
    if path is None:
        path = files[max(files)]
    root = etree.parse(str(path), _local_parser()).getroot()
    return frozenset(el.get("alias") for el in root.iter(f"{{{NAR}}}scheme") if el.get("alias"))

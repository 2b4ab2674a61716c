"""What a batch run is: its settings as one picklable value, its tasks, and their fingerprints."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from msgspec import Struct, field

from .. import __version__
from ..errors import UsageError
from ..options import ReadOptions
from ..registry import resolve_formats

#: Name of the manifest kept in the output folder (hidden, SQLite; see ``Manifest``).
MANIFEST_NAME = ".newsconvert-manifest.sqlite"
#: Append-only list of every output a run is about to write (written before the output): the
#: outputs of a killed run are still known to be ours (not "foreign" files) on the next run.
JOURNAL_NAME = ".newsconvert-journal"
#: Lock file that stops two runs writing into one output folder at the same time.
LOCK_NAME = ".newsconvert.lock"
#: Hidden folder in OUTDIR with one temp folder per worker process (see ``write_output``).
PARTS_NAME = ".newsconvert-parts"
#: Files picked up inside input folders unless ``--glob`` says otherwise: every input format the
#: readers know by extension (each file's content then decides its reader).
DEFAULT_GLOBS: tuple[str, ...] = ("*.txt", "*.md", "*.markdown", "*.xml", "*.docx", "*.html", "*.htm")


class BatchConfig(Struct, frozen=True):
    """What every task needs besides its article: picklable and the same for all tasks."""

    outdir: str
    #: Writer names, in the order requested.
    formats: tuple[str, ...]
    #: Style name or absolute path (resolved by the client, so remote workers agree).
    style: str = "default"
    metadata: tuple[tuple[str, str], ...] = ()
    newsml_body: str = "xhtml"
    validate: bool = False
    #: ``SOURCE_DATE_EPOCH`` as seen by the client; workers never read their own environment.
    source_date_epoch: str | None = None
    #: Reader settings (language, provider, junk patterns, encoding, config-file defaults);
    #: ``metadata`` above is added to its overrides.
    read_options: ReadOptions = field(default_factory=ReadOptions)
    #: Input format for every article ("text", "markdown"); None: from each file's extension.
    reader: str | None = None
    #: A reference .docx (absolute path) for DOCX styles, headers and footers.
    reference_docx: str | None = None
    #: ninjs version the ninjs writer produces ("3.1" or "2.2").
    ninjs_version: str = "3.1"
    #: Missing glyphs fail the article instead of a warning (PDF).
    strict_fonts: bool = False
    #: DOCX and EPUB embed subsets of their fonts.
    embed_fonts: bool = False
    #: NewsML-G2 as a newsMessage packaging the text and its pictures.
    newsml_package: bool = False


class Task(Struct, frozen=True):
    """One article to convert: its path, its safe relative name and the formats to (re)write."""

    path: str
    rel: str
    formats: tuple[str, ...]


def writer_names(formats: str | Sequence[str]) -> tuple[str, ...]:
    """Writer names from "all", "docx,pdf" or a list; unknown or uninstalled ones are usage errors.

    ``all`` is every registered writer, plug-ins included (:func:`convert.registry.resolve_formats`).
    A writer whose module cannot be found fails the run now rather than every article later.
    """
    specs = resolve_formats(formats)
    for spec in specs:
        if importlib.util.find_spec(spec.module) is None:
            raise UsageError(f"the {spec.name} writer is not installed (module {spec.module} missing)")
    return tuple(spec.name for spec in specs)


def normalise_metadata(metadata: Mapping[str, str] | Iterable[str | tuple[str, str]] | None
                       ) -> tuple[tuple[str, str], ...]:
    """``KEY=VALUE`` strings, pairs or a mapping as a tuple of pairs; a bad item is a usage error."""
    if metadata is None:
        return ()
    if isinstance(metadata, Mapping):
        return tuple((str(k), str(v)) for k, v in metadata.items())
    out = []
    for item in metadata:
        if isinstance(item, str):
            key, sep, value = item.partition("=")
            if not sep or not key.strip():
                raise UsageError(f"metadata must be KEY=VALUE, got {item!r}")
            out.append((key.strip(), value))
        else:
            k, v = item
            out.append((str(k), str(v)))
    return tuple(out)


def style_ref(style: str | os.PathLike[str]) -> tuple[str, str]:
    """(what workers load, digest of the resolved style); a bad style is a usage error now."""
    from ..styles import load_style

    s = os.fspath(style)
    resolved = load_style(s)
    ref = s
    if os.sep in s or s.endswith(".toml") or Path(s).exists():
        ref = str(Path(s).resolve())
    return ref, hashlib.sha256(repr(resolved).encode("utf-8")).hexdigest()


def fingerprints(config: BatchConfig, style_digest: str) -> dict[str, str]:
    """Per format, a digest of everything besides the input that decides the output bytes."""
    out = {}
    for fmt in config.formats:
        facts = {"format": fmt, "version": __version__, "style": style_digest,
                 "metadata": list(config.metadata), "sde": config.source_date_epoch,
                 "read": repr(config.read_options), "reader": config.reader,
                 "reference_docx": file_digest(config.reference_docx) if fmt == "docx" else None,
                 "newsml_body": config.newsml_body if fmt == "newsml" else None,
                 "ninjs_version": config.ninjs_version if fmt == "ninjs" else None,
                 "strict_fonts": config.strict_fonts if fmt == "pdf" else None,
                 "embed_fonts": config.embed_fonts if fmt in ("docx", "epub") else None,
                 "newsml_package": config.newsml_package if fmt == "newsml" else None}
        out[fmt] = hashlib.sha256(json.dumps(facts, sort_keys=True).encode()).hexdigest()[:32]
    return out


def file_digest(path: str | None) -> str | None:
    """SHA-256 of a file the outputs depend on (the reference .docx); unreadable: usage error."""
    if not path:
        return None
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError as exc:
        raise UsageError(f"cannot read: {exc.strerror}", path=path) from None

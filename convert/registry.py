"""Reader and writer tables: name -> implementation, with aliases, extended by entry points.

Built-in entries name their module as a string, so looking a format up imports only that
format's code: ``newsconvert convert a.txt -o a.xml`` never imports reportlab or python-docx.
Third-party packages add formats through the entry-point groups ``newsconvert.readers`` and
``newsconvert.writers``; each entry point loads a :class:`ReaderSpec` / :class:`WriterSpec`.
Installed packages are scanned for entry points only when the built-in table cannot answer (a
name or extension it does not know, ``-t all``, a listing): the scan (``importlib.metadata``)
costs a one-shot conversion 20–60 ms. A plug-in name that clashes with another raises whenever
the full table is built.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from msgspec import Struct

from .errors import UnknownFormatError, UnsupportedFormatError, UsageError

if TYPE_CHECKING:
    from .model import Document
    from .options import ReadOptions, WriteOptions


class WriterSpec(Struct, frozen=True):
    """A writer module and what the command line needs to know about it.

    ``module`` exposes ``write(doc, options) -> bytes`` and, when ``many`` is true,
    ``write_many(docs, options) -> bytes`` (one EPUB edition, one NewsML-G2 newsMessage).
    """

    name: str
    extensions: tuple[str, ...]
    media_type: str
    module: str
    description: str
    aliases: tuple[str, ...] = ()
    many: bool = False

    def load(self) -> Any:
        """Import the implementing module (once; Python caches it)."""
        return importlib.import_module(self.module)

    def write(self, doc: Document, options: WriteOptions) -> bytes:
        """Render one document."""
        return self.load().write(doc, options)

    def write_many(self, docs: Sequence[Document], options: WriteOptions) -> bytes:
        """Render several documents as one output (only when ``many``)."""
        if not self.many:
            raise UsageError(f"the {self.name} writer makes one output per article; "
                             "use -d DIR to write one file per input")
        return self.load().write_many(docs, options)


class ReaderSpec(Struct, frozen=True):
    """A reader: ``module`` exposes ``read(data: bytes, options) -> Document``."""

    name: str
    extensions: tuple[str, ...]
    module: str
    description: str
    aliases: tuple[str, ...] = ()

    def load(self) -> Any:
        """Import the implementing module."""
        return importlib.import_module(self.module)

    def read(self, data: bytes, options: ReadOptions) -> Document:
        """Parse bytes into a Document."""
        return self.load().read(data, options)

    def read_many(self, data: bytes, options: ReadOptions) -> list[Document]:
        """Every article in the input, in order: one, or several (a NewsML-G2 newsMessage).

        Readers whose inputs can hold several articles expose ``read_many(data, options)``;
        their ``read`` returns the one article of such an input and raises an InputError saying
        how many there are when there are several. Other readers give ``[read(data, options)]``.
        """
        module = self.load()
        if hasattr(module, "read_many"):
            return list(module.read_many(data, options))
        return [module.read(data, options)]

    def explain(self, data: bytes, options: ReadOptions) -> tuple[Document, dict[str, Any]]:
        """Parse bytes and say what the reader decided (``newsconvert parse``).

        Readers without ``explain(data, options) -> (Document, diagnostics)`` report nothing.
        """
        module = self.load()
        if not hasattr(module, "explain"):
            return module.read(data, options), {}
        doc, diagnostics = module.explain(data, options)
        return doc, diagnostics.as_dict() if hasattr(diagnostics, "as_dict") else dict(diagnostics)


BUILTIN_WRITERS: tuple[WriterSpec, ...] = (
    WriterSpec("docx", (".docx",),
               "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
               "convert.writers.docx", "Word document for editors (python-docx)"),
    WriterSpec("pdf", (".pdf",), "application/pdf", "convert.writers.pdf",
               "PDF for print and archive (reportlab)"),
    WriterSpec("epub", (".epub",), "application/epub+zip", "convert.writers.epub",
               "EPUB 3 for e-readers; several inputs make one edition (lxml)", many=True),
    WriterSpec("newsml", (".xml", ".nml"), "application/vnd.iptc.g2.newsitem+xml",
               "convert.writers.newsml",
               "IPTC NewsML-G2 2.35 newsItem; several inputs make one newsMessage (lxml)",
               aliases=("newsml-g2", "nml", "xml"), many=True),
    WriterSpec("ninjs", (".json", ".jsonl"), "application/json", "convert.writers.ninjs",
               "IPTC ninjs 3.1 JSON (2.2 with --ninjs-version); several inputs make JSON Lines",
               many=True),
    WriterSpec("html", (".html", ".htm"), "text/html", "convert.writers.html",
               "standalone HTML5 page in the house style; several inputs make one edition page",
               aliases=("htm",), many=True),
)

BUILTIN_READERS: tuple[ReaderSpec, ...] = (
    ReaderSpec("text", (".txt", ".text", ""), "convert.readers.text",
               "plain-text news article (headline, paragraphs, front matter)",
               aliases=("txt", "plain")),
    ReaderSpec("markdown", (".md", ".markdown"), "convert.readers.markdown",
               "Markdown article (CommonMark, with YAML front matter)", aliases=("md",)),
    ReaderSpec("newsml", (".xml", ".nml", ".newsml"), "convert.readers.newsml",
               "IPTC NewsML-G2 newsItem (XHTML or NITF body); each text item of a newsMessage",
               aliases=("newsml-g2", "nml", "xml", "g2")),
    ReaderSpec("nitf", (".nitf",), "convert.readers.nitf", "NITF 3.x news document"),
    ReaderSpec("docx", (".docx",), "convert.readers.docx",
               "Word document (python-docx): styles, lists, properties; tracked changes accepted",
               aliases=("word",)),
    ReaderSpec("html", (".html", ".htm"), "convert.readers.html",
               "web page (the article found by trafilatura, with the page's metadata) or HTML "
               "fragment (mapped as it is)", aliases=("htm",)),
)


def entry_points(group: str) -> Any:
    """The installed entry points of a group; ``importlib.metadata`` is imported only now."""
    from importlib.metadata import entry_points as scan

    return scan(group=group)


def _table(builtin: Sequence[Any], group: str) -> dict[str, Any]:
    table: dict[str, Any] = {}

    def add(spec: Any, where: str) -> None:
        for key in (spec.name, *spec.aliases):
            if key in table and table[key] is not spec:
                raise UsageError(f"format name {key!r} is registered twice ({where})")
            table[key] = spec

    for spec in builtin:
        add(spec, "built-in")
    for ep in sorted(entry_points(group=group), key=lambda e: e.name):
        try:
            spec = ep.load()
        except Exception as exc:  # a broken plug-in must not break the built-in formats
            raise UsageError(f"cannot load {group} entry point {ep.name!r}: {exc}") from exc
        add(spec, f"entry point {ep.value}")
    return table


@functools.cache
def writers() -> dict[str, WriterSpec]:
    """All writers by name and alias."""
    return _table(BUILTIN_WRITERS, "newsconvert.writers")


@functools.cache
def readers() -> dict[str, ReaderSpec]:
    """All readers by name and alias."""
    return _table(BUILTIN_READERS, "newsconvert.readers")


@functools.cache
def _builtin(kind: str) -> dict[str, Any]:
    """The built-in table alone (names and aliases), without scanning for plug-ins."""
    specs = BUILTIN_WRITERS if kind == "output" else BUILTIN_READERS
    return {key: spec for spec in specs for key in (spec.name, *spec.aliases)}


def _unique(table: dict[str, Any]) -> list[Any]:
    return list(dict.fromkeys(table.values()))  # specs are values: aliases collapse to one


def writer_list() -> list[WriterSpec]:
    """Each writer once, in registration order."""
    return _unique(writers())


def reader_list() -> list[ReaderSpec]:
    """Each reader once, in registration order."""
    return _unique(readers())


def _lookup(table: dict[str, Any], name: str, kind: str) -> Any:
    key = name.strip().lower()
    if key in table:
        return table[key]
    installed = ", ".join(s.name for s in _unique(table))
    raise UnknownFormatError(f"unknown {kind} format {name!r} (installed: {installed})")


def get_writer(name: str) -> WriterSpec:
    """A writer by name or alias; unknown names raise an error listing the installed ones."""
    found = _builtin("output").get(name.strip().lower())
    return found if found is not None else _lookup(writers(), name, "output")


def get_reader(name: str) -> ReaderSpec:
    """A reader by name or alias."""
    found = _builtin("input").get(name.strip().lower())
    return found if found is not None else _lookup(readers(), name, "input")


def _by_extension(specs: list[Any], suffix: str) -> Any | None:
    suffix = suffix.lower()
    for spec in specs:
        if suffix in spec.extensions:
            return spec
    return None


def writer_for_path(path: str) -> WriterSpec:
    """The writer whose extension matches an output path."""
    suffix = _suffix(path)
    spec = _by_extension(list(BUILTIN_WRITERS), suffix) or _by_extension(writer_list(), suffix)
    if spec is None:
        exts = ", ".join(e for s in writer_list() for e in s.extensions)
        raise UnknownFormatError(
            f"cannot tell the output format from {path!r}: use -t FORMAT or one of {exts}")
    return spec


def reader_for_path(path: str) -> ReaderSpec:
    """The reader for an input path (unknown extensions are read as plain text)."""
    suffix = _suffix(path)
    spec = _by_extension(list(BUILTIN_READERS), suffix) or _by_extension(reader_list(), suffix)
    return spec if spec is not None else get_reader("text")


def reader_for_input(path: str, data: bytes) -> ReaderSpec:
    """The reader for an input, told by its content first, then by its extension.

    Content that decides by itself (a signature, a zip's members, an XML root element, a whole
    HTML page: see :mod:`convert.readers.sniff`) wins over the extension, so a NewsML-G2 file
    named ``.txt`` is read as NewsML-G2. Text that may be plain text, Markdown or an HTML
    fragment is read as its extension says, else (no extension, stdin) as it looks. A format no
    installed reader reads is an :class:`UnsupportedFormatError` naming it, unless a plug-in
    reader claims the file's extension. ``path`` names the input in messages ("<stdin>").
    """
    from .readers.sniff import sniff

    found = sniff(data)
    suffix = _suffix(path)
    by_ext = None
    if suffix:  # built-ins first: plug-ins are scanned for only for an extension they do not know
        by_ext = _by_extension(list(BUILTIN_READERS), suffix) or _by_extension(reader_list(), suffix)
    if found.sure or by_ext is None:
        if found.reader is not None:
            try:
                return get_reader(found.reader)
            except UnknownFormatError:
                pass
        if by_ext is not None and by_ext not in BUILTIN_READERS:
            return by_ext  # a plug-in reads what the built-in readers do not
        if found.reader is None and not found.sure:
            return get_reader("text")
        why = found.why or f"no {found.reader} reader is installed"
        raise UnsupportedFormatError(f"unsupported input format: {found.name} ({why})", path=path)
    return by_ext


def resolve_formats(names: str | Sequence[str]) -> tuple[WriterSpec, ...]:
    """Writers for ``-t`` values: names or aliases, comma-separated or a sequence, or ``all``.

    ``all`` means every registered writer, plug-ins included, in registration order. Each
    writer appears once, in the order first named; an unknown name raises an error listing
    the installed writers, and an empty request is a usage error.
    """
    items = [names] if isinstance(names, str) else list(names)
    specs: list[WriterSpec] = []
    for item in items:
        for part in str(item).split(","):
            part = part.strip()
            if not part:
                continue
            for spec in writer_list() if part.lower() == "all" else [get_writer(part)]:
                if spec not in specs:
                    specs.append(spec)
    if not specs:
        installed = ", ".join(s.name for s in writer_list())
        raise UsageError(f"no output format given (use -t FORMAT[,FORMAT] or -t all; "
                         f"installed: {installed})")
    return tuple(specs)


def _suffix(path: str) -> str:
    name = path.replace("\\", "/").rsplit("/", 1)[-1]
    return "." + name.rsplit(".", 1)[-1].lower() if "." in name.lstrip(".") else ""


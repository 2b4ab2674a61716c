"""Options shared by the commands that read and write articles, and the config file they merge with.

Each flag maps to one field of :class:`convert.options.ReadOptions` or of the pipeline's
:class:`convert.pipeline.Job`; a ``[convert]`` key in the config file is the same setting, and a
flag given on the command line wins.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click
from msgspec import Struct

from .. import tomldata
from ..errors import UsageError
from ..options import DEFAULT_LANGUAGES, ReadOptions
from ..textutil import lazy_pattern
from .group import warn

#: Keys of the config file's ``[convert]`` table.
CONFIG_KEYS = frozenset({"style", "newsml_body", "provider", "language", "languages", "default_language",
                         "junk", "reference_docx", "ninjs_version", "strict_fonts", "embed_fonts",
                         "newsml_package", "max_input_size"})

#: Size suffixes of ``--max-input-size`` (binary multiples, as the 20 MiB default).
_SIZE_UNITS = {"": 1, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30}
_SIZE = lazy_pattern(r"\s*(\d+(?:\.\d+)?)\s*([kmg]?)(?:i?b)?\s*", re.IGNORECASE)


def parse_size(value: Any, where: str = "--max-input-size") -> int:
    """Bytes from ``10M``, ``512K``, ``1.5G``, ``20MiB`` or a plain number of bytes."""
    m = _SIZE().fullmatch(str(value)) if not isinstance(value, bool) else None
    size = int(float(m.group(1)) * _SIZE_UNITS[m.group(2).lower()]) if m else 0
    if size <= 0:
        raise UsageError(f"{where} expects a size such as 10M, 512K or 1G, got {value!r}")
    return size


def parse_metadata(values: Sequence[str], flag: str = "-M") -> tuple[tuple[str, str], ...]:
    """``KEY=VALUE`` strings as pairs; anything else is a usage error naming the value."""
    pairs = []
    for item in values:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise UsageError(f"{flag} expects KEY=VALUE, got {item!r}")
        pairs.append((key.strip(), value))
    return tuple(pairs)


def _check_keys(keys: Sequence[str], where: str) -> None:
    """Warn about a metadata key that looks like a misspelt field ("urgancy"); it stays custom."""
    if not keys:
        return
    from ..readers.metadata import closest_key

    for key in dict.fromkeys(keys):
        near = closest_key(key)
        if near is not None:
            warn(f"{where} {key}: not a metadata field, kept as a custom one; did you mean {near}?")


#: Writer flags and the formats that use them: given without any of these, a flag warns.
_WRITER_FLAGS: dict[str, tuple[str, tuple[str, ...]]] = {
    "reference_docx": ("--reference-docx", ("docx",)),
    "newsml_body": ("--newsml-body", ("newsml",)),
    "newsml_package": ("--package", ("newsml",)),
    "ninjs_version": ("--ninjs-version", ("ninjs",)),
    "strict_fonts": ("--strict-fonts", ("pdf",)),
    "embed_fonts": ("--embed-fonts", ("docx", "epub")),
}


def inapplicable(formats: Sequence[str], **given: Any) -> list[str]:
    """One warning per writer flag given on the command line that no requested format uses.

    ``given``: the flags as the command received them (None or False: not given).
    """
    return [f"{flag} applies only to {' or '.join(uses)} output; ignored"
            for name, (flag, uses) in _WRITER_FLAGS.items()
            if given.get(name) and not set(uses) & set(formats)]


def _language_tag(value: Any, where: str) -> str | None:
    """A BCP 47 tag (or a language name such as "Urdu") from a flag or the config; None when unset."""
    if value is None or value == "":
        return None
    from ..readers.metadata import MetaFields

    fields = MetaFields()
    fields.apply({"language": str(value)}, where, usage=True)
    return str(fields.values["language"])


def _language_list(value: Any) -> tuple[str, ...]:
    """Candidate languages from ``--languages a,b`` or the config's ``languages = [...]``."""
    if value is None:
        return DEFAULT_LANGUAGES
    items = value if isinstance(value, list) else str(value).split(",")
    tags = tuple(t for t in (_language_tag(str(v).strip(), "--languages:") for v in items) if t)
    if not tags:
        raise UsageError("languages must name at least one language (e.g. en,ur)")
    return tags


def config_path(path: str | None) -> str | None:
    """The config file to read: ``--config``, else ``$NEWSCONVERT_CONFIG``, else the user's own.

    The user's own is ``config.toml`` in the platform's config folder (``~/.config/newsconvert``
    on Linux; :func:`convert.userdirs.config_dir`), when it exists.
    ``NEWSCONVERT_CONFIG`` set but empty: none.
    """
    if path:
        return path
    env = os.environ.get("NEWSCONVERT_CONFIG")
    if env is not None:
        return env or None
    from ..userdirs import config_dir

    user = config_dir() / "config.toml"
    return str(user) if user.is_file() else None


def load_config(path: str | None) -> dict[str, Any]:
    """The config file (:func:`config_path`): TOML, its sections checked here.

    ``[metadata]`` defaults, ``[convert]`` settings and ``[conventions.<language>]`` additions to
    the reader's conventions (junk lines, sign-offs, desks ...).
    """
    path = config_path(path)
    if not path:
        return {}
    try:
        data = tomldata.read(Path(path))
    except OSError as exc:
        raise UsageError(f"cannot read config file: {exc.strerror}") from None
    except (tomldata.TomlError, UnicodeDecodeError) as exc:
        raise UsageError(f"{path}: config file is not valid TOML: {exc}") from None
    unknown = set(data) - {"metadata", "convert", "conventions"}
    if unknown:
        raise UsageError(f"{path}: unknown config section(s): {', '.join(sorted(unknown))} "
                         "(known: metadata, convert, conventions)")
    for section in ("metadata", "convert", "conventions"):
        if not isinstance(data.get(section, {}), dict):
            raise UsageError(f"{path}: [{section}] must be a table")
    unknown = set(data.get("convert", {})) - CONFIG_KEYS
    if unknown:
        raise UsageError(f"{path}: unknown key(s) in [convert]: {', '.join(sorted(unknown))} "
                         f"(known: {', '.join(sorted(CONFIG_KEYS))})")
    if data.get("conventions"):
        from ..readers.conventions import extend_conventions, load_conventions

        data["conventions"] = extend_conventions(load_conventions(), data["conventions"], str(path))
    return data


class Settings(Struct, frozen=True):
    """Everything the options of convert/parse/batch resolve to (flags over config file)."""

    read: ReadOptions
    style: str
    newsml_body: str
    reference_docx: Path | None
    title: str | None
    ninjs_version: str = "3.1"
    strict_fonts: bool = False
    embed_fonts: bool = False
    newsml_package: bool = False

    def job(self, formats: Sequence[Any] = (), reader: str | None = None) -> Any:
        """The pipeline job these settings describe (loads the style, reads the reference)."""
        from ..pipeline import make_job

        return make_job(style=self.style, formats=formats, read_options=self.read, reader=reader,
                        newsml_body=self.newsml_body, reference_docx=self.reference_docx,
                        title=self.title, ninjs_version=self.ninjs_version,
                        strict_fonts=self.strict_fonts, embed_fonts=self.embed_fonts,
                        newsml_package=self.newsml_package)


def common_options(func: Any) -> Any:
    """Options shared by the commands that read articles (convert, parse, batch)."""
    options = [
        click.option("-M", "--metadata", "metadata", multiple=True, metavar="KEY=VALUE",
                     help="Set a metadata field, overriding the article (e.g. -M provider=example.org"
                          " -M urgency=3 -M keywords='a, b'). Repeatable."),
        click.option("--config", "config", type=click.Path(dir_okay=False), default=None,
                     help="TOML config file with [metadata] defaults, [convert] settings and "
                          "[conventions.<lang>] reader additions (default: $NEWSCONVERT_CONFIG, "
                          "else config.toml in the user's config folder, e.g. "
                          "~/.config/newsconvert/)."),
        click.option("--from", "reader", default=None, metavar="FORMAT",
                     help="Input format (text, markdown, newsml, nitf, docx, html); default: told by "
                          "the content, then the extension."),
        click.option("--encoding", default=None, help="Input encoding instead of detection."),
        click.option("--language", default=None, metavar="TAG",
                     help="The article's language (BCP 47) when the article does not state one; "
                          "nothing is identified then. Without it the language is identified "
                          "from the text (falling back to en, or default_language in the config)."),
        click.option("--languages", default=None, metavar="TAG,TAG,...",
                     help="Candidate languages for identification (default: en,ur,ar,fa,ps,hi,bn,"
                          "pa,zh,ja,ko,th,he,es,fr,de,pt,it,nl,ru,uk,tr,id,el)."),
        click.option("--provider", default=None,
                     help="Provider (your domain) for identifiers and NewsML-G2 provider."),
        click.option("--junk", multiple=True, metavar="REGEX",
                     help="Extra scraped-junk line pattern to drop (whole line, case-insensitive)."),
        click.option("--resource-path", "resource_path", multiple=True, metavar="DIR",
                     type=click.Path(file_okay=False),
                     help="Folder to look for pictures in after the article's own (repeatable)."),
        click.option("--max-input-size", "max_input_size", default=None, metavar="SIZE",
                     help="Refuse an input larger than this (exit 3), e.g. 10M, 512K, 1G "
                          "(default: 20M)."),
        click.option("--fetch-remote", is_flag=True, default=False,
                     help="Fetch http(s) pictures from the network (off by default; with timeouts "
                          "and a size limit)."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def complete_formats(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
    """Shell completion of ``-t``: writer names (and ``all``) after the last comma."""
    from click.shell_completion import CompletionItem

    from ..registry import writer_list

    head, comma, last = incomplete.rpartition(",")
    names = ["all", *(w.name for w in writer_list())]
    return [CompletionItem(f"{head}{comma}{name}") for name in names if name.startswith(last)]


def complete_styles(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
    """Shell completion of ``--style``: the installed house styles (a file path also works)."""
    from click.shell_completion import CompletionItem

    from ..styles import available_styles

    return [CompletionItem(name) for name in sorted(available_styles()) if name.startswith(incomplete)]


def writer_options(func: Any) -> Any:
    """Options for commands that write outputs (convert, batch)."""
    options = [
        click.option("--style", default=None, metavar="NAME|FILE", shell_complete=complete_styles,
                     help="House style: a name from `newsconvert styles` or a .toml file "
                          "(default: default)."),
        click.option("--newsml-body", type=click.Choice(["xhtml", "nitf"]), default=None,
                     help="NewsML-G2 body format (default: xhtml)."),
        click.option("--package", "newsml_package", is_flag=True, default=None,
                     help="NewsML-G2: a newsMessage whose packageItem groups the text item and "
                          "one pictureItem per picture (name, media type, size), instead of a "
                          "lone newsItem."),
        click.option("--ninjs-version", type=click.Choice(["3.1", "2.2"]), default=None,
                     help="ninjs version the ninjs writer produces (default: 3.1)."),
        click.option("--reference-docx", type=click.Path(exists=True, dir_okay=False),
                     default=None, help="Take DOCX styles, headers and footers from this .docx."),
        click.option("--fail-on-warning", is_flag=True,
                     help="Exit with code 7 when any article gave a warning (outputs are still "
                          "written; failures keep code 6)."),
        click.option("--strict-fonts", is_flag=True, default=None,
                     help="A character no installed font can draw fails the article (exit 3) "
                          "instead of a warning naming the script and the font package to "
                          "install (`newsconvert fonts` lists what is installed)."),
        click.option("--embed-fonts", is_flag=True, default=None,
                     help="DOCX and EPUB carry subsets of the fonts they name (house fonts and "
                          "the faces of each script), so a machine without them shows the same "
                          "faces."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def resolve_settings(*, metadata: Sequence[str], config: str | None, encoding: str | None,
                     language: str | None, provider: str | None, junk: Sequence[str],
                     languages: str | None = None,
                     style: str | None = None, newsml_body: str | None = None,
                     reference_docx: str | None = None, title: str | None = None,
                     ninjs_version: str | None = None, strict_fonts: bool | None = None,
                     embed_fonts: bool | None = None, newsml_package: bool | None = None,
                     resource_path: Sequence[str] = (), fetch_remote: bool = False,
                     max_input_size: str | None = None, **_: Any) -> Settings:
    """Merge config file and flags (flags win) into reader options and writer settings."""
    cfg = load_config(config)
    conv = cfg.get("convert", {})
    defaults = tuple((str(k), ", ".join(map(str, v)) if isinstance(v, list) else str(v))
                     for k, v in cfg.get("metadata", {}).items())
    pairs = parse_metadata(metadata)
    _check_keys([k for k, _ in pairs], "-M")
    _check_keys([k for k, _ in defaults], "[metadata]")
    cfg_junk = conv.get("junk", [])
    limit = max_input_size if max_input_size is not None else conv.get("max_input_size")
    read = ReadOptions(
        metadata=pairs, defaults=defaults,
        language=_language_tag(language or conv.get("language"), "--language:"),
        languages=_language_list(languages if languages is not None else conv.get("languages")),
        default_language=_language_tag(conv.get("default_language"), "default_language:") or "en",
        provider=provider or conv.get("provider", "newsconvert.invalid"),
        junk_patterns=tuple(cfg_junk if isinstance(cfg_junk, list) else [cfg_junk]) + tuple(junk),
        encoding=encoding,
        conventions=cfg.get("conventions") or None,
        resource_path=tuple(os.path.abspath(p) for p in resource_path), fetch_remote=bool(fetch_remote),
        **({"max_bytes": parse_size(limit, "--max-input-size" if max_input_size is not None
                                    else "max_input_size")} if limit is not None else {}),
    )
    ref = reference_docx or conv.get("reference_docx")
    ninjs = str(ninjs_version or conv.get("ninjs_version", "3.1"))
    if ninjs not in ("3.1", "2.2"):
        raise UsageError(f"ninjs_version must be 3.1 or 2.2, got {ninjs!r}")
    flags = {}
    for key, given in (("strict_fonts", strict_fonts), ("embed_fonts", embed_fonts),
                       ("newsml_package", newsml_package)):
        value = given if given is not None else conv.get(key, False)
        if not isinstance(value, bool):
            raise UsageError(f"{key} must be true or false, got {value!r}")
        flags[key] = value
    return Settings(read=read, style=style or conv.get("style", "default"),
                    newsml_body=newsml_body or conv.get("newsml_body", "xhtml"),
                    reference_docx=Path(ref) if ref else None, title=title, ninjs_version=ninjs,
                    **flags)

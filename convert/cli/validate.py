"""The ``validate`` command and the ``schemas`` group, attached lazily to the main command group."""

from __future__ import annotations

import json
import os
import sys

import click

from ..errors import EXIT_INVALID, EXIT_OK, InputError


@click.command("validate")
@click.argument("files", nargs=-1, required=True, metavar="FILE...")
@click.option("--strict", is_flag=True,
              help="Treat guideline warnings (timezones, date order, QCode aliases, "
                   "conformance, guid/uri uniqueness, version, language tags) as errors.")
@click.option("--json", "as_json", is_flag=True,
              help="Print one JSON document with every file's findings instead of lines.")
@click.option("--schema-dir", type=click.Path(file_okay=False), default=None,
              help="Folder holding the schema files the given files need: the NewsML-G2 XSDs, "
                   "the ninjs JSON Schemas, or both (default: $NEWSCONVERT_SCHEMA_DIR, then the "
                   "folder `newsconvert schemas install` fills).")
def validate_command(files: tuple[str, ...], strict: bool, as_json: bool,
                     schema_dir: str | None) -> None:
    """Validate NewsML-G2 items and messages, and ninjs documents (any producer's, not only ours).

    NewsML-G2: the 2.35 Power schema (with xml.xsd), inline NITF 3.6 and embedded ODRL 2.2, then
    the IPTC guideline rules the schema cannot express. ninjs (.json, or .jsonl with one object
    per line): IPTC's ninjs 3.1 or 2.2 JSON Schema with format checks (URIs, RFC 3339 dates), then
    the guideline rules (date order, language tags, counts, unique uris). Each format needs only
    its own schema files (`newsconvert schemas install` fetches both sets). Each problem is printed
    as `file:line:column: level: message`. Exit code 0 when every file is valid, 5 when one is not.

    \b
    Examples:
      newsconvert validate out/article.xml
      newsconvert validate --strict out/*.xml out/*.json
      newsconvert validate feed.jsonl
      newsconvert validate --json --schema-dir ~/iptc-schemas feed.xml
    """
    from ..schemas import NINJS, find_schema_dir, load_schema
    from ..validate import is_ninjs, validate_file

    for name in files:
        if not os.path.exists(name):
            raise InputError("no such file", path=name)
    json_files = [is_ninjs(_head(name), name) for name in files]
    # one clear error (with the install hint) before any file, for each format present
    if not all(json_files):
        load_schema(schema_dir)
    if any(json_files):
        find_schema_dir(schema_dir, NINJS)
    reports = [validate_file(name, strict=strict, schema_dir=schema_dir) for name in files]
    if as_json:
        click.echo(json.dumps({"valid": all(r.valid for r in reports), "strict": strict,
                               "files": [r.to_dict() for r in reports]},
                              ensure_ascii=False, indent=2))
    else:
        for report in reports:
            for finding in report.findings:
                click.echo(str(finding))
        bad = sum(not r.valid for r in reports)
        summary = (f"{len(reports) - bad} of {len(reports)} file(s) valid"
                   + (" (strict)" if strict else ""))
        click.echo(summary, err=True)
    sys.exit(EXIT_OK if all(r.valid for r in reports) else EXIT_INVALID)


def _head(name: str) -> bytes:
    """The first bytes of a file (enough to tell JSON from XML); none when it cannot be read."""
    try:
        with open(name, "rb") as fh:
            return fh.read(64)
    except OSError:
        return b""


@click.group("schemas")
def schemas_group() -> None:
    """Install or locate the IPTC schemas `validate` needs (not shipped with newsconvert).

    Two sets: the NewsML-G2 XSDs (NewsML-G2 2.35 Power, xml.xsd, NITF 3.6, ODRL 2.2) and the
    ninjs 3.1/2.2 JSON Schemas. Each is looked up on its own.

    \b
    Examples:
      newsconvert schemas install                 # download both sets, check SHA-256
      newsconvert schemas install --from ~/iptc   # copy from a local folder, check SHA-256
      newsconvert schemas install --from ~/xsd --from ~/ninjs
      newsconvert schemas path                    # where validate finds the NewsML-G2 XSDs
      newsconvert schemas path --for ninjs        # ... and the ninjs JSON Schemas
    """


@schemas_group.command("install")
@click.option("--from", "from_dir", type=click.Path(file_okay=False), multiple=True,
              help="Copy the files from this local folder instead of downloading them "
                   "(repeatable; every set the folders hold completely is installed).")
@click.option("--url", "base_url", default=None, metavar="BASE",
              help="Download every file as BASE/<file name> (a mirror) instead of the "
                   "official URLs.")
@click.option("--dest", type=click.Path(file_okay=False), default=None,
              help="Install into this folder (default: the user cache folder).")
def install_command(from_dir: tuple[str, ...], base_url: str | None, dest: str | None) -> None:
    """Fetch the official schema files, verify pinned SHA-256 sums, write them atomically.

    Nothing is written unless every file matches its pinned checksum.
    """
    from ..errors import UsageError
    from ..schemas import install_schemas, installed_sets

    if from_dir and base_url:
        raise UsageError("give either --from or --url, not both")
    target = install_schemas(dest, from_dir=from_dir or None, base_url=base_url)
    click.echo(f"schemas installed in {target} (it holds: {', '.join(installed_sets(target))})")


@schemas_group.command("path")
@click.option("--schema-dir", type=click.Path(file_okay=False), default=None,
              help="Check this folder first.")
@click.option("--for", "kind", type=click.Choice(["newsml", "ninjs"]), default="newsml",
              show_default=True, help="Which schemas: the NewsML-G2 XSDs or the ninjs JSON Schemas.")
def path_command(schema_dir: str | None, kind: str) -> None:
    """Print the folder `validate` uses (error with install hints when there is none)."""
    from ..schemas import NEWSML, NINJS, find_schema_dir

    click.echo(str(find_schema_dir(schema_dir, NINJS if kind == "ninjs" else NEWSML)))

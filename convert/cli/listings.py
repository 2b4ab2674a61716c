"""The listing commands: ``formats``, ``styles`` and ``fonts`` (what is installed on this machine)."""

from __future__ import annotations

import click

from ..errors import NewsconvertError


@click.command()
def formats() -> None:
    """List the installed input and output formats."""
    from ..registry import reader_list, writer_list

    click.echo("Output formats (-t):")
    for w in writer_list():
        aliases = f" (also: {', '.join(w.aliases)})" if w.aliases else ""
        click.echo(f"  {w.name:<8} {' '.join(w.extensions):<11} {w.description}{aliases}")
    click.echo("Input formats (--from):")
    for r in reader_list():
        exts = " ".join(e for e in r.extensions if e) or "-"
        click.echo(f"  {r.name:<8} {exts:<11} {r.description}")


@click.command()
def styles() -> None:
    """List the installed house styles (use with --style NAME)."""
    from ..styles import available_styles, load_style

    for name, path in sorted(available_styles().items()):
        try:
            desc = load_style(path).description
        except NewsconvertError as exc:
            desc = f"(broken: {exc})"
        click.echo(f"  {name:<12} {desc}  [{path}]")


@click.command()
@click.option("--language", default="", metavar="TAG",
              help="Show the faces chosen for an article in this language (e.g. ur: Nastaliq).")
@click.option("--sans", is_flag=True, help="The sans-serif chains (headlines) instead of serif.")
def fonts(language: str, sans: bool) -> None:
    """List each script and the font that draws it on this machine (PDF fallback chains).

    A script without a font is drawn as boxes; its line names the package to install.
    `convert --strict-fonts` turns such characters into an error instead of a warning.
    """
    from ..writers.pdf import script_fonts

    rows = script_fonts(language=language, generic="sans-serif" if sans else "serif")
    click.echo(f"{'script':<6} {'name':<22} {'font':<26} {'from':<7} file or what to install")
    for row in rows:
        if row.path is None:
            click.echo(f"{row.code:<6} {row.name:<22} {'(none)':<26} {'':<7} "
                       f"install {row.install or 'a font for this script'}")
        else:
            click.echo(f"{row.code:<6} {row.name:<22} {row.family:<26} {row.source:<7} {row.path}")
    missing = sum(1 for row in rows if row.path is None)
    click.echo(f"{len(rows) - missing} of {len(rows)} scripts have a font"
               + ("" if language else "; --language ur, fa, ja, ko … shows per-language faces"))

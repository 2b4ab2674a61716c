"""The user's folders: config (``config.toml``, ``styles/``) and cache (font copies, schemas).

The config folder comes from click's ``get_app_dir`` (already imported by every command; the same
folder platformdirs names: ``$XDG_CONFIG_HOME/newsconvert`` or ``~/.config/newsconvert`` on Linux,
``~/Library/Application Support/newsconvert`` on macOS, ``%LOCALAPPDATA%\\newsconvert`` on
Windows). Importing platformdirs costs 4 ms, so it is imported only for the cache folder, which
only the PDF writer and ``schemas install`` need.
"""

from __future__ import annotations

from pathlib import Path

APP = "newsconvert"


def config_dir() -> Path:
    """The user's config folder (it may not exist)."""
    import click

    return Path(click.get_app_dir(APP, roaming=False))


def cache_dir() -> Path:
    """The user's cache folder (it may not exist)."""
    from platformdirs import user_cache_dir

    return Path(user_cache_dir(APP))

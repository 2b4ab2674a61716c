"""The user's folders, from platformdirs: config (``config.toml``, ``styles/``) and cache.

``~/.config/newsconvert`` (or ``$XDG_CONFIG_HOME/newsconvert``) and ``~/.cache/newsconvert`` on
Linux, the platform's own folders elsewhere. platformdirs is imported here, on first use, so a
command that needs neither folder does not pay for it.
"""

from __future__ import annotations

from pathlib import Path

APP = "newsconvert"


def config_dir() -> Path:
    """The user's config folder (it may not exist)."""
    from platformdirs import user_config_dir

    return Path(user_config_dir(APP))


def cache_dir() -> Path:
    """The user's cache folder (it may not exist): PDF font copies, DOCX templates, schemas."""
    from platformdirs import user_cache_dir

    return Path(user_cache_dir(APP))

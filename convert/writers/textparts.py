"""Plain values the writers share that need no XML library: a URL's scheme, task-list boxes.

Kept apart from :mod:`.xhtml_tree` so that writers without XHTML (PDF, DOCX, ninjs) do not import
lxml for them: the PDF writer's start-up no longer pays for it.
"""

from __future__ import annotations

import re

_SCHEME = re.compile(r"^\s*([A-Za-z][A-Za-z0-9+.-]*):")

#: The boxes of a task list item, by ``checked`` (ballot box with and without a check).
TASK_BOX = {True: "\u2611", False: "\u2610"}


def scheme(url: str) -> str | None:
    """The URL's scheme in lower case, or None for a relative reference (``#top``, ``a/b.md``)."""
    m = _SCHEME.match(url)
    return m.group(1).lower() if m else None

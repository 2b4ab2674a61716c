"""newsconvert: news articles to DOCX, PDF, EPUB 3 and IPTC NewsML-G2.

Public API (imported lazily, so ``import convert`` stays cheap)::

    import convert
    doc = convert.read_file("article.txt")
    data = convert.write(doc, "newsml")
    convert.convert("article.txt", "article.docx")
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

_API = {
    "read": "api", "read_file": "api", "write": "api", "write_many": "api", "convert": "api",
    "default_write_options": "api", "batch": "batching.api",
    "Document": "model", "Meta": "model", "ReadOptions": "options", "WriteOptions": "options",
    "load_style": "styles", "NewsconvertError": "errors",
}
__all__ = ["__version__", *_API]


def __getattr__(name: str) -> Any:
    if name in _API:
        import importlib

        module = importlib.import_module(f".{_API[name]}", __name__)
        return getattr(module, name)
    raise AttributeError(f"module 'convert' has no attribute {name!r}")

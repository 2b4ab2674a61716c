"""House styles load, extend, and reject unknown keys and wrong types with the key's name."""

from __future__ import annotations

from pathlib import Path

import pytest

from convert.errors import StyleError
from convert.styles import ELEMENTS, available_styles, load_style


def test_builtin_styles():
    names = available_styles()
    assert {"default", "broadsheet"} <= set(names)
    default = load_style("default")
    broad = load_style("broadsheet")
    assert default.page.columns == 1 and broad.page.columns == 2
    assert set(default.elements) == set(ELEMENTS)
    assert broad.element("body").align == "justify" and broad.element("body").hyphenate
    assert broad.element("headline").font == "PT Serif"  # overridden by the child style
    assert broad.element("footer").font == "PT Sans"  # inherited from default
    assert default.element("quote").font == default.element("body").font  # inherits from body


def test_style_loaded_once(tmp_path: Path):
    assert load_style("default") is load_style("default")


def _write(tmp_path: Path, text: str, name: str = "s.toml") -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_style_file_extending_by_name_and_path(tmp_path: Path):
    p = _write(tmp_path, 'extends = "broadsheet"\n[elements.headline]\nsize = 40\n')
    s = load_style(p)
    assert s.element("headline").size == 40 and s.page.columns == 2
    child = _write(tmp_path, 'extends = "s.toml"\n[page]\ncolumns = 3\n', "c.toml")
    assert load_style(child).page.columns == 3


@pytest.mark.parametrize("text,message", [
    ("[elements.headline]\nsise = 3\n", r"\[elements.headline\] unknown key 'sise'"),
    ("[elements.headline]\nsize = 'big'\n", r"\[elements.headline\] size must be a number"),
    ("[elements.body]\nbold = 1\n", r"bold must be a true/false"),
    ("[elements.sidebar]\nsize = 3\n", r"\[elements.sidebar\] unknown element"),
    ("[page]\nsize = 'B7'\n", r"size 'B7' unknown"),
    ("[page]\ncolumns = true\n", r"columns must be a number"),
    ("colour = 1\n", r"unknown key 'colour'"),
    ("[elements.body]\ncolour = 'red'\n", r"colour must look like #1A2B3C"),
    ("[elements.body]\nalign = 'middle'\n", r"align must be one of"),
    ("[page\n", r"not valid TOML"),
    ('extends = "nonexistent"\n', r"unknown style 'nonexistent'"),
])
def test_style_errors_name_the_key(tmp_path: Path, text: str, message: str):
    p = _write(tmp_path, text)
    with pytest.raises(StyleError, match=message) as info:
        load_style(p)
    assert str(p.name) in str(info.value) or "unknown style" in str(info.value)


def test_extends_cycle(tmp_path: Path):
    _write(tmp_path, 'extends = "b.toml"\n', "a.toml")
    _write(tmp_path, 'extends = "a.toml"\n', "b.toml")
    with pytest.raises(StyleError, match="extends itself"):
        load_style(tmp_path / "a.toml")


def test_unknown_style_name_lists_installed():
    with pytest.raises(StyleError, match=r"installed: .*broadsheet"):
        load_style("tabloidish")


def test_style_path_env(tmp_path: Path, monkeypatch):
    _write(tmp_path, 'extends = "default"\ndescription = "mine"\n', "house.toml")
    monkeypatch.setenv("NEWSCONVERT_STYLE_PATH", str(tmp_path))
    assert load_style("house").description == "mine"


def test_frozen_map_hash_is_its_items_hash_worked_out_once_and_rebuilt_when_unpickled() -> None:
    """Writers key caches on the house style several times an article: its maps keep their hash."""
    import pickle

    from convert.styles import FrozenMap

    fm = FrozenMap({"a": 1, "b": (2, 3)})
    assert hash(fm) == hash((("a", 1), ("b", (2, 3)))) == hash(fm)
    copy = pickle.loads(pickle.dumps(fm))
    assert copy._hash is None and copy == fm and hash(copy) == hash(fm)
    style = load_style("default")
    assert hash(pickle.loads(pickle.dumps(style))) == hash(style)

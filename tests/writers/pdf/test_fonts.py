"""Font sets and the fallback chain: registered once, values, the same answer in any order."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from reportlab.pdfbase import pdfmetrics

from convert.errors import StyleError
from convert.options import WriteOptions
from convert.styles import HouseStyle, load_style
from convert.writers import pdf
from convert.writers.pdf import fonts
from tests.support import ROOT, model_fixture
from tests.writers.pdf.pdfcheck import FALLBACK_FAMILIES, TS, require_fonts


def test_family_registers_once() -> None:
    house = load_style("default")
    a = fonts.family("PT Serif", "serif", house)
    assert fonts.family("PT Serif", "serif", load_style("broadsheet")) == a
    assert {a.regular, a.bold, a.italic, a.bold_italic} <= set(pdfmetrics.getRegisteredFontNames())
    assert a.face(True, True) == a.bold_italic and a.face(False, False) == a.regular
    assert ord("é") in a.coverage


def test_fallback_chain_is_a_value() -> None:
    assert fonts.FallbackChain() == fonts.FallbackChain(None)
    assert hash(fonts.FallbackChain(Path("/x"))) == hash(fonts.FallbackChain(Path("/x")))
    arabic = fonts.FallbackChain().font_for(ord("ہ"))
    assert arabic is not None and arabic.source == "pip:Noto Sans Arabic"
    assert fonts.FallbackChain().font_for(0x10FFFD) is None  # private use: no font has it


_ORDER_PROBE = """
import json, sys
from convert.writers.pdf.fonts import FallbackChain
chars = json.loads(sys.argv[1])
chain = FallbackChain()
answers = {c: getattr(chain.font_for(ord(c)), "name", None) for c in chars}
print(json.dumps(answers))
"""


def test_fallback_answer_does_not_depend_on_what_came_before() -> None:
    """Each process starts empty; asking in reverse order must give the same fonts."""
    require_fonts(*FALLBACK_FAMILIES)
    chars = ["王", "🏆", "ہ", "★", "Ł", "∑", "→", "✓", "ก", "Ж"]

    def ask(order: list[str]) -> dict[str, str | None]:
        out = subprocess.run([sys.executable, "-c", _ORDER_PROBE, json.dumps(order)], cwd=ROOT,
                             capture_output=True, text=True, check=True).stdout
        return json.loads(out)

    assert ask(chars) == ask(chars[::-1])


def test_register_from_many_threads_gives_one_face() -> None:
    house = load_style("default")
    files = fonts.fontfiles.resolve_files("PT Sans", "sans-serif", house.font_files.get("PT Sans"))
    name = "NC-test-threads"
    got: list[object] = []
    barrier = threading.Barrier(4)

    def work() -> None:
        barrier.wait()
        got.append(fonts.register(name, files.regular))

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(got) == 4 and all(g is got[0] for g in got)
    assert pdfmetrics.getFont(name) is got[0]


def test_invisible_characters() -> None:
    assert fonts.invisible("\u200d") and fonts.invisible("\ufe0f")
    assert not fonts.invisible("a")


def _style_with_body_font(tmp_path: Path, family: str) -> HouseStyle:
    path = tmp_path / "house.toml"
    path.write_text(f'extends = "default"\n\n[elements.body]\nfont = "{family}"\n',
                    encoding="utf-8")
    return load_style(str(path))


def test_style_font_found_by_family_name_is_used(tmp_path: Path) -> None:
    """A style naming an installed system family gets that family, not PT Sans or PT Serif."""
    from tests.writers.pdf.pdfcheck import pdffonts

    require_fonts("DejaVu Serif")
    house = _style_with_body_font(tmp_path, "DejaVu Serif")
    data = pdf.write(model_fixture("seed"), WriteOptions(style=house, timestamp=TS))
    names = {row[0].split("+")[-1] for row in pdffonts(data)}
    assert "DejaVuSerif" in names and "PTSerif-Regular" not in names


def test_style_font_that_is_not_installed_is_a_clear_error(tmp_path: Path) -> None:
    house = _style_with_body_font(tmp_path, "No Such Typeface")
    with pytest.raises(StyleError) as info:
        pdf.write(model_fixture("seed"), WriteOptions(style=house, timestamp=TS))
    message = str(info.value)
    assert "house.toml" in message and "No Such Typeface" in message
    assert "[elements.body]" in message and "\n" not in message

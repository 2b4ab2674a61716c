"""Glyph-id fonts: the subset cutter, the Type0 objects, bidi order, line breaks, the font listing."""

from __future__ import annotations

import io

from fontTools.ttLib import TTFont as FTFont

from convert.writers.pdf import fontchain, script_fonts
from convert.writers.pdf.linebreak import break_lines, opportunities
from convert.writers.pdf.sfnt import SfntTables
from convert.writers.pdf.shaping import resolve_scripts, visual_order


def amiri() -> fontchain.GlyphFace:
    face = fontchain.family_face("Amiri", False, None)
    assert face is not None
    return face


def test_subset_keeps_outlines_widths_and_components() -> None:
    face = amiri()
    glyphs = face.shape("\u0644\u0627 \u0628\u0650", 0, 4, rtl=True, script="Arab",
                        language="ar")
    wanted = [g[0] for g in glyphs]
    sub = face.tables.subset(wanted)
    assert sub.order[0] == 0 and set(wanted) <= set(sub.order)
    assert list(sub.order) == sorted(sub.order)
    cut, whole = FTFont(io.BytesIO(sub.data)), FTFont(io.BytesIO(face.data))
    new_names, old_names = cut.getGlyphOrder(), whole.getGlyphOrder()
    for new, old in enumerate(sub.order):
        assert cut["hmtx"][new_names[new]] == whole["hmtx"][old_names[old]]
        a, b = cut["glyf"][new_names[new]], whole["glyf"][old_names[old]]
        if b.isComposite():  # components renumbered to the cut's ids
            assert [old_names[sub.order[new_names.index(c.glyphName)]] for c in a.components] \
                == [c.glyphName for c in b.components]
        elif b.numberOfContours:
            assert list(a.getCoordinates(cut["glyf"])[0]) == \
                list(b.getCoordinates(whole["glyf"])[0])
    assert SfntTables(sub.data).num_glyphs == len(sub.order)


def test_visual_order_reverses_from_the_highest_level() -> None:
    assert visual_order([0, 0, 1, 1, 2, 2, 1, 0]) == [0, 1, 6, 4, 5, 3, 2, 7]
    assert visual_order([1, 1, 1]) == [2, 1, 0]
    assert visual_order([]) == []


def test_common_characters_take_the_script_around_them() -> None:
    scripts = resolve_scripts("15 \u0633\u0627\u0644 (BBC) \u06d4")
    assert scripts[0] == "Arab" and scripts[2] == "Arab"  # leading digits: the first script
    assert scripts[-1] == "Arab" and scripts[-3] == "Latn"


def test_lines_break_at_spaces_and_between_ideographs_never_inside_a_cluster() -> None:
    text = "ab cd \u4e0a\u6d77\u3002\u4e3e"
    scripts = resolve_scripts(text)
    starts = [True] * len(text)
    opps = opportunities(text, scripts, starts, frozenset({"Hani"}))
    assert 3 in opps and 6 in opps and 7 in opps
    assert 8 not in opps  # no line starts with a full stop
    starts[1] = False  # "b" belongs to "a"'s cluster: no emergency break there
    lines = break_lines("ab", [1.0, 1.0], starts, [], 1.0, 1.0)
    assert [(ln.start, ln.end) for ln in lines] == [(0, 2)]
    lines = break_lines(text, [1.0] * len(text), [True] * len(text), opps, 5.0, 3.0)
    assert [(ln.start, ln.end) for ln in lines] == [(0, 5), (6, 9), (9, 10)]


def test_script_fonts_lists_each_script_and_what_sets_it() -> None:
    found = {s.code: s for s in script_fonts()}
    assert found["Arab"].family == "Amiri" and found["Arab"].source == "pip"
    urdu = {s.code: s for s in script_fonts("ur")}
    assert urdu["Arab"].family in ("Noto Nastaliq Urdu", "Amiri")
    for entry in found.values():
        assert (entry.family is None) == bool(entry.install)

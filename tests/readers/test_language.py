"""Settling languages: a stated one is kept, else scripts and the identifier decide, per article and block."""

from __future__ import annotations

import json
import time

import pytest

from convert.model import BlockQuote, Document, Heading, ListBlock, ListItem, Meta, Paragraph, Text
from convert.options import ReadOptions
from convert.readers import language
from convert.readers.language import LanguageReport, iter_tagged, script_counts, settle_language
from tests.support import SHARED

EN = ("The provincial government said on Tuesday that the flood waters had begun to recede in "
      "most districts, although thousands of families were still living in relief camps.")
EN2 = ("Officials warned that the damage to roads and bridges would take months to repair and "
       "asked the federal government for more money to rebuild the schools that were lost.")
UR = ("صوبائی حکومت نے منگل کو کہا کہ زیادہ تر اضلاع میں سیلابی پانی کم ہونا شروع ہو گیا ہے، "
      "تاہم ہزاروں خاندان اب بھی امدادی کیمپوں میں رہ رہے ہیں۔")
UR2 = ("حکام نے خبردار کیا کہ سڑکوں اور پلوں کو پہنچنے والے نقصان کی مرمت میں کئی مہینے لگیں گے "
       "اور وفاقی حکومت سے اسکولوں کی تعمیر نو کے لیے مزید رقم مانگی۔")
SAMPLES = {
    "fr": "Le gouvernement a annoncé mardi que les eaux commençaient à baisser dans la plupart des "
          "districts, mais des milliers de familles vivent encore dans des camps de secours.",
    "de": "Die Regierung teilte am Dienstag mit, dass das Hochwasser in den meisten Bezirken "
          "zurückgehe, doch Tausende Familien lebten noch immer in Notunterkünften.",
    "es": "El gobierno anunció el martes que el agua empezaba a bajar en la mayoría de los "
          "distritos, aunque miles de familias siguen viviendo en campamentos de ayuda.",
    "ar": "قالت الحكومة يوم الثلاثاء إن مياه الفيضانات بدأت تنحسر في معظم المناطق، لكن آلاف "
          "الأسر ما زالت تعيش في مخيمات الإغاثة.",
    "fa": "دولت روز سه شنبه اعلام کرد که آب سیل در بیشتر مناطق شروع به فروکش کرده است، اما هزاران "
          "خانواده هنوز در اردوگاه های امدادی زندگی می کنند.",
    "hi": "सरकार ने मंगलवार को कहा कि अधिकांश जिलों में बाढ़ का पानी उतरने लगा है, लेकिन हजारों "
          "परिवार अभी भी राहत शिविरों में रह रहे हैं।",
    "bn": "সরকার মঙ্গলবার জানিয়েছে যে বেশিরভাগ জেলায় বন্যার পানি নামতে শুরু করেছে, তবে হাজার "
          "হাজার পরিবার এখনও ত্রাণ শিবিরে বসবাস করছে।",
    "zh": "政府星期二表示，大多数地区的洪水已经开始消退，但仍有数千个家庭住在救济营地里。",
    "ja": "政府は火曜日、ほとんどの地区で洪水の水が引き始めたと発表したが、"
          "数千の家族がまだ避難所で暮らしている。",
    "ko": "정부는 화요일 대부분의 지역에서 홍수가 빠지기 시작했다고 밝혔지만 "
          "수천 가구가 여전히 구호 캠프에서 지내고 있다.",
    "th": "รัฐบาลกล่าวเมื่อวันอังคารว่าน้ำท่วมเริ่มลดลงในพื้นที่ส่วนใหญ่ แต่ยังมีครอบครัวหลายพันครอบครัวอาศัยอยู่ในค่ายบรรเทาทุกข์",
    "he": "הממשלה אמרה ביום שלישי כי מי השיטפון החלו לרדת ברוב המחוזות, אך אלפי משפחות עדיין "
          "מתגוררות במחנות סיוע.",
    "ru": "Правительство заявило во вторник, что вода начала спадать в большинстве районов, но "
          "тысячи семей по-прежнему живут в лагерях помощи.",
}


def para(text: str) -> Paragraph:
    return Paragraph((Text(text),))


def doc(*blocks: object, headline: str = "Floods") -> Document:
    return Document(Meta(headline=headline), tuple(blocks))  # type: ignore[arg-type]


def settle(d: Document, given: str | None = None, **options: object) -> tuple[Document, LanguageReport]:
    return settle_language(d, ReadOptions(**options), given=given)  # type: ignore[arg-type]


@pytest.mark.parametrize("tag", sorted(SAMPLES))
def test_each_default_candidate_is_identified(tag: str) -> None:
    out, report = settle(doc(para(SAMPLES[tag]), headline=""))
    assert (out.meta.language, report.method) == (tag, "detected")
    assert 0.5 < (report.confidence or 0) <= 1 and tag in report.candidates
    assert not list(iter_tagged(out))


def test_english_and_urdu_articles() -> None:
    out, report = settle(doc(para(EN), para(EN2)))
    assert (out.meta.language, report.method) == ("en", "detected")
    out, report = settle(doc(para(UR), para(UR2), headline="سیلاب"))
    assert (out.meta.language, report.method) == ("ur", "detected")
    assert set(report.candidates) >= {"ur", "ar", "fa"} and "en" not in report.candidates


def test_a_stated_language_is_kept_without_identification() -> None:
    out, report = settle(doc(para(EN), para(EN2)), given="fr-CA")
    assert (out.meta.language, report.method, report.confidence, report.candidates) == (
        "fr-CA", "given", None, ())
    out, report = settle(doc(para(EN)), language="de")  # --language counts as given
    assert (out.meta.language, report.method) == ("de", "given")
    out, report = settle(doc(para(EN)), given="en-GB", language="de")  # the article wins
    assert out.meta.language == "en-GB"


def test_too_little_text_falls_back_to_the_default_language() -> None:
    out, report = settle(doc(para("OK"), headline="Hi"), default_language="ur")
    assert (out.meta.language, report.method, report.confidence) == ("ur", "default", None)
    out, report = settle(doc(headline="2024"))
    assert (out.meta.language, report.method) == ("en", "default")


def test_a_script_no_candidate_uses_falls_back() -> None:
    out, report = settle(doc(para(SAMPLES["ru"])), languages=("en", "ur"))
    assert (out.meta.language, report.method) == ("en", "default")


def test_candidates_restrict_identification() -> None:
    out, _ = settle(doc(para(SAMPLES["fa"])), languages=("en", "ur"))
    assert out.meta.language == "ur"  # the only Arabic-script candidate


def test_an_urdu_paragraph_in_an_english_story_gets_its_own_language() -> None:
    src = doc(para(EN), para(UR), para(EN2))
    out, report = settle(src)
    assert out.meta.language == "en" and report.blocks == 1
    assert [b.lang for b in out.body] == [None, "ur", None]
    out, report = settle(src, given="en-GB")  # stated: the block is still tagged
    assert [b.lang for b in out.body] == [None, "ur", None] and report.blocks == 1


def test_an_english_paragraph_in_an_urdu_story_gets_its_own_language() -> None:
    out, _ = settle(doc(para(UR), para(EN), para(UR2), headline="سیلاب"))
    assert out.meta.language == "ur"
    assert [b.lang for b in out.body] == [None, "en", None]


def test_latin_names_do_not_make_an_urdu_paragraph_english() -> None:
    mixed = "وزیر اعظم Shehbaz Sharif نے کہا کہ حکومت WHO اور UNICEF کے ساتھ مل کر کام کرے گی۔"
    out, _ = settle(doc(para(UR), para(mixed), headline="سیلاب"))
    assert [b.lang for b in out.body] == [None, None]


def test_one_urdu_word_does_not_make_an_english_paragraph_urdu() -> None:
    out, _ = settle(doc(para(EN), para("The word for flood is سیلاب in Urdu and Hindi alike.")))
    assert [b.lang for b in out.body] == [None, None]


def test_a_short_block_in_another_script_is_undetermined_but_marked() -> None:
    out, _ = settle(doc(para(UR), para(UR2), Heading(2, (Text("Dude Perfect"),)), headline="سیلاب"))
    assert out.body[2].lang == "und-Latn"


def test_lists_quotes_and_headings_are_tagged_as_blocks() -> None:
    quote = BlockQuote((para(EN2), para(UR)), "A")
    lst = ListBlock(False, (ListItem((Text(UR),)), ListItem((Text(UR2),))))
    out, report = settle(doc(para(EN), para(EN2), para(EN), para(EN2), para(EN),
                             Heading(2, (Text(UR2),)), lst, quote))
    assert out.meta.language == "en"
    assert out.body[5].lang == "ur" and out.body[6].lang == "ur"
    assert out.body[7].lang is None
    assert [c.lang for c in out.body[7].children] == [None, "ur"]  # type: ignore[union-attr]
    assert report.blocks == 3 and len(list(iter_tagged(out))) == 3


def test_a_long_paragraph_in_another_language_of_the_same_script() -> None:
    french = " ".join([SAMPLES["fr"]] * 2)
    out, _ = settle(doc(para(EN), para(EN2), para(french), para(EN)), given="en")
    assert [b.lang for b in out.body] == [None, None, "fr", None]
    out, _ = settle(doc(para(EN), para(SAMPLES["fr"])), given="en")  # too short to judge
    assert out.body[1].lang is None
    out, _ = settle(doc(para(french)), given="cy")  # the identifier does not know Welsh
    assert out.body[0].lang is None


def test_report_as_dict() -> None:
    _, report = settle(doc(para(EN), para(UR)))
    data = report.as_dict()
    assert data["tag"] == "en" and data["method"] == "detected" and data["blocks"] == 1
    assert isinstance(data["candidates"], list) and 0 < data["confidence"] <= 1
    json.dumps(data)


def test_script_counts() -> None:
    assert script_counts("Hello, world 2024!") == {"Latn": 10}
    assert script_counts("“Café” ۲۰۲۴ ہم") == {"Latn": 4, "Arab": 2}
    assert script_counts("政府は") == {"Hani": 2, "Kana": 1}
    # Non-ASCII that no script counts (curly quotes, dashes, no-break space) takes the one-scan
    # path; a Latin-1 letter among them does not.
    assert script_counts("“It’s done” — he said\u00a0…") == {"Latn": 13}
    assert script_counts("“Café” — he said") == {"Latn": 10}
    assert script_counts("— ß") == {"Latn": 1}
    assert script_counts("12:30 — ۔،") == {}


def test_language_scripts() -> None:
    assert language.language_scripts("ur-PK") == ("Arab",)
    assert language.language_scripts("pa-Arab") == ("Arab",)
    assert language.language_scripts("ja") == ("Kana", "Hani")
    assert language.language_scripts("zh-Hant") == ("Hani",)
    assert language.language_scripts("en-GB") == ("Latn",)


def test_the_model_is_loaded_on_first_use_not_at_import() -> None:
    import subprocess
    import sys

    code = ("import sys, convert.readers.language as l; "
            "print('py3langid' in sys.modules, 'numpy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_py3langid_assumptions() -> None:
    """What the module relies on: py3langid 0.3's tables score a text the way its rank() does."""
    from importlib.metadata import version

    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    assert version("py3langid").startswith("0.3.")
    ident = LanguageIdentifier.from_pickled_model(MODEL_FILE, norm_probs=False)
    assert set(ReadOptions().languages) <= set(ident.nb_classes)
    text = SAMPLES["fr"].encode()
    fv = ident.instance2fv(text)
    assert ident.nb_ptc.shape == (fv.shape[0], len(ident.nb_classes))
    expected = ident.rank(text)[0][0]
    scores = fv @ ident.nb_ptc + ident.nb_pc
    assert ident.nb_classes[int(scores.argmax())] == expected == "fr"
    language._model.cache_clear()
    language._columns.cache_clear()
    assert language._rank(fv, ("en", "fr", "de"))[0] == "fr"  # type: ignore[index]


def test_identification_is_fast_enough_on_a_seed_sized_article() -> None:
    """Not a benchmark (see benchmarks/bench_language.py): a guard against a 10x slip."""
    body = tuple(para(t) for t in [EN, EN2] * 16)  # about 5 KB
    d = doc(*body)
    settle(d)
    start = time.perf_counter()
    for _ in range(20):
        settle(d)
    assert (time.perf_counter() - start) / 20 < 0.01


REAL = SHARED / "corpus-real"


def test_the_real_corpus_languages_from_the_text_alone() -> None:
    """Every real article is identified as its folder's language from its text."""
    if not REAL.is_dir():
        pytest.skip("corpus-real is not there")
    wrong = []
    for path in sorted(REAL.glob("*/*.txt")):
        want = "ur" if path.parent.name == "urdu" else "en"
        data = path.read_bytes()
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = data.decode("cp1252")
        lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
        out, _ = settle(doc(*(para(ln) for ln in lines[1:]), headline=lines[0]))
        if out.meta.language != want:
            wrong.append((path.name, out.meta.language))
    assert not wrong

"""Datelines in any script, and the conventions of Urdu, Arabic and Hindi news."""

from __future__ import annotations

import pytest

from convert.api import read
from convert.model import Paragraph, block_text
from convert.readers.conventions import is_signoff, parse_byline
from convert.readers.datelines import split_dateline


@pytest.mark.parametrize("text,lead,place,rest", [
    ("لندن(مانیٹرنگ ڈیسک) 35سالہ روبی", "لندن(مانیٹرنگ ڈیسک)", "لندن", "35سالہ روبی"),
    ("اسلام آباد(ڈیلی پاکستان آن لائن) ہالی ووڈ", "اسلام آباد(ڈیلی پاکستان آن لائن)", "اسلام آباد",
     "ہالی ووڈ"),
    ("سڈنی (ڈیلی پاکستان آن لائن) آسٹریلین", "سڈنی (ڈیلی پاکستان آن لائن)", "سڈنی", "آسٹریلین"),
    ("ہالے (سوئٹزرلینڈ) 24 جون (سیاست ڈاٹ کام) اے ٹی پی", "ہالے (سوئٹزرلینڈ) 24 جون (سیاست ڈاٹ کام)",
     "ہالے", "اے ٹی پی"),
    ("چیسٹر لی اسٹریٹ۔22 جون (سیاست ڈاٹ کام)انگلش اوپنر", "چیسٹر لی اسٹریٹ۔22 جون (سیاست ڈاٹ کام)",
     "چیسٹر لی اسٹریٹ", "انگلش اوپنر"),
    ("سارنسک۔ 24 جون (سیاست ڈاٹ کام) روس", "سارنسک۔ 24 جون (سیاست ڈاٹ کام)", "سارنسک", "روس"),
    ("لندن: برطانوی حکومت", "لندن", "لندن", "برطانوی حکومت"),
    ("नई दिल्ली: प्रधानमंत्री ने", "नई दिल्ली", "नई दिल्ली", "प्रधानमंत्री ने"),
    ("मुंबई, 5 दिसंबर (भाषा) शेयर बाजार", "मुंबई, 5 दिसंबर (भाषा)", "मुंबई", "शेयर बाजार"),
    ("القاهرة (رويترز) - قال مسؤولون", "القاهرة (رويترز)", "القاهرة", "قال مسؤولون"),
    ("FLORENCE, Ala., Feb 26 -", "FLORENCE, Ala., Feb 26", "FLORENCE", ""),
    ("RALEIGH, N.C. — North Carolina", "RALEIGH, N.C.", "RALEIGH", "North Carolina"),
    ("WASHINGTON -- The FBI", "WASHINGTON", "WASHINGTON", "The FBI"),
    ("(CNN) — The president", "(CNN)", "", "The president"),
    ("(CNN)The president", "(CNN)", "", "The president"),
])
def test_datelines(text, lead, place, rest):
    assert split_dateline(text) == (lead, place, rest)


@pytest.mark.parametrize("text", [
    "عمران خان (پی ٹی آئی) نے کہا کہ",   # a name and a party, then "said": a sentence
    "سندھ کے محکمہ ریونیو نے کراچی میں",
    "By 2025, the plan will",
    "The (new) plan was approved",
])
def test_sentences_are_not_datelines(text):
    assert split_dateline(text) is None


def test_urdu_article_dateline_junk_and_footer():
    text = ("سرخی یہاں\r\nلندن(مانیٹرنگ ڈیسک) پہلا پیراگراف یہاں ہے۔\r\nمزید پڑھیں : کوئی اور خبر\r\n"
            "دوسرا پیراگراف یہاں ہے۔\r\nتیسرا پیراگراف۔\r\nاے ایف پی فائل فوٹو\r\nمزید : کھیل\r\n")
    doc = read(text.encode())
    assert doc.meta.dateline == "لندن(مانیٹرنگ ڈیسک)" and doc.meta.located == "لندن"
    assert [block_text(b) for b in doc.body] == ["پہلا پیراگراف یہاں ہے۔", "دوسرا پیراگراف یہاں ہے۔",
                                                 "تیسرا پیراگراف۔"]


def test_share_line_never_becomes_the_headline():
    doc = read("شیئر کریں:\n\nاصل سرخی\n\nپیراگراف۔\n".encode())
    assert doc.meta.headline == "اصل سرخی"


@pytest.mark.parametrize("line", ["یہ بھی پڑھیں: ایک خبر", "فوٹو بشکریہ رائٹرز", "اقرأ أيضا: خبر",
                                  "यह भी पढ़ें: खबर", "तस्वीर: एजेंसी", "Image caption کچھ"])
def test_junk_in_other_scripts(line):
    doc = read(f"Head\n\nPara one.\n\n{line}\n\nPara two.\n".encode())
    assert [block_text(b) for b in doc.body if isinstance(b, Paragraph)] == ["Para one.", "Para two."]


@pytest.mark.parametrize("line", ["Reuter", "REUTER", "(AP)", "-- AFP", "APP", "PTI", "(اے پی پی)",
                                  "(भाषा)", "(رويترز)"])
def test_signoffs(line):
    assert is_signoff(line)
    doc = read(f"Head\n\nPara one.\n\nPara two, he said.\n{line}\n".encode())
    assert block_text(doc.body[-1]) == "Para two, he said." and doc.meta.credit == line


def test_agency_contribution_is_the_credit():
    doc = read(b"Head\n\nPara one.\n\nThe Associated Press contributed to this report.\n")
    assert doc.meta.credit == "The Associated Press contributed to this report."
    assert len(doc.body) == 1


def test_bylines_in_other_scripts():
    assert parse_byline("رپورٹ: عمران علی")[0] == "عمران علی"
    assert [p.name for p in parse_byline("رپورٹ: عمران علی اور سارہ خان")[1]] == ["عمران علی", "سارہ خان"]
    assert parse_byline("बुधवार को बारिश हुई।") is None
    doc = read("سرخی\n\nرپورٹ: عمران علی\n\nپیراگراف۔\n".encode())
    assert doc.meta.byline == "عمران علی"

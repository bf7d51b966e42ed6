"""The glossary (issue 19): every term in both languages, and ``{% term %}`` on the pages as an
abbreviation titled with its explanation in the page's language, linked to its entry."""

import html

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from ihya.web.glossary import TERMS, term_get

pytestmark = pytest.mark.django_db

NAMED = [
    "ECI",
    "PCI",
    "RCA",
    "COG",
    "COI",
    "density",
    "distance",
    "WSM",
    "TOPSIS",
    "PROMETHEE",
    "AHP",
    "MILP",
    "CP-SAT",
    "KPI",
    "HS",
    "SITC",
    "ISIC",
    "LYD",
    "BACI",
    "untapped",
]


def test_the_glossary_holds_the_terms_the_pages_use():
    assert all(term_get(key) for key in NAMED)
    assert len({t.anchor for t in TERMS}) == len(TERMS)


def test_every_term_is_explained_in_arabic_and_in_english():
    for t in TERMS:
        with translation.override("en"):
            name_en, explanation_en = str(t.name), str(t.explanation)
        with translation.override("ar"):
            name_ar, explanation_ar = str(t.name), str(t.explanation)
        assert explanation_ar != explanation_en and name_ar != name_en, t.key
        assert "\n" not in explanation_en and "\n" not in explanation_ar  # one line


def test_the_glossary_page_in_both_languages(client_for, actors):
    client = client_for("viewer")
    arabic = client.get(reverse("glossary")).content.decode()
    assert 'dir="rtl"' in arabic and "مسرد المصطلحات" in arabic
    english_client = client_for("member")
    english_client.cookies["django_language"] = "en"
    english = english_client.get(reverse("glossary")).content.decode()
    assert 'dir="ltr"' in english and "Glossary of terms" in english
    for t in TERMS:
        for language, page in (("ar", arabic), ("en", english)):
            with translation.override(language):
                assert f'id="{t.anchor}"' in page, t.key
                assert html.escape(str(t.explanation)) in page, (language, t.key)
    assert html.escape("مدى تنوّع صادرات البلد") in arabic
    # every page links to it
    assert f'href="{reverse("glossary")}"' in client.get(reverse("dashboard")).content.decode()


def test_the_term_tag_is_an_abbreviation_with_the_explanation_of_the_page_language():
    with translation.override("ar"):
        text = Template('{% load ihya %}{% term "PCI" %} {% term "density" %}').render(Context())
    assert text.startswith('<a class="glossary-term" href="/glossary/#term-pci">')
    assert '<abbr title="مؤشر تعقيد المنتج: مقدار المعرفة الفنية' in text and ">PCI</abbr>" in text
    assert ">الكثافة</abbr>" in text  # a term that is no acronym shows its name
    with translation.override("en"):
        text = Template('{% load ihya %}{% term "NOPE" %}{% term "HS" "HS code" %}').render(
            Context()
        )
    assert text.startswith("NOPE") and '<abbr title="Harmonized System: ' in text
    assert ">HS code</abbr>" in text


def test_trade_and_priority_pages_use_the_terms(trade_run, client_for):
    client = client_for("viewer")
    title = '<abbr title="مؤشر تعقيد المنتج: '
    for url in ("/trade/", "/trade/opportunities/", "/factories/DEMO-0001/"):
        page = client.get(url).content.decode()
        assert title in page or '<abbr title="الميزة النسبية الظاهرة: ' in page, url
        assert 'href="/glossary/#term-' in page, url
    overview = client.get("/trade/").content.decode()
    assert '<abbr title="مؤشر التعقيد الاقتصادي: ' in overview
    ranking = client.get(reverse("priority:ranking")).content.decode()
    assert 'id="method-terms"' in ranking
    for key in ("WSM", "TOPSIS", "PROMETHEE", "AHP"):
        assert f"#term-{key.lower()}" in ranking and f">{key}</abbr>" in ranking

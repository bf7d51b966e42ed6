"""The demo's names and free text in the page's language (issue 19): stored once, in English
or in Arabic, shown in either."""

from django.utils import translation

from ihya.demo import names
from ihya.demo.catalogue import industrial_zones, industries


def test_the_demo_names_are_said_in_each_language():
    with translation.override("ar"):
        assert names.shown(names.BALANCED) == "متوازن (تجريبي)"
        assert names.shown("Misrata Free Zone") == "المنطقة الحرة بمصراتة"
        assert names.shown("A scenario of my own") == "A scenario of my own"
    with translation.override("en"):
        assert names.shown(names.BALANCED) == "Balanced (demo)"
        assert names.shown("وزارة الصناعة، طرابلس") == "Ministry of Industry, Tripoli"
        assert names.shown(None) == ""


def test_every_zone_and_input_of_the_demo_has_its_arabic():
    english = [z for zones in industrial_zones().values() for z in zones]
    english += [name for i in industries() for name, *_ in i.inputs]
    with translation.override("ar"):
        missing = [text for text in english if names.shown(text) == text]
    assert missing == []

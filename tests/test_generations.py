"""Values kept per data generation in each process: computed once however many threads ask,
afresh the moment what they read changes (a write, the admin's audited edit)."""

import threading

import pytest

from ihya.generations import PerGeneration


def test_one_computation_per_generation_however_many_threads_ask():
    generation = [1]
    computed = []
    started = threading.Event()

    def compute(key):
        computed.append(key)
        started.wait(1)  # the other threads arrive while this one computes
        return {"key": key, "generation": generation[0]}

    kept = PerGeneration(compute, lambda: generation[0], size=2)
    answers = []
    threads = [threading.Thread(target=lambda: answers.append(kept.get("a"))) for _ in range(8)]
    for t in threads:
        t.start()
    started.set()
    for t in threads:
        t.join()
    assert computed == ["a"]
    assert all(a is answers[0] for a in answers)
    assert kept.get("b") is not answers[0] and computed == ["a", "b"]
    assert kept.get("a") is answers[0]  # both kept (size 2)
    kept.get("c")  # the least recently used ("b") makes room
    assert computed == ["a", "b", "c"]
    kept.get("b")
    assert computed == ["a", "b", "c", "b"]
    generation[0] = 2  # somebody wrote: everything is computed again
    assert kept.get("a")["generation"] == 2
    assert computed[-1] == "a"


def _audited_update(entity: str, pk, before: dict, after: dict) -> None:
    """An edit recorded as the admin records it, in its own transaction."""
    from django.db import transaction

    from ihya.accounts.actors import Actor
    from ihya.audit.services import Change, audit_record

    with transaction.atomic():
        audit_record(actor=Actor.cli(), changes=[Change("update", entity, str(pk), before, after)])


@pytest.mark.django_db
def test_the_lookups_follow_the_reference_tables():
    from ihya.reference.models import Municipality
    from ihya.reference.selectors import import_lookups

    first = import_lookups()
    assert import_lookups() is first  # nothing changed: built once
    assert first["municipality"].resolve("Misrata") == "misrata"
    Municipality.objects.create(
        code="new-town",
        name_en="New Town",
        name_ar="المدينة الجديدة",
        latitude=32.0,
        longitude=15.0,
    )
    second = import_lookups()
    assert second is not first
    assert second["municipality"].resolve("المدينة الجديدة") == "new-town"
    # an edit that changes neither count nor ids is seen through its audit entry (the admin's)
    town = Municipality.objects.get(code="new-town")
    town.aliases = "Madina Jadida"
    town.save()
    _audited_update(
        "reference.municipality", town.pk, {"aliases": ""}, {"aliases": "Madina Jadida"}
    )
    assert import_lookups()["municipality"].resolve("madina jadida") == "new-town"


@pytest.mark.django_db
def test_a_refused_value_is_refused_again_with_a_fresh_error():
    from ihya.core.ingest.normalize import ParseError
    from ihya.reference.selectors import import_lookups

    lookup = import_lookups()["municipality"]
    errors = []
    for _ in range(2):
        with pytest.raises(ParseError) as caught:
            lookup.resolve("Atlantis")
        errors.append(caught.value)
    assert errors[0] is not errors[1]  # shared lookups never re-raise one exception object
    assert errors[0].code == errors[1].code == "unknown_code"
    assert errors[0].params == errors[1].params


@pytest.mark.django_db  # the request signals also reach Django's own receivers
def test_a_page_view_checks_the_generation_once_and_a_write_every_time():
    from django.core.signals import request_finished, request_started

    from ihya.generations import once_per_request

    asked = []
    generation = once_per_request(lambda: asked.append(1) or len(asked))
    assert generation() == 1 and generation() == 2  # outside a request: every time
    request_started.send(sender=None, environ={"REQUEST_METHOD": "GET"})
    try:
        assert generation() == 3 and generation() == 3  # one page view: asked once
    finally:
        request_finished.send(sender=None)
    assert generation() == 4
    request_started.send(sender=None, environ={"REQUEST_METHOD": "POST"})
    try:
        assert generation() == 5 and generation() == 6  # a write reads again after it writes
    finally:
        request_finished.send(sender=None)
    request_started.send(sender=None, environ={"REQUEST_METHOD": "GET"})
    request_finished.send(sender=None)
    assert generation() == 7  # a finished request leaves nothing behind


@pytest.mark.django_db
def test_body_names_follow_an_audited_rename():
    from django.utils import translation

    from ihya.reference.models import Body
    from ihya.reference.selectors import body_name

    body = Body.objects.order_by("code").first()
    with translation.override("en"):
        assert body_name(body.code) == body.name_en
        assert body_name("no-such-body") == "no-such-body" and body_name("") == ""
        old = body.name_en
        body.name_en = "Renamed Body"
        body.save()
        assert body_name(body.code) == old  # kept: nothing audited, no count or id moved
        _audited_update("reference.body", body.pk, {"name_en": old}, {"name_en": "Renamed Body"})
        assert body_name(body.code) == "Renamed Body"
    with translation.override("ar"):
        assert body_name(body.code) == body.name_ar

"""Registry pages. Thin: every read is a selector, every write a service."""

from __future__ import annotations

import hashlib
import io
import tempfile
from pathlib import Path
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ihya import vocabularies
from ihya.audit.display import history_groups
from ihya.audit.services import history, import_sources
from ihya.diagnosis.editing import requirement_statuses, requirement_update, scheme_update
from ihya.errors import Conflict, Invalid, StorageFull, TooLarge
from ihya.linkages.selectors import factory_impact
from ihya.reference.selectors import bodies, municipalities
from ihya.registry.forms import FactoryForm, ImportForm
from ihya.registry.jobs import import_job_start
from ihya.registry.schema import ENTITIES
from ihya.registry.selectors import (
    SORTS,
    factory_by_id,
    factory_get,
    factory_list,
    factory_list_generation,
    import_job_get,
)
from ihya.registry.services import (
    factory_create,
    factory_update,
    registry_export,
)
from ihya.trade.selectors import factory_trade, hs_names, product_name, trade_run_latest
from ihya.web.context import digits_of

PAGE_SIZE = 50


@login_required
@permission_required("registry.view_factory", raise_exception=True)
def factory_list_view(request):
    """The list with filters, sorting and pagination. The filters and table are rendered once
    per (query, language, digits, list generation) and cached: the registry changes rarely and
    is read all day; a change of anything the list shows, filters or sorts by moves the
    generation (``factory_list_generation``), an edit of the notes does not."""
    params = request.GET
    sort = params.get("sort", "id")
    if sort.lstrip("-") not in SORTS:
        sort = "id"
    digits = digits_of(request.user)
    template = (
        "registry/partials/factory_table.html"
        if request.htmx
        else "registry/partials/factory_list_body.html"
    )
    key = _list_cache_key(template, params, digits)
    body = cache.get(key)
    if body is None:
        qs = factory_list(
            status=params.get("status") or None,
            municipality=params.get("municipality") or None,
            isic=params.get("isic") or None,
            ownership=params.get("ownership") or None,
            search=params.get("q") or None,
            sort=sort,
        )
        page = Paginator(qs, PAGE_SIZE).get_page(params.get("page"))
        context = {
            "page": page,
            "sort": sort,
            "params": params,
            "statuses": vocabularies.terms("factory_status"),
            "ownerships": vocabularies.terms("ownership"),
            "municipalities": municipalities(),
            "language": get_language(),
            "digits": digits,
        }
        body = render_to_string(template, context)
        cache.set(key, body, 600)
    if request.htmx:
        return HttpResponse(body)
    return render(request, "registry/factory_list.html", {"body": body})


def _list_cache_key(template: str, params, digits: str) -> str:
    raw = "|".join(
        [
            template,
            get_language() or "",
            digits,
            factory_list_generation(),
            urlencode(sorted(params.items())),
        ]
    )
    return "factory-list:" + hashlib.sha256(raw.encode()).hexdigest()


def _products(factory) -> list:
    """The factory's products with their names in the page's language (a 6-digit code without an
    Arabic title takes its heading's, as on the trade card)."""
    products = list(factory.products.all())  # read with their HS entries (factory_get)
    names = hs_names([p.product.code for p in products])
    for p in products:
        p.label = product_name(names, p.product.code) or p.product.name
    return products


@login_required
@permission_required("registry.view_factory", raise_exception=True)
def factory_detail(request, external_id: str):
    factory = factory_get(external_id=external_id)
    trade_run = trade_run_latest() if request.user.has_perm("trade.view_traderun") else None
    impact = (
        factory_impact(factory=factory) if request.user.has_perm("linkages.view_iotable") else None
    )
    return render(
        request,
        "registry/factory_detail.html",
        {
            "factory": factory,
            "history": _history(factory),
            "products": _products(factory),
            "trade_run": trade_run,
            "trade": factory_trade(factory=factory, run=trade_run) if trade_run else [],
            "impact": impact,
        },
    )


def _history(factory):
    """The factory's history (its requirements' entries too), one line per import."""
    entries = history(
        object_id=factory.external_id,
        requirements=[r.external_id for r in factory.requirements.all()],
    )
    return history_groups(entries, import_sources(entries=entries))


def _requirement(factory, requirement_id: str):
    found = next((r for r in factory.requirements.all() if r.external_id == requirement_id), None)
    if found is None:
        raise Http404
    return found


def _row(request, template: str, context: dict, status: int = 200):
    """A row of the factory's file: the HTMX swap, or (without HTMX) back to the file."""
    if request.headers.get("HX-Request") or request.method == "GET":
        return render(request, template, context, status=status)
    if status != 200:
        return render(request, template, context, status=status)
    return redirect("registry:factory_detail", external_id=context["factory"].external_id)


@login_required
@permission_required("diagnosis.change_requirement", raise_exception=True)
@require_http_methods(["GET", "POST"])
def requirement_edit_view(request, external_id: str, requirement_id: str):
    """A requirement's row of the factory's file in edit mode (GET, ``?cancel`` reads it back)
    and its save (POST: ``requirement_update`` with the values the row was read with)."""
    factory = factory_get(external_id=external_id)
    requirement = _requirement(factory, requirement_id)
    context = {"factory": factory, "r": requirement, "editing": "cancel" not in request.GET}
    if request.method == "POST":
        fields = ("status", "responsible_body", "cost_lyd", "lead_time_months")
        try:
            requirement = requirement_update(
                actor=request.user,
                requirement_id=requirement_id,
                data={k: request.POST.get(k, "") for k in fields},
                expected={k: request.POST.get(f"read_{k}", "") for k in fields},
            )
        except (Invalid, Conflict) as error:
            context.update(
                errors=error.text(),
                values=request.POST,
                bodies=bodies(),
                statuses=requirement_statuses(),
            )
            status = 200 if request.headers.get("HX-Request") else error.status
            return _row(request, "registry/partials/requirement_row.html", context, status)
        context.update(r=requirement, editing=False)
    if context["editing"]:
        context["bodies"] = bodies()
    context["statuses"] = requirement_statuses()
    return _row(request, "registry/partials/requirement_row.html", context)


@login_required
@permission_required("diagnosis.change_revivalscheme", raise_exception=True)
@require_http_methods(["GET", "POST"])
def scheme_edit_view(request, external_id: str, mode: str):
    """A revival scheme's row in edit mode, and its save (``scheme_update``)."""
    factory = factory_get(external_id=external_id)
    scheme = next((s for s in factory.schemes.all() if s.mode == mode), None)
    if scheme is None:
        raise Http404
    context = {"factory": factory, "s": scheme, "editing": "cancel" not in request.GET}
    if request.method == "POST":
        fields = ("partner", "notes")
        data = {k: request.POST.get(k, "") for k in fields}
        data["is_preferred"] = "yes" if request.POST.get("is_preferred") else "no"
        expected = {k: request.POST.get(f"read_{k}", "") for k in (*fields, "is_preferred")}
        try:
            scheme = scheme_update(
                actor=request.user, factory_id=external_id, mode=mode, data=data, expected=expected
            )
        except (Invalid, Conflict) as error:
            context.update(errors=error.text(), values=request.POST)
            status = 200 if request.headers.get("HX-Request") else error.status
            return _row(request, "registry/partials/scheme_row.html", context, status)
        context.update(s=scheme, editing=False)
    return _row(request, "registry/partials/scheme_row.html", context)


@login_required
@permission_required("registry.add_factory", raise_exception=True)
@require_http_methods(["GET", "POST"])
def factory_create_view(request):
    form = FactoryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            factory = factory_create(actor=request.user, data=form.service_data())
        except (Invalid, Conflict) as error:
            form.show(error)
        else:
            messages.success(
                request, _("Factory %(id)s was created.") % {"id": factory.external_id}
            )
            return redirect("registry:factory_detail", external_id=factory.external_id)
    return render(request, "registry/factory_form.html", {"form": form, "creating": True})


@login_required
@permission_required("registry.change_factory", raise_exception=True)
@require_http_methods(["GET", "POST"])
def factory_edit_view(request, external_id: str):
    factory = factory_by_id(external_id=external_id)
    form = FactoryForm(request.POST or None, factory=factory)
    if request.method == "POST" and form.is_valid():
        data = form.service_data()
        data.pop("external_id", None)
        try:
            factory_update(
                actor=request.user,
                factory_id=factory.external_id,
                data=data,
                version=form.cleaned_data.get("version") or 0,
            )
        except (Invalid, Conflict) as error:
            form.show(error)
        else:
            messages.success(request, _("Factory %(id)s was saved.") % {"id": external_id})
            return redirect("registry:factory_detail", external_id=external_id)
    return render(request, "registry/factory_form.html", {"form": form, "factory": factory})


@login_required
@permission_required("registry.import_registry", raise_exception=True)
@require_http_methods(["GET", "POST"])
def import_view(request):
    """Upload a file; the import runs in the background and its page shows the progress."""
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = import_job_start(
                user=request.user,
                upload=form.cleaned_data["file"],
                entity=form.cleaned_data["entity"],
                dry_run=form.cleaned_data["dry_run"],
            )
        except (TooLarge, StorageFull) as error:  # over IHYA_UPLOAD_MAX_MB, a zip bomb, a full disk
            form.add_error("file", error.text())
        else:
            return redirect("registry:import_job", pk=job.pk)
    return render(request, "registry/import.html", {"form": form})


@login_required
@permission_required("registry.import_registry", raise_exception=True)
def import_job_view(request, pk: int):
    job = import_job_get(pk=pk, user=request.user)
    if job is None:
        raise Http404
    template = "registry/partials/import_job.html" if request.htmx else "registry/import_job.html"
    return render(request, template, {"job": job, "result": job.result})


@login_required
@permission_required("registry.import_registry", raise_exception=True)
def export_view(request, fmt: str):
    if fmt not in ("xlsx", "csv"):
        raise Http404
    language = request.GET.get("headers", "en")
    language = language if language in ("ar", "en") else "en"
    entity = request.GET.get("entity", "factories")
    if fmt == "csv" and entity not in ENTITIES:
        raise Http404
    name = "ihya-registry.xlsx" if fmt == "xlsx" else f"{entity}.csv"
    with tempfile.TemporaryDirectory(prefix="ihya-export-") as folder:  # nothing left behind
        path = Path(folder) / name
        if fmt == "xlsx":
            registry_export(path=path, language=language)
        else:
            registry_export(path=path, entities=[entity], language=language)
        data = path.read_bytes()
    return FileResponse(io.BytesIO(data), as_attachment=True, filename=name)

"""Pages of data sharing: the catalogue, a dataset, asking for data, requests, agreements, the data flows."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from motesplats.common import permissions
from motesplats.common.errors import ApplicationError
from motesplats.common.exports import csv_text
from motesplats.common.views import gate, partial_or_page, redirect_page, require
from motesplats.datasharing import dcat, forms, selectors, services
from motesplats.datasharing.labels import step_label
from motesplats.datasharing.models import DataRequest, DatasetAccess
from motesplats.datasharing.services import notices
from motesplats.datasharing.services.transitions import AGREEMENT_MOVES, REQUEST_MOVES, moves_for
from motesplats.registry.models import DataNeed, Project

PAGE_SIZE = 20


def _valid(form: Any, name: str) -> str:
    form.is_valid()
    value = form.cleaned_data.get(name, "") if hasattr(form, "cleaned_data") else ""
    return value.strip() if isinstance(value, str) else ""


def _apply_errors(form: Any, error: ApplicationError) -> None:
    for field_error in error.problem_errors():
        form.add_error(field_error.field if field_error.field in form.fields else None, str(field_error.message))
    if not error.problem_errors():
        form.add_error(None, str(error))


# --- the catalogue --------------------------------------------------------------------------------


class CatalogueView(View):
    def get(self, request: HttpRequest) -> HttpResponse:
        form = forms.CatalogueFilterForm(request.GET or None, choices=selectors.catalogue_choices(user=request.user))
        filters = selectors.CatalogueFilters(**{name: _valid(form, name) for name in (
            "q", "openness", "theme", "organisation", "format", "frequency")})
        page = Paginator(selectors.catalogue(user=request.user, filters=filters), PAGE_SIZE).get_page(
            request.GET.get("page"))
        return partial_or_page(request, "datasharing/_catalogue_results.html", {
            "form": form, "filters": filters, "page_obj": page, "nav": "data",
            "signed_in": permissions.is_signed_in(request.user),
        }, page="datasharing/catalogue.html", target="results")


def _dataset(request: HttpRequest, pk: int) -> Any:
    dataset = selectors.dataset_detail(user=request.user, pk=pk)
    if dataset is None:
        raise Http404
    return dataset


class DatasetView(View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        dataset = _dataset(request, pk)
        access = DatasetAccess.objects.filter(dataset=dataset).first()
        return render(request, "datasharing/dataset_detail.html", {
            "dataset": dataset, "access": access, "nav": "data",
            "needs": selectors.dataset_needs(user=request.user, dataset=dataset),
            "requests": selectors.request_list(user=request.user, dataset=dataset),
            "can_request": permissions.can_request_data(request.user, dataset),
            "can_edit": permissions.can_edit_project(request.user, dataset.project),
            "show_contacts": permissions.can_view_contact_details(request.user),
            "access_form": forms.AccessForm(initial={
                "kind": access.kind if access else "on_request", "url": access.url if access else "",
                "licence": access.licence if access else "",
                "contact_email": access.contact_email if access else ""}),
        })

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        """Owners say how to get the dataset and under which licence."""
        dataset = _dataset(request, pk)
        gate(request, permissions.can_edit_project(request.user, dataset.project))
        form = forms.AccessForm(request.POST)
        if form.is_valid():
            DatasetAccess.objects.update_or_create(dataset=dataset, defaults=form.cleaned_data)
            messages.success(request, _("Uppgifterna om hur man får datan är sparade."))
        else:
            messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect_page(request, f"/data/{dataset.pk}/")


def _my_projects(request: HttpRequest, dataset: Any) -> Any:
    person = permissions.person_of(request.user)
    projects = Project.objects.filter(contacts=person).exclude(pk=dataset.project_id) if person else Project.objects.none()
    return projects.order_by("title")


class RequestCreateView(View):
    """"Be om datan": purpose, fields, how often, personal data. A double submit makes one request."""

    def _form_page(self, request: HttpRequest, dataset: Any, form: Any, status: int = 200) -> HttpResponse:
        return render(request, "datasharing/request_form.html", {"dataset": dataset, "form": form, "nav": "data"},
                      status=status)

    def _gate(self, request: HttpRequest, pk: int) -> Any:
        dataset = _dataset(request, pk)
        gate(request, permissions.can_request_data(request.user, dataset))
        return dataset

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        dataset = self._gate(request, pk)
        projects = _my_projects(request, dataset)
        wanted = projects.filter(slug=request.GET.get("project", "")).first() or projects.first()
        need = request.GET.get("need", "")
        need_obj = DataNeed.objects.filter(pk=int(need)).first() if need.isdigit() and len(need) < 10 else None
        form = forms.DataRequestForm(projects=projects, initial={
            "project": wanted, "need": need_obj.pk if need_obj else None,
            "purpose": need_obj.description if need_obj else "",
            "idempotency_key": services.new_idempotency_key()})
        return self._form_page(request, dataset, form)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        dataset = self._gate(request, pk)
        form = forms.DataRequestForm(request.POST, projects=_my_projects(request, dataset))
        if not form.is_valid():
            return self._form_page(request, dataset, form, status=400)
        data = form.cleaned_data
        need = DataNeed.objects.filter(pk=data["need"]).first() if data.get("need") else None
        try:
            data_request, created = services.data_request_create(
                by=request.user, dataset=dataset, purpose=data["purpose"], fields=data["fields"],
                frequency=data["frequency"], personal_data=data["personal_data"], project=data["project"],
                need=need, is_public=data["is_public"], idempotency_key=data["idempotency_key"])
        except ApplicationError as error:
            _apply_errors(form, error)
            return self._form_page(request, dataset, form, status=error.status)
        if created:
            messages.success(request, _("Förfrågan är skickad till datamängdens ägare."))
        else:
            messages.info(request, _("Förfrågan fanns redan; här är den."))
        return redirect_page(request, data_request.get_absolute_url())


class ContactOwnerView(View):
    """"Kontakta ägaren": a simple e-mail introduction, logged."""

    def _gate(self, request: HttpRequest, pk: int) -> Any:
        dataset = _dataset(request, pk)
        gate(request, permissions.can_contact_owner(request.user, dataset))
        return dataset

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        dataset = self._gate(request, pk)
        form = forms.ContactOwnerForm(initial={"idempotency_key": services.new_idempotency_key()})
        return render(request, "datasharing/contact_form.html", {"dataset": dataset, "form": form, "nav": "data"})

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        dataset = self._gate(request, pk)
        form = forms.ContactOwnerForm(request.POST)
        if form.is_valid():
            try:
                services.contact_owner(by=request.user, dataset=dataset, message=form.cleaned_data["message"],
                                       idempotency_key=form.cleaned_data["idempotency_key"])
            except ApplicationError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, _("Ditt meddelande är skickat till datamängdens ägare."))
                return redirect_page(request, f"/data/{dataset.pk}/")
        return render(request, "datasharing/contact_form.html", {"dataset": dataset, "form": form, "nav": "data"},
                      status=400)


# --- requests -------------------------------------------------------------------------------------


@require(permissions.is_signed_in)
class RequestListView(View):
    def get(self, request: HttpRequest) -> HttpResponse:
        person = permissions.person_of(request.user)
        unseen = notices.unseen(person) if person else []
        if person:
            notices.mark_seen(person)
        return render(request, "datasharing/request_list.html", {
            "mine": selectors.my_requests(user=request.user),
            "all_requests": selectors.request_list(user=request.user)[:200]
            if permissions.is_organiser(request.user) else None,
            "notices": unseen, "person": person,
            "notice_form": forms.NoticeSettingsForm(initial={"match_mail": notices.wants_mail(person)})
            if person else None,
            "can_export_all": permissions.can_export_all_data_steps(request.user), "nav": "data_requests",
        })


@require(permissions.is_signed_in)
class NoticeSettingsView(View):
    def post(self, request: HttpRequest) -> HttpResponse:
        person = permissions.person_of(request.user)
        gate(request, person is not None)
        form = forms.NoticeSettingsForm(request.POST)
        form.is_valid()
        notices.notice_settings_set(person=person, match_mail=bool(form.cleaned_data.get("match_mail")))
        messages.success(request, _("Inställningen är sparad."))
        return redirect_page(request, "/data/requests/")


def _request(request: HttpRequest, pk: int) -> DataRequest:
    data_request = selectors.request_detail(user=request.user, pk=pk)
    if data_request is None:
        if not permissions.is_signed_in(request.user):
            gate(request, False)
        raise Http404
    return data_request


def _request_context(request: HttpRequest, data_request: DataRequest, **extra: Any) -> dict[str, Any]:
    owner = permissions.is_owner_side(request.user, data_request)
    requester = permissions.is_requester_side(request.user, data_request)
    moves = moves_for(REQUEST_MOVES, data_request.status, owner=owner, requester=requester)
    return {"data_request": data_request, "moves": moves, "is_owner": owner, "is_requester": requester,
            "agreement": getattr(data_request, "agreement", None) if data_request.status == "accepted" else None,
            "accept_form": extra.pop("accept_form", None) or forms.AcceptForm(),
            "question_form": extra.pop("question_form", None) or forms.QuestionForm(),
            "decline_form": extra.pop("decline_form", None) or forms.DeclineForm(),
            "reply_form": extra.pop("reply_form", None) or forms.ReplyForm(),
            "withdraw_form": extra.pop("withdraw_form", None) or forms.WithdrawForm(),
            "nav": "data_requests", **extra}


class RequestDetailView(View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        data_request = _request(request, pk)
        return render(request, "datasharing/request_detail.html", _request_context(request, data_request))


STEP_FORMS = {"accept": ("accept_form", forms.AcceptForm), "ask": ("question_form", forms.QuestionForm),
              "decline": ("decline_form", forms.DeclineForm), "reply": ("reply_form", forms.ReplyForm),
              "withdraw": ("withdraw_form", forms.WithdrawForm)}


class RequestStepView(View):
    """POST one step: accept (with conditions), ask, decline, reply, withdraw."""

    def post(self, request: HttpRequest, pk: int, step: str) -> HttpResponse:
        if step not in STEP_FORMS:
            raise Http404
        data_request = _request(request, pk)
        name, form_class = STEP_FORMS[step]
        form = form_class(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                if step == "accept":
                    agreement = services.data_request_accept(request=data_request, by=request.user, **data)
                    messages.success(request, _("Förfrågan är accepterad och har blivit en överenskommelse."))
                    return redirect_page(request, agreement.get_absolute_url())
                if step == "ask":
                    services.data_request_ask(request=data_request, by=request.user, question=data["question"])
                elif step == "decline":
                    services.data_request_decline(request=data_request, by=request.user, reason=data["reason"])
                elif step == "reply":
                    services.data_request_reply(request=data_request, by=request.user, answer=data["answer"])
                else:
                    services.data_request_withdraw(request=data_request, by=request.user, reason=data["reason"])
            except services.NotAParty:
                gate(request, False)
                raise
            except ApplicationError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, _("Steget är sparat."))
                return redirect_page(request, data_request.get_absolute_url())
        else:
            owner = permissions.is_owner_side(request.user, data_request)
            requester = permissions.is_requester_side(request.user, data_request)
            allowed = REQUEST_MOVES[step].side
            gate(request, (allowed == "owner" and owner) or (allowed == "requester" and requester))
        data_request = _request(request, pk)
        return render(request, "datasharing/request_detail.html",
                      _request_context(request, data_request, **{name: form, "open_form": step}), status=400)


def _steps_csv(steps: Any, filename: str) -> HttpResponse:
    header = [_("Förfrågan"), _("Datamängd"), _("Överenskommelse"), _("Tid"), _("Händelse"), _("Från"), _("Till"),
              _("Av"), _("Meddelande")]
    rows = ([str(step.request_id), step.request.dataset.name, str(step.agreement_id or ""),
             timezone.localtime(step.at).strftime("%Y-%m-%d %H:%M:%S"), step_label(step.action),
             step.from_status, step.to_status, step.actor_name, step.note] for step in steps)
    text = csv_text(header, rows)  # common.exports: formula-safe
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class RequestHistoryExportView(View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        data_request = _request(request, pk)
        return _steps_csv(selectors.steps_for_export(user=request.user, request=data_request),
                          f"dataforfragan-{data_request.pk}.csv")


@require(permissions.can_export_all_data_steps)
class AllHistoryExportView(View):
    def get(self, request: HttpRequest) -> HttpResponse:
        return _steps_csv(selectors.steps_for_export(user=request.user), "datadelning-historik.csv")


# --- agreements -----------------------------------------------------------------------------------


AGREEMENT_BUTTONS = {"deliver": (gettext_lazy("Leveransen har börjat"), "primary"),
                     "in_use": (gettext_lazy("Datan används"), "primary"),
                     "end": (gettext_lazy("Avsluta överenskommelsen"), "secondary")}


def _agreement(request: HttpRequest, pk: int) -> Any:
    agreement = selectors.agreement_detail(user=request.user, pk=pk)
    if agreement is None:
        if not permissions.is_signed_in(request.user):
            gate(request, False)
        raise Http404
    return agreement


class AgreementDetailView(View):
    def get(self, request: HttpRequest, pk: int, form: Any = None, status: int = 200) -> HttpResponse:
        agreement = _agreement(request, pk)
        owner = permissions.is_owner_side(request.user, agreement.request)
        requester = permissions.is_requester_side(request.user, agreement.request)
        return render(request, "datasharing/agreement_detail.html", {
            "agreement": agreement, "data_request": agreement.request,
            "moves": moves_for(AGREEMENT_MOVES, agreement.status, owner=owner, requester=requester),
            "move_buttons": [{"name": move, "label": AGREEMENT_BUTTONS[move][0], "style": AGREEMENT_BUTTONS[move][1]}
                             for move in moves_for(AGREEMENT_MOVES, agreement.status, owner=owner,
                                                   requester=requester)],
            "is_owner": owner, "is_requester": requester, "form": form, "nav": "data_requests",
        }, status=status)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        agreement = _agreement(request, pk)
        form = forms.AgreementStepForm(request.POST)
        if not form.is_valid():
            return self.get(request, pk, form=form, status=400)
        try:
            services.agreement_move(agreement=agreement, by=request.user, move_name=form.cleaned_data["step"],
                                    note=form.cleaned_data["note"])
        except services.NotAParty:
            gate(request, False)
            raise
        except ApplicationError as error:
            messages.error(request, str(error))
            return self.get(request, pk, status=error.status)
        messages.success(request, _("Överenskommelsen är uppdaterad."))
        return redirect_page(request, agreement.get_absolute_url())


class AgreementHistoryExportView(View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        agreement = _agreement(request, pk)
        return _steps_csv(selectors.steps_for_export(user=request.user, request=agreement.request),
                          f"overenskommelse-{agreement.pk}.csv")


# --- data flows -----------------------------------------------------------------------------------


@require(permissions.can_view_data_flows)
class FlowsView(View):
    def get(self, request: HttpRequest) -> HttpResponse:
        form = forms.FlowFilterForm(request.GET or None, themes=selectors.flow_theme_choices(user=request.user))
        filters = selectors.FlowFilters(theme=_valid(form, "theme"), status=_valid(form, "status"))
        items = selectors.flows(user=request.user, filters=filters)
        figures = selectors.flow_figures(user=request.user)
        return render(request, "datasharing/flows.html", {
            "form": form, "filters": filters, "flows": items, "graph": selectors.flow_graph(items),
            "figures": figures, "rows": list(zip(figures.months, figures.made, figures.answered, figures.accepted,
                                                 strict=True)),
            "nav": "data_flows",
        })


# --- DCAT-AP-SE -----------------------------------------------------------------------------------


def catalog_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The open datasets as DCAT-AP-SE, for harvesting (public)."""
    response = HttpResponse(dcat.export(fmt), content_type=f"{dcat.FORMATS[fmt]}; charset=utf-8")
    response["Access-Control-Allow-Origin"] = "*"
    return response


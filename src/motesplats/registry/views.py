from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from motesplats.common import permissions, person_picker
from motesplats.common.views import gate, partial_or_page, require
from motesplats.registry import selectors, services
from motesplats.registry.forms import (
    DataNeedFormSet,
    DatasetFormSet,
    OrganisationFilterForm,
    OrganisationForm,
    PersonFilterForm,
    PersonForm,
    PortfolioUploadForm,
    ProjectFilterForm,
    ProjectForm,
)
from motesplats.registry.models import Organisation, Person, PortfolioImport, Project
from motesplats.registry.services.email_change import email_change_of

PAGE_SIZE = 20


def paginate(request: HttpRequest, items: Any) -> Any:
    return Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))


# --- home -----------------------------------------------------------------------------------------


class HomeView(View):
    def get(self, request: HttpRequest) -> HttpResponse:
        numbers = selectors.portfolio_numbers(user=request.user)
        return render(request, "registry/home.html", {
            "numbers": numbers,
            "themes": selectors.common_themes(user=request.user),
            "recent": selectors.recent_projects(user=request.user),
            "nav": "home",
        })


# --- projects -------------------------------------------------------------------------------------


def _valid(form: Any, name: str) -> str:
    """A filter's cleaned value; a value that is not valid (an unknown theme, say) is left out, not the rest."""
    form.is_valid()
    value = form.cleaned_data.get(name, "") if hasattr(form, "cleaned_data") else ""
    return value.strip() if isinstance(value, str) else ""


def _project_filters(request: HttpRequest) -> tuple[ProjectFilterForm, selectors.ProjectFilters]:
    form = ProjectFilterForm(request.GET or None, choices=selectors.filter_choices(user=request.user))
    filters = selectors.ProjectFilters(q=_valid(form, "q"), theme=_valid(form, "theme"),
                                       organisation=_valid(form, "organisation"), status=_valid(form, "status"),
                                       sort=_valid(form, "sort"))
    return form, filters


class ProjectListView(View):
    def get(self, request: HttpRequest) -> HttpResponse:
        form, filters = _project_filters(request)
        page = paginate(request, selectors.project_list(user=request.user, filters=filters))
        return partial_or_page(request, "registry/_project_results.html", {
            "form": form, "filters": filters, "page_obj": page, "nav": "projects",
            "can_create": permissions.can_create_project(request.user),
            "can_export": permissions.can_export_projects(request.user),
            "can_import": permissions.can_import_portfolio(request.user),
            "query_string": request.GET.urlencode(),
        }, page="registry/project_list.html", target="results")


class ProjectDetailView(View):
    def get(self, request: HttpRequest, slug: str) -> HttpResponse:
        project = selectors.project_detail(user=request.user, slug=slug)
        if project is None:  # unknown, or private and not for this caller: the same 404 (the page offers sign-in)
            raise Http404
        return render(request, "registry/project_detail.html", {
            "project": project, "nav": "projects",
            "can_edit": permissions.can_edit_project(request.user, project),
            "show_people": permissions.can_view_people(request.user),
        })


class ProjectFormMixin:
    """The project form with its datasets and needs, saved together or not at all."""

    template_name = "registry/project_form.html"

    def forms(self, request: HttpRequest, project: Project | None) -> dict[str, Any]:
        data = request.POST if request.method == "POST" else None
        instance = project or Project()
        adding = _adding_row_to(request)
        return {
            "form": ProjectForm(data, instance=project, initial=self.initial(request)),
            "datasets": DatasetFormSet(_one_more_row(data, "datasets") if adding == "datasets" else data,
                                       instance=instance, prefix="datasets"),
            "needs": DataNeedFormSet(_one_more_row(data, "needs") if adding == "needs" else data,
                                     instance=instance, prefix="needs"),
        }

    def initial(self, request: HttpRequest) -> dict[str, Any]:
        return {}

    def render_forms(self, request: HttpRequest, project: Project | None, forms: dict[str, Any]) -> HttpResponse:
        return TemplateResponse(request, self.template_name, {"project": project, "nav": "projects", **forms})

    def all_valid(self, forms: dict[str, Any]) -> bool:
        return all([forms["form"].is_valid(), forms["datasets"].is_valid(), forms["needs"].is_valid()])


def _adding_row_to(request: HttpRequest) -> str:
    """"datasets" or "needs" when the person asked for one more empty row (saving nothing yet), else ""."""
    if request.method != "POST":
        return ""
    wanted = request.POST.get("add_rows", "")
    return wanted if wanted in {"datasets", "needs"} else ""


def _one_more_row(data: Any, prefix: str) -> Any:
    """The posted formset data with one more (empty) row: the add button works with and without htmx."""
    data = data.copy()
    total_key = f"{prefix}-TOTAL_FORMS"
    try:
        total = int(data.get(total_key, 0))
    except ValueError:
        total = 0
    data[total_key] = str(min(total + 1, 100))
    return data


@require(permissions.can_create_project)
class ProjectCreateView(ProjectFormMixin, View):
    def initial(self, request: HttpRequest) -> dict[str, Any]:
        person = permissions.person_of(request.user)
        if person is None:
            return {}
        return {"owner": person.organisation_id, "contacts": [person.pk]}

    def get(self, request: HttpRequest) -> HttpResponse:
        return self.render_forms(request, None, self.forms(request, None))

    def post(self, request: HttpRequest) -> HttpResponse:
        forms = self.forms(request, None)
        if _adding_row_to(request) or not self.all_valid(forms):
            return self.render_forms(request, None, forms)
        arguments = forms["form"].service_arguments()
        try:
            project = services.project_create(**arguments, datasets=forms["datasets"].service_rows(),
                                              needs=forms["needs"].service_rows(), by=request.user)
        except ValidationError as error:
            _add_errors(forms["form"], error)
            return self.render_forms(request, None, forms)
        messages.success(request, _("Projektet %(title)s har skapats.") % {"title": project.title})
        return redirect(project)


class ProjectUpdateView(ProjectFormMixin, View):
    def dispatch(self, request: HttpRequest, slug: str) -> HttpResponse:
        project = selectors.visible_projects(request.user).filter(slug=slug).select_related("owner").first()
        if project is None:  # a private project answers as an unknown one to whoever may not see it
            raise Http404
        gate(request, permissions.can_edit_project(request.user, project))
        self.project = project
        return super().dispatch(request, slug)

    def get(self, request: HttpRequest, slug: str) -> HttpResponse:
        return self.render_forms(request, self.project, self.forms(request, self.project))

    def post(self, request: HttpRequest, slug: str) -> HttpResponse:
        forms = self.forms(request, self.project)
        if _adding_row_to(request) or not self.all_valid(forms):
            return self.render_forms(request, self.project, forms)
        arguments = forms["form"].service_arguments()
        try:
            project = services.project_update(project=self.project, **arguments,
                                              datasets=forms["datasets"].service_rows(),
                                              needs=forms["needs"].service_rows())
        except ValidationError as error:
            _add_errors(forms["form"], error)
            return self.render_forms(request, self.project, forms)
        messages.success(request, _("Ändringarna är sparade."))
        return redirect(project)


class ProjectDeleteView(View):
    def dispatch(self, request: HttpRequest, slug: str) -> HttpResponse:
        project = selectors.visible_projects(request.user).filter(slug=slug).first()
        if project is None:
            raise Http404
        gate(request, permissions.can_delete_project(request.user, project))
        self.project = project
        return super().dispatch(request, slug)

    def get(self, request: HttpRequest, slug: str) -> HttpResponse:
        return render(request, "registry/project_confirm_delete.html", {"project": self.project, "nav": "projects"})

    def post(self, request: HttpRequest, slug: str) -> HttpResponse:
        title = self.project.title
        services.project_delete(project=self.project)
        messages.success(request, _("Projektet %(title)s har tagits bort.") % {"title": title})
        return redirect("registry:project_list")


def _add_errors(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


# --- export and import ----------------------------------------------------------------------------


@require(permissions.can_export_projects)
class ProjectExportView(View):
    def get(self, request: HttpRequest, fmt: str) -> HttpResponse:
        from motesplats.registry import portfolio_io

        _form, filters = _project_filters(request)
        projects = selectors.projects_for_export(user=request.user, filters=filters)
        stamp = timezone.localtime().strftime("%Y-%m-%d")
        include_emails = permissions.can_view_contact_details(request.user)
        if fmt == "csv":
            response = HttpResponse(content_type="text/csv; charset=utf-8")
            portfolio_io.export_projects_csv(projects, response, include_emails=include_emails, bom=True)
        else:
            response = HttpResponse(
                portfolio_io.export_projects_xlsx(projects, include_emails=include_emails),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response["Content-Disposition"] = f'attachment; filename="projekt-{stamp}.{fmt}"'
        return response


@require(permissions.can_import_portfolio)
class PortfolioImportView(View):
    template_name = "registry/portfolio_import.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, self.template_name, {"form": PortfolioUploadForm(), "nav": "projects"})

    def post(self, request: HttpRequest) -> HttpResponse:
        from motesplats.registry import portfolio_io

        form = PortfolioUploadForm(request.POST, request.FILES)
        context: dict[str, Any] = {"form": form, "nav": "projects"}
        if not form.is_valid():
            return render(request, self.template_name, context, status=400)
        from motesplats.registry.portfolio_io import jobs

        upload = form.cleaned_data["file"]
        try:
            outcome = jobs.import_start(upload.read(), source_name=upload.name, by=request.user)
        except portfolio_io.PortfolioImportError as error:
            context["errors"] = list(error.errors)
            return render(request, self.template_name, context, status=400)
        if isinstance(outcome, PortfolioImport):  # a large file: written in the background, with a progress bar
            return redirect("registry:portfolio_import_status", pk=outcome.pk)
        context["report"] = outcome
        context["form"] = PortfolioUploadForm()
        return render(request, self.template_name, context)


@require(permissions.can_import_portfolio)
def portfolio_import_status(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress of a background portfolio import (htmx polls the bar), then its report."""
    from motesplats.registry.portfolio_io import jobs

    job = get_object_or_404(PortfolioImport, pk=pk)
    return partial_or_page(request, "registry/_portfolio_import_progress.html", {
        "nav": "projects", "job": job, "report": jobs.job_report(job)},
        page="registry/portfolio_import_status.html")


# --- organisations --------------------------------------------------------------------------------


class OrganisationListView(View):
    def get(self, request: HttpRequest) -> HttpResponse:
        form = OrganisationFilterForm(request.GET or None)
        filters = selectors.OrganisationFilters(q=_valid(form, "q"), kind=_valid(form, "kind"))
        page = paginate(request, selectors.organisation_list(user=request.user, filters=filters))
        return partial_or_page(request, "registry/_organisation_results.html", {
            "form": form, "filters": filters, "page_obj": page, "nav": "organisations",
            "can_manage": permissions.can_manage_organisations(request.user),
        }, page="registry/organisation_list.html", target="results")


class OrganisationDetailView(View):
    def get(self, request: HttpRequest, slug: str) -> HttpResponse:
        organisation = selectors.organisation_detail(user=request.user, slug=slug)
        if organisation is None:
            raise Http404
        projects = selectors.organisation_projects(user=request.user, organisation=organisation)
        return render(request, "registry/organisation_detail.html", {
            "organisation": organisation, "nav": "organisations",
            "owned": [p for p in projects if p.owner_id == organisation.pk],
            "partnered": [p for p in projects if p.owner_id != organisation.pk],
            "people": selectors.organisation_people(user=request.user, organisation=organisation),
            "show_people": permissions.can_view_people(request.user),
            "can_manage": permissions.can_manage_organisations(request.user),
        })


@require(permissions.can_manage_organisations)
class OrganisationFormView(View):
    template_name = "registry/organisation_form.html"

    def dispatch(self, request: HttpRequest, slug: str | None = None) -> HttpResponse:
        self.organisation = None
        if slug is not None:
            self.organisation = Organisation.objects.filter(slug=slug).first()
            if self.organisation is None:
                raise Http404
        return super().dispatch(request)

    def get(self, request: HttpRequest) -> HttpResponse:
        form = OrganisationForm(instance=self.organisation)
        return render(request, self.template_name, {"form": form, "organisation": self.organisation,
                                                    "nav": "organisations"})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = OrganisationForm(request.POST, instance=self.organisation)
        if form.is_valid():
            try:
                if self.organisation is None:
                    organisation = services.organisation_create(**form.service_arguments())
                    messages.success(request, _("Organisationen har skapats."))
                else:
                    organisation = services.organisation_update(organisation=self.organisation,
                                                                **form.service_arguments())
                    messages.success(request, _("Ändringarna är sparade."))
                return redirect(organisation)
            except ValidationError as error:
                _add_errors(form, error)
        return render(request, self.template_name, {"form": form, "organisation": self.organisation,
                                                    "nav": "organisations"})


# --- people ---------------------------------------------------------------------------------------


@require(permissions.can_view_people)
class PersonListView(View):
    def get(self, request: HttpRequest) -> HttpResponse:
        organisations = list(Organisation.objects.order_by("name").values_list("slug", "name"))
        form = PersonFilterForm(request.GET or None, organisations=organisations)
        filters = selectors.PersonFilters(q=_valid(form, "q"), organisation=_valid(form, "organisation"))
        page = paginate(request, selectors.person_list(user=request.user, filters=filters))
        return partial_or_page(request, "registry/_person_results.html", {
            "form": form, "filters": filters, "page_obj": page, "nav": "people",
        }, page="registry/person_list.html", target="results")


@require(permissions.can_view_people)
class PersonPickView(View):
    """The person pickers' answers (htmx) for people anywhere in the registry: project contacts, speakers."""

    def get(self, request: HttpRequest) -> HttpResponse:
        field = request.GET.get("field", "")
        if not field:
            return HttpResponse("")  # nothing asked, nothing found
        if not person_picker.FIELD_NAME.match(field):
            raise Http404
        return person_picker.answer(
            request, field=field, multiple=request.GET.get("multiple") == "1",
            search=lambda query, chosen: selectors.person_pick(user=request.user, q=query, exclude=chosen),
            pick=lambda value: selectors.person_detail(user=request.user, pk=int(value)))


@require(permissions.can_view_people)
class PersonDetailView(View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        person = selectors.person_detail(user=request.user, pk=pk)
        if person is None:
            raise Http404
        return render(request, "registry/person_detail.html", {
            "person": person, "nav": "people",
            "can_edit": permissions.can_edit_person(request.user, person),
        })


class PersonUpdateView(View):
    template_name = "registry/person_form.html"

    def dispatch(self, request: HttpRequest, pk: int) -> HttpResponse:
        person = Person.objects.filter(pk=pk, is_anonymised=False).select_related("organisation").first()
        if person is None:
            gate(request, permissions.is_signed_in(request.user))
            raise Http404
        gate(request, permissions.can_edit_person(request.user, person))
        self.person = person
        return super().dispatch(request, pk)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return render(request, self.template_name, {"form": PersonForm(instance=self.person),
                                                    "person": self.person, "nav": "people"})

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        form = PersonForm(request.POST, instance=self.person)
        if form.is_valid():
            try:
                person = services.person_update(person=self.person, **form.service_arguments())
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("Ändringarna är sparade."))
                if getattr(person, "pending_email", ""):
                    messages.info(request, _("Vi har skickat en länk till %(email)s. Adressen ändras när den "
                                             "bekräftas från den nya adressen.") % {"email": person.pending_email})
                return redirect(person)
        return render(request, self.template_name, {"form": form, "person": self.person, "nav": "people"})


def person_email_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The link mailed to a new address: a button (mail scanners open links; only a POST changes anything)."""
    try:
        change = email_change_of(token)
    except ValidationError as error:
        return render(request, "registry/email_confirm.html", {"error": error.messages[0]}, status=400)
    if request.method == "POST":
        try:
            person = services.person_email_change_confirm(token=token)
        except ValidationError as error:
            return render(request, "registry/email_confirm.html", {"error": error.messages[0]}, status=400)
        messages.success(request, _("E-postadressen är bekräftad och ändrad till %(email)s.") % {
            "email": person.email})
        return redirect("home")
    response = render(request, "registry/email_confirm.html", {"change": change})
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response

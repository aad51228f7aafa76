"""The DCAT-AP-SE export: `export_dcat` on the demo parses with rdflib, has one catalogue and one dataset per open
dataset with the mandatory properties (checked with plain graph queries, independent of the shapes), and passes
the project's SHACL shapes; the three URLs serve the same graph."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from rdflib import RDF, Graph, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF

from motesplats.datasharing import dcat

VCARD_FN = URIRef("http://www.w3.org/2006/vcard/ns#fn")


@pytest.fixture(scope="module")
def demo_turtle(django_db_setup, django_db_blocker) -> str:
    """`export_dcat --format turtle` on the demo portfolio (registry and accounts only: the export reads no more)."""
    from motesplats.registry.demo.loader import load_demo

    with django_db_blocker.unblock():
        from django.db import transaction

        try:
            with transaction.atomic():
                load_demo(hooks=False)
                out = io.StringIO()
                call_command("export_dcat", "--format", "turtle", stdout=out)
                open_count = dcat.Dataset.objects.filter(openness="öppen", project__is_public=True).count()
                names = set(dcat.Dataset.objects.filter(openness="öppen", project__is_public=True)
                            .values_list("name", flat=True))
                raise _Rollback((out.getvalue(), open_count, names))
        except _Rollback as done:
            return done.value  # type: ignore[return-value]


class _Rollback(Exception):
    def __init__(self, value: object) -> None:
        self.value = value


def test_the_demo_export_parses_and_has_every_open_dataset(demo_turtle):
    text, open_count, names = demo_turtle
    graph = Graph().parse(data=text, format="turtle")
    catalogs = list(graph.subjects(RDF.type, DCAT.Catalog))
    datasets = set(graph.subjects(RDF.type, DCAT.Dataset))
    assert len(catalogs) == 1
    assert open_count > 5 and len(datasets) == open_count
    assert set(graph.objects(catalogs[0], DCAT.dataset)) == datasets
    assert {str(graph.value(d, DCTERMS.title)) for d in datasets} == names
    for dataset in datasets:
        assert isinstance(dataset, URIRef) and str(dataset).startswith("http")
        assert graph.value(dataset, DCTERMS.title) is not None
        publisher = graph.value(dataset, DCTERMS.publisher)
        assert publisher is not None and (publisher, RDF.type, FOAF.Agent) in graph
        assert graph.value(publisher, FOAF.name) is not None
        assert graph.value(dataset, DCTERMS.accessRights) is not None
        contact = graph.value(dataset, DCAT.contactPoint)
        distribution = graph.value(dataset, DCAT.distribution)
        assert (contact is not None and graph.value(contact, VCARD_FN) is not None) or (
            distribution is not None and graph.value(distribution, DCAT.accessURL) is not None)


def test_the_demo_export_conforms_to_the_shapes(demo_turtle):
    graph = Graph().parse(data=demo_turtle[0], format="turtle")
    conforms, report = dcat.validate(graph)
    assert conforms, report


def test_the_shapes_catch_a_dataset_without_its_mandatory_properties():
    """The shapes are not empty words: a dataset without title, publisher and access rights fails."""
    graph = Graph()
    catalog, dataset = URIRef("https://example.se/c"), URIRef("https://example.se/d")
    graph.add((catalog, RDF.type, DCAT.Catalog))
    graph.add((catalog, DCAT.dataset, dataset))
    graph.add((dataset, RDF.type, DCAT.Dataset))
    conforms, report = dcat.validate(graph)
    assert not conforms
    for needed in ("dcterms:title", "dcterms:publisher", "dcterms:accessRights", "dcterms:description"):
        assert needed in report


@pytest.mark.django_db
@pytest.mark.parametrize(("url", "fmt"), [("/data/catalog.ttl", "turtle"), ("/data/catalog.rdf", "xml"),
                                          ("/data/catalog.jsonld", "json-ld")])
def test_the_catalogue_urls_serve_the_open_datasets_only(client, url, fmt):
    from motesplats.registry.models import Dataset, Organisation, Project

    org = Organisation.objects.create(name="Trafikkontoret", slug="trafikkontoret")
    public = Project.objects.create(title="Trafik", slug="trafik", owner=org)
    hidden = Project.objects.create(title="Dold", slug="dold", owner=org, is_public=False)
    open_set = Dataset.objects.create(project=public, name="Trafikflöden", openness="öppen", format="CSV")
    Dataset.objects.create(project=public, name="Intern logg", openness="intern")
    Dataset.objects.create(project=hidden, name="Dolda flöden", openness="öppen")
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"].startswith(dcat.FORMATS[fmt])
    graph = Graph().parse(data=response.content.decode(), format=fmt)
    datasets = set(graph.subjects(RDF.type, DCAT.Dataset))
    assert datasets == {URIRef(dcat.site(f"/data/{open_set.pk}/"))}


@pytest.mark.django_db
def test_the_command_writes_each_format_to_stdout():
    for fmt in dcat.FORMATS:
        out = io.StringIO()
        call_command("export_dcat", "--format", fmt, stdout=out)
        assert len(Graph().parse(data=out.getvalue(), format=fmt)) > 0

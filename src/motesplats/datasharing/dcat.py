"""The open datasets as a DCAT-AP-SE catalogue (rdflib), for harvesting by the national data portal.

Only open datasets of public projects are exported. Every resource has a stable absolute IRI on the site (no
blank nodes for the catalogue, datasets, distributions, publishers or contact points, as the portal's
harvesting rules require): the dataset's IRI is its catalogue page, `<SITE_URL>/data/<id>/`.

    >>> FORMATS["turtle"], FORMATS["xml"], FORMATS["json-ld"]
    ('text/turtle', 'application/rdf+xml', 'application/ld+json')
"""

from __future__ import annotations

from email.utils import parseaddr
from pathlib import Path

from django.conf import settings
from django.db.models import Max, Prefetch
from rdflib import RDF, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF

from motesplats.datasharing.models import AccessKind, DatasetAccess
from motesplats.registry.models import Dataset, Openness, Theme

VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
ACCESS_RIGHTS = Namespace("http://publications.europa.eu/resource/authority/access-right/")
LANGUAGE = URIRef("http://publications.europa.eu/resource/authority/language/SWE")
FREQUENCY = Namespace("http://publications.europa.eu/resource/authority/frequency/")
SHAPES = Path(__file__).parent / "shapes" / "dcat-ap-se-mandatory.ttl"

FORMATS = {"turtle": "text/turtle", "xml": "application/rdf+xml", "json-ld": "application/ld+json"}
# Words of the registry's free-text update frequency -> the EU frequency vocabulary (first match wins).
FREQUENCY_WORDS = (("realtid", "CONT"), ("löpande", "CONT"), ("kontinuerlig", "CONT"), ("timme", "HOURLY"),
                   ("dag", "DAILY"), ("vecka", "WEEKLY"), ("månad", "MONTHLY"), ("kvartal", "QUARTERLY"),
                   ("år", "ANNUAL"))


def site(path: str = "") -> str:
    return settings.SITE_URL.rstrip("/") + path


def open_datasets() -> list[Dataset]:
    return list(Dataset.objects.filter(openness=Openness.OPPEN, project__is_public=True)
                .select_related("project__owner", "access")
                .prefetch_related(Prefetch("project__themes", queryset=Theme.objects.order_by("name")))
                .order_by("pk"))


def _contact_email() -> str:
    configured = getattr(settings, "DATA_CATALOGUE_CONTACT_EMAIL", "") or settings.DEFAULT_FROM_EMAIL
    return parseaddr(configured)[1]


def _frequency(text: str) -> URIRef | None:
    lowered = text.lower()
    for word, code in FREQUENCY_WORDS:
        if word in lowered:
            return FREQUENCY[code]
    return None


def _access(dataset: Dataset) -> DatasetAccess:
    try:
        return dataset.access
    except DatasetAccess.DoesNotExist:
        return DatasetAccess(dataset=dataset)


def catalog_graph() -> Graph:
    """The whole catalogue as one graph."""
    graph = Graph()
    for prefix, namespace in (("dcat", DCAT), ("dcterms", DCTERMS), ("foaf", FOAF), ("vcard", VCARD)):
        graph.bind(prefix, namespace)
    datasets = open_datasets()
    catalog = URIRef(site("/data/catalog"))
    office = URIRef(site("/#programme-office"))
    graph.add((catalog, RDF.type, DCAT.Catalog))
    graph.add((catalog, DCTERMS.title, Literal("Mötesplats Smart stad: stadens datamängder", lang="sv")))
    graph.add((catalog, DCTERMS.title, Literal("Mötesplats Smart City: the city's datasets", lang="en")))
    graph.add((catalog, DCTERMS.description, Literal(
        "Öppna datamängder som stadens smarta projekt samlar in, från förvaltningar, bolag, akademi och "
        "näringsliv.", lang="sv")))
    graph.add((catalog, DCTERMS.description, Literal(
        "Open datasets collected by the city's smart-city projects.", lang="en")))
    graph.add((catalog, DCTERMS.publisher, office))
    graph.add((catalog, DCTERMS.license, URIRef("http://creativecommons.org/publicdomain/zero/1.0/")))
    graph.add((catalog, DCTERMS.language, LANGUAGE))
    graph.add((catalog, FOAF.homepage, URIRef(site("/data/"))))
    modified = Dataset.objects.filter(pk__in=[d.pk for d in datasets]).aggregate(last=Max("updated"))["last"]
    if modified is not None:
        graph.add((catalog, DCTERMS.modified, Literal(modified.date().isoformat(), datatype=XSD.date)))
    graph.add((office, RDF.type, FOAF.Agent))
    graph.add((office, FOAF.name, Literal(getattr(settings, "DATA_CATALOGUE_PUBLISHER", "Smart stad, programkontoret"))))

    publishers: set[int] = set()
    for dataset in datasets:
        _add_dataset(graph, catalog, dataset, publishers)
    return graph


def _add_dataset(graph: Graph, catalog: URIRef, dataset: Dataset, publishers: set[int]) -> None:
    node = URIRef(site(f"/data/{dataset.pk}/"))
    owner = dataset.project.owner
    publisher = URIRef(site(owner.get_absolute_url()))
    access = _access(dataset)
    graph.add((catalog, DCAT.dataset, node))
    graph.add((node, RDF.type, DCAT.Dataset))
    graph.add((node, DCTERMS.title, Literal(dataset.name, lang="sv")))
    graph.add((node, DCTERMS.description, Literal(
        dataset.description or f"{dataset.name}. Samlas in av projektet {dataset.project.title}.", lang="sv")))
    graph.add((node, DCTERMS.publisher, publisher))
    graph.add((node, DCTERMS.accessRights, ACCESS_RIGHTS.PUBLIC))
    graph.add((node, DCTERMS.identifier, Literal(str(node))))
    graph.add((node, DCAT.landingPage, node))
    graph.add((node, DCTERMS.issued, Literal(dataset.created.date().isoformat(), datatype=XSD.date)))
    graph.add((node, DCTERMS.modified, Literal(dataset.updated.date().isoformat(), datatype=XSD.date)))
    for theme in dataset.project.themes.all():
        graph.add((node, DCAT.keyword, Literal(theme.name, lang="sv")))
    frequency = _frequency(dataset.update_frequency)
    if frequency is not None:
        graph.add((node, DCTERMS.accrualPeriodicity, frequency))
    if owner.pk not in publishers:
        publishers.add(owner.pk)
        graph.add((publisher, RDF.type, FOAF.Agent))
        graph.add((publisher, FOAF.name, Literal(owner.name)))
    contact = URIRef(site(f"/data/{dataset.pk}/#contact"))
    graph.add((node, DCAT.contactPoint, contact))
    graph.add((contact, RDF.type, VCARD.Organization))
    graph.add((contact, VCARD.fn, Literal(f"{dataset.project.title} ({owner.name})")))
    graph.add((contact, VCARD.hasEmail, URIRef(f"mailto:{access.contact_email or _contact_email()}")))
    distribution = URIRef(site(f"/data/{dataset.pk}/#distribution"))
    graph.add((node, DCAT.distribution, distribution))
    graph.add((distribution, RDF.type, DCAT.Distribution))
    graph.add((distribution, DCAT.accessURL, URIRef(access.url or str(node))))
    if access.url and access.kind == AccessKind.LINK:
        graph.add((distribution, DCAT.downloadURL, URIRef(access.url)))
    if dataset.format:
        graph.add((distribution, DCTERMS.format, Literal(dataset.format)))
    graph.add((distribution, DCTERMS.description, Literal(str(AccessKind(access.kind).label), lang="sv")))
    if access.licence_uri:
        graph.add((distribution, DCTERMS.license, URIRef(access.licence_uri)))
    graph.add((distribution, DCTERMS.accessRights, ACCESS_RIGHTS.PUBLIC))
    if access.kind == AccessKind.API and access.url:
        service = URIRef(site(f"/data/{dataset.pk}/#api"))
        graph.add((distribution, DCAT.accessService, service))
        graph.add((service, RDF.type, DCAT.DataService))
        graph.add((service, DCTERMS.title, Literal(f"API: {dataset.name}", lang="sv")))
        graph.add((service, DCAT.endpointURL, URIRef(access.url)))


def serialise(graph: Graph, fmt: str) -> str:
    """The graph in one of FORMATS ("turtle", "xml" = RDF/XML, "json-ld")."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    return graph.serialize(format=fmt, **({"auto_compact": True} if fmt == "json-ld" else {}))


def validate(graph: Graph) -> tuple[bool, str]:
    """SHACL validation against the project's shapes for the mandatory properties of DCAT-AP-SE."""
    from pyshacl import validate as shacl_validate

    shapes = Graph().parse(SHAPES, format="turtle")
    conforms, _report, text = shacl_validate(graph, shacl_graph=shapes, inference="none")
    return bool(conforms), str(text)


def export(fmt: str = "turtle") -> str:
    return serialise(catalog_graph(), fmt)


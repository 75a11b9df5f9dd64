"""OpenAPI 3.1 description of /api/v2/, built from the API's own declarations.

Nothing here is written per field by hand: page types come from the models,
their fields from `api_fields` (a serializer's `schema` attribute, else the
Django field's type), listing defaults from `api_listing_fields`, filters
from `api_filters` and the endpoints' known parameters. A new field or
filter on a model shows up in the schema by itself.
"""

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models

from wagtail.fields import StreamField
from wagtail.models import Page, get_page_models

from modelcluster.fields import ParentalKey
from taggit.managers import TaggableManager

from cms.api.parameters import MAX_OFFSET

NULL = {"type": "null"}

COMPONENTS = {
    "Error": {
        "type": "object",
        "required": ["message"],
        "properties": {"message": {"type": "string"}},
    },
    "Rendition": {
        "type": "object",
        "required": ["width", "url"],
        "properties": {
            "width": {"type": "integer"},
            "height": {"type": "integer"},
            "url": {"type": "string", "format": "uri"},
        },
    },
    "Image": {
        "type": "object",
        "required": ["id", "title", "alt", "width", "height", "renditions"],
        "properties": {
            "id": {"type": "integer"},
            "title": {"type": "string"},
            "alt": {"type": "string"},
            "caption": {"type": "string"},
            "credit": {"type": "string"},
            "width": {"type": "integer"},
            "height": {"type": "integer"},
            "renditions": {
                "type": "array",
                "items": {"$ref": "#/components/schemas/Rendition"},
            },
        },
    },
    "NamedObject": {
        "type": "object",
        "required": ["name", "slug"],
        "properties": {"name": {"type": "string"}, "slug": {"type": "string"}},
    },
    "PageLink": {
        "type": "object",
        "required": ["id", "type", "title", "url"],
        "properties": {
            "id": {"type": "integer"},
            "type": {"type": "string"},
            "title": {"type": "string"},
            "url": {"type": "string", "format": "uri"},
            "position": {"type": "string"},
        },
    },
    "Position": {
        "type": "object",
        "required": ["title", "organization", "start_date", "is_current"],
        "properties": {
            "title": {"type": "string"},
            "organization": {"$ref": "#/components/schemas/NamedObject"},
            "start_date": {"type": "string", "format": "date"},
            "end_date": {"anyOf": [{"type": "string", "format": "date"}, NULL]},
            "is_current": {"type": "boolean"},
            "label": {"type": "string"},
        },
    },
    "Block": {
        "type": "object",
        "required": ["type", "value", "id"],
        "properties": {
            "type": {"type": "string"},
            "value": {},
            "id": {"type": ["string", "null"]},
        },
    },
    "PageMeta": {
        "type": "object",
        "required": ["type", "detail_url"],
        "properties": {
            "type": {"type": "string"},
            "detail_url": {"type": "string", "format": "uri"},
            "html_url": {"type": "string", "format": "uri"},
            "slug": {"type": "string"},
            "show_in_menus": {"type": "boolean"},
            "seo_title": {"type": "string"},
            "search_description": {"type": "string"},
            "first_published_at": {
                "anyOf": [{"type": "string", "format": "date-time"}, NULL]
            },
            "last_published_at": {
                "anyOf": [{"type": "string", "format": "date-time"}, NULL]
            },
            "parent": {"anyOf": [{"$ref": "#/components/schemas/PageLink"}, NULL]},
            "site": {"anyOf": [{"$ref": "#/components/schemas/PortalRef"}, NULL]},
        },
    },
    "PortalRef": {
        "type": "object",
        "required": ["id", "hostname", "label"],
        "properties": {
            "id": {"type": "integer"},
            "hostname": {"type": "string"},
            "label": {"type": "string"},
        },
    },
    "Portal": {
        "type": "object",
        "required": ["id", "hostname", "base_url", "label", "name", "level"],
        "properties": {
            "id": {"type": "integer"},
            "hostname": {"type": "string"},
            "base_url": {"type": "string", "format": "uri"},
            "label": {"type": "string"},
            "name": {"type": "string"},
            "level": {"type": "string"},
            "unit_code": {"type": "string"},
        },
    },
}


def type_name(model):
    return f"{model._meta.app_label}.{model.__name__}"


def field_schema(model, api_field):
    """The JSON schema of one API field, from its serializer or its model field."""
    serializer = api_field.serializer
    if serializer is not None and hasattr(serializer, "schema"):
        schema = serializer.schema
        source = serializer.source or api_field.name
        return _nullable(schema) if _is_nullable(model, source) else schema
    try:
        field = model._meta.get_field(api_field.name)
    except FieldDoesNotExist:
        return {}
    schema = _django_field_schema(field)
    return _nullable(schema) if getattr(field, "null", False) else schema


def _is_nullable(model, name):
    try:
        return bool(model._meta.get_field(name).null)
    except FieldDoesNotExist:
        return False


def _nullable(schema):
    return {"anyOf": [schema, NULL]}


def _django_field_schema(field):
    if isinstance(field, StreamField):
        return {"type": "array", "items": {"$ref": "#/components/schemas/Block"}}
    if isinstance(field, TaggableManager):
        return {"type": "array", "items": {"type": "string"}}
    if isinstance(field, models.BooleanField):
        return {"type": "boolean"}
    if isinstance(field, models.IntegerField | models.AutoField):
        return {"type": "integer"}
    if isinstance(field, models.DateTimeField):
        return {"type": "string", "format": "date-time"}
    if isinstance(field, models.DateField):
        return {"type": "string", "format": "date"}
    if isinstance(field, models.CharField | models.TextField):
        return {"type": "string"}
    if isinstance(getattr(field, "field", None), ParentalKey):
        return {"type": "array", "items": {"type": "object"}}
    if field.is_relation:
        return {"type": "object"}
    return {}


def page_schema(endpoint, model):
    properties = {
        "id": {"type": "integer"},
        "title": {"type": "string"},
        "meta": {"$ref": "#/components/schemas/PageMeta"},
    }
    for api_field in endpoint.get_body_fields(model):
        if api_field.name not in properties:
            properties[api_field.name] = field_schema(model, api_field)
    return {
        "type": "object",
        "required": ["id", "meta"],
        "description": str(model._meta.verbose_name),
        "properties": properties,
        "x-listing-default-fields": endpoint.get_listing_default_fields(model),
    }


def object_schema(endpoint, model):
    properties = {"id": {"type": "integer"}, "meta": {"type": "object"}}
    for api_field in endpoint.get_body_fields(model) + endpoint.get_meta_fields(model):
        if api_field.name not in ("type", "detail_url"):
            properties.setdefault(api_field.name, field_schema(model, api_field))
    return {"type": "object", "required": ["id", "meta"], "properties": properties}


def parameter(name, schema, description="", location="query", required=False):
    return {
        "name": name,
        "in": location,
        "required": required,
        "description": description,
        "schema": schema,
    }


def common_parameters():
    limit_max = settings.WAGTAILAPI_LIMIT_MAX
    return [
        parameter(
            "limit",
            {"type": "integer", "minimum": 0, "maximum": limit_max},
            f"Items per response, at most {limit_max}.",
        ),
        parameter(
            "offset",
            {"type": "integer", "minimum": 0, "maximum": MAX_OFFSET},
            "Items to skip.",
        ),
        parameter(
            "fields",
            {"type": "string"},
            "Comma-separated fields; '*' for all, '-name' to drop one.",
        ),
        parameter("order", {"type": "string"}, "A field name; '-' for descending."),
        parameter("search", {"type": "string"}, "Words to search for."),
        parameter(
            "search_operator",
            {"type": "string", "enum": ["and", "or"]},
            "How search words combine.",
        ),
    ]


FILTER_KINDS = {
    "string": {"type": "string"},
    "date": {"type": "string", "format": "date"},
    "boolean": {"type": "string", "enum": ["true", "false"]},
}


def listing_response(item_schema):
    return {
        "type": "object",
        "required": ["meta", "items"],
        "properties": {
            "meta": {
                "type": "object",
                "required": ["total_count"],
                "properties": {"total_count": {"type": "integer"}},
            },
            "items": {"type": "array", "items": item_schema},
        },
    }


def responses(ok_schema, description):
    error = {"$ref": "#/components/schemas/Error"}
    return {
        "200": {
            "description": description,
            "content": {"application/json": {"schema": ok_schema}},
        },
        "400": {
            "description": "A parameter is wrong; the message says which.",
            "content": {"application/json": {"schema": error}},
        },
        "404": {
            "description": "Not found, or not public.",
            "content": {"application/json": {"schema": error}},
        },
        "503": {
            "description": "The database is unavailable; retry after Retry-After.",
            "content": {"application/json": {"schema": error}},
        },
    }


def build_schema(router, base_url=None):
    """The schema as served on the portal at `base_url` (BASE_URL if None)."""
    endpoints = dict(router._endpoints)
    schemas = dict(COMPONENTS)
    paths = {}

    pages = endpoints.pop("pages")
    page_models = [m for m in get_page_models() if m is not Page]
    page_refs = []
    filters = {}
    for model in page_models:
        name = type_name(model)
        schemas[name] = page_schema(pages, model)
        page_refs.append({"$ref": f"#/components/schemas/{name}"})
        for api_filter in getattr(model, "api_filters", ()):
            entry = filters.setdefault(
                api_filter.name, (FILTER_KINDS[api_filter.kind], [])
            )
            entry[1].append(f"{name}: {api_filter.help}".strip())
    page_item = {"anyOf": page_refs}
    type_values = sorted(type_name(m) for m in page_models)
    page_parameters = [
        *common_parameters(),
        parameter(
            "type",
            {"type": "string"},
            "One page type, or several separated by commas: "
            + ", ".join(type_values)
            + ". A single type adds its fields, defaults and filters.",
        ),
        parameter("child_of", {"type": "string"}, "A page id, or 'root'."),
        parameter("descendant_of", {"type": "string"}, "A page id, or 'root'."),
        parameter("ancestor_of", {"type": "integer", "minimum": 0}, "A page id."),
        parameter(
            "site",
            {"type": "string"},
            "Province portal only: list another portal's pages, named by its "
            "site id or host name (host:port when two portals share a host "
            "name), or 'all' for every portal's; each item then carries "
            "meta.site. Elsewhere only the portal's own id or host name is "
            "accepted. Unknown or refused: 400.",
        ),
        *[
            parameter(
                name,
                schema,
                "Only with type=… of: " + "; ".join(descriptions),
            )
            for name, (schema, descriptions) in sorted(filters.items())
        ],
    ]
    paths["/api/v2/pages/"] = {
        "get": {
            "operationId": "listPages",
            "summary": "Public pages",
            "parameters": page_parameters,
            "responses": responses(listing_response(page_item), "Pages"),
        }
    }
    paths["/api/v2/pages/{id}/"] = detail_path("getPage", page_item)
    paths["/api/v2/pages/find/"] = find_path("findPage", html_path=True)

    for endpoint_name, endpoint in endpoints.items():
        model = endpoint.model
        name = type_name(model)
        schemas[name] = object_schema(endpoint, model)
        ref = {"$ref": f"#/components/schemas/{name}"}
        title = endpoint_name.capitalize()
        paths[f"/api/v2/{endpoint_name}/"] = {
            "get": {
                "operationId": f"list{title}",
                "summary": f"Public {endpoint_name}",
                "parameters": common_parameters(),
                "responses": responses(listing_response(ref), title),
            }
        }
        paths[f"/api/v2/{endpoint_name}/{{id}}/"] = detail_path(f"get{title}", ref)
        paths[f"/api/v2/{endpoint_name}/find/"] = find_path(f"find{title}")

    schemas["Site"] = site_schema()
    paths["/api/v2/site/"] = {
        "get": {
            "operationId": "getSite",
            "summary": "The agency, its contacts and the section pages",
            "responses": responses({"$ref": "#/components/schemas/Site"}, "Site"),
        }
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": f"{settings.WAGTAIL_SITE_NAME} API",
            "version": "2",
            "description": "Read-only, anonymous. See docs/api.md.",
        },
        "servers": [{"url": base_url or settings.WAGTAILAPI_BASE_URL}],
        "paths": paths,
        "components": {"schemas": schemas},
    }


def detail_path(operation_id, item_schema):
    return {
        "get": {
            "operationId": operation_id,
            "parameters": [
                parameter(
                    "id",
                    {"type": "integer", "minimum": 1},
                    location="path",
                    required=True,
                ),
                parameter(
                    "fields",
                    {"type": "string"},
                    "Comma-separated fields; '-name' to drop one.",
                ),
            ],
            "responses": responses(item_schema, "One item"),
        }
    }


def find_path(operation_id, html_path=False):
    parameters = [parameter("id", {"type": "integer", "minimum": 1})]
    if html_path:
        parameters.append(
            parameter("html_path", {"type": "string"}, "A page's path on the site.")
        )
    operation = {
        "operationId": operation_id,
        "summary": "Redirect to an item's detail URL",
        "parameters": parameters,
        "responses": responses({}, "Not used: a match redirects"),
    }
    operation["responses"]["302"] = {"description": "Redirect to the detail URL."}
    del operation["responses"]["200"]
    return {"get": operation}


def site_schema():
    from cms.extensions import api_site_sections
    from cms.models import SiteSettings

    contacts = {
        name: {"type": "string"}
        for name in ("address", "phone", "email", "responsible_person", "licence")
        if _has_field(SiteSettings, name)
    }
    section = {
        "anyOf": [
            {
                "type": "object",
                "required": ["id", "title"],
                "properties": {"id": {"type": "integer"}, "title": {"type": "string"}},
            },
            NULL,
        ]
    }
    return {
        "type": "object",
        "required": [
            "id",
            "name",
            "hostname",
            "base_url",
            "agency_name",
            "label",
            "level",
            "unit_code",
            "is_province",
            "portals",
            "logo",
            "contacts",
            "sections",
        ],
        "properties": {
            "id": {"type": "integer"},
            "name": {"type": "string"},
            "hostname": {"type": "string"},
            "base_url": {"type": "string", "format": "uri"},
            "root_page_id": {"type": "integer"},
            "agency_name": {"type": "string"},
            "agency_short_name": {"type": "string"},
            "label": {"type": "string"},
            "level": {"type": "string"},
            "unit_code": {"type": "string"},
            "is_province": {"type": "boolean"},
            "portals": {
                "description": "On the province portal: every portal, for the "
                "pages listing's site filter; null elsewhere.",
                "anyOf": [
                    {"type": "array", "items": {"$ref": "#/components/schemas/Portal"}},
                    NULL,
                ],
            },
            "logo": {"anyOf": [{"$ref": "#/components/schemas/Image"}, NULL]},
            "contacts": {"type": "object", "properties": contacts},
            "sections": {
                "type": "object",
                "properties": {name: section for name in api_site_sections()},
            },
        },
    }


def _has_field(model, name):
    try:
        model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return True

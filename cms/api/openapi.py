"""OpenAPI 3.1 description of /api/v2/, built from the API's own declarations.

Nothing here is written per field by hand: page types come from the models,
their fields from `api_fields` (a serializer's `schema` attribute, else the
Django field's type), listing defaults from `api_listing_fields`, filters
from `api_filters` and the endpoints' known parameters. A new field or
filter on a model shows up in the schema by itself.
"""

import re

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models

from wagtail.fields import StreamField
from wagtail.models import Page, get_page_models
from wagtail.search import index

from modelcluster.fields import ParentalKey
from taggit.managers import TaggableManager

from cms import portals
from cms.api.endpoints import ALL_SITES
from cms.api.parameters import MAX_OFFSET
from cms.extensions import api_urls

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
    # `fields` may drop any field, the id and meta too: none is required.
    return {
        "type": "object",
        "description": str(model._meta.verbose_name),
        "properties": properties,
        "x-listing-default-fields": endpoint.get_listing_default_fields(model),
    }


def object_schema(endpoint, model):
    properties = {"id": {"type": "integer"}, "meta": {"type": "object"}}
    for api_field in endpoint.get_body_fields(model) + endpoint.get_meta_fields(model):
        if api_field.name not in ("type", "detail_url"):
            properties.setdefault(api_field.name, field_schema(model, api_field))
    return {"type": "object", "properties": properties}


def parameter(name, schema, description="", location="query", required=False):
    return {
        "name": name,
        "in": location,
        "required": required,
        "description": description,
        "schema": schema,
    }


def names_pattern(names):
    return "|".join(re.escape(name) for name in sorted(set(names)))


def fields_schema(names):
    """What `fields` accepts (Wagtail's rules): '*' (all) then names to drop
    ('-name'); '_' (none of the defaults) then names to add; or names to add
    or drop. Empty means the defaults."""
    name = f"(?:{names_pattern(names)})"
    return {
        "type": "string",
        "pattern": rf"^(?:\*(?:,-{name})*|_(?:,{name})*|-?{name}(?:,-?{name})*)?$",
    }


def order_schema(names):
    """One orderable field, '-' first for descending, or empty. ('random', without
    `offset`, is accepted too but left out: OpenAPI cannot say "not with".)"""
    # Empty: the default order.
    return {"type": "string", "pattern": rf"^(?:-?(?:{names_pattern(names)}))?$"}


def common_parameters(endpoint, model):
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
            fields_schema(listing_field_names(endpoint, model)),
            "Comma-separated fields; '*' for all, '_' for none of the defaults, "
            "'-name' to drop one. A single `type` adds its own fields.",
        ),
        parameter(
            "order",
            order_schema(orderable_names(endpoint, model)),
            "A field name; '-' for descending; 'random' (not with offset).",
        ),
        parameter("search", {"type": "string"}, "Words to search for."),
        requires(
            parameter(
                "search_operator",
                {"type": "string", "enum": ["and", "or"]},
                "How search words combine; only with search.",
            ),
            "search",
        ),
    ]


def requires(spec, *names, type_in=None):
    """Mark a parameter that the server accepts only with others (`names`)
    or with `type` one of `type_in`: rules an OpenAPI parameter list cannot
    state, so they are machine-readable here ("x-requires", "x-requires-type")
    as well as in the description (docs/api.md)."""
    if names:
        spec["x-requires"] = list(names)
    if type_in:
        spec["x-requires-type"] = sorted(type_in)
    return spec


def orderable_names(endpoint, model):
    """Columns the listing orders by with or without `search` (the search
    backends order results only by the model's filter fields)."""
    filterable = {"id"} | {
        field.field_name
        for field in model.get_search_fields()
        if isinstance(field, index.FilterField)
    }
    columns = endpoint.get_available_fields(model, db_fields_only=True)
    return [name for name in columns if name in filterable]


def listing_field_names(endpoint, model):
    available = endpoint.get_available_fields(model)
    # Detail-only fields (a page's parent) are unknown in listings.
    return [name for name in available if name not in ("parent",)]


# NUL is refused everywhere but in `search` (cms/api/parameters.py).
NO_NUL = {"type": "string", "pattern": r"^[^\x00]*$"}
NO_NUL_WORD = r"^[^\x00]*[^\x00\s][^\x00]*$"

FILTER_KINDS = {
    # Not empty, not only spaces (cms/api/serializers.py, APIFilter.parse).
    "string": {"type": "string", "pattern": NO_NUL_WORD},
    "date": {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"},
    "boolean": {"type": "string", "enum": ["true", "false", "1", "0"]},
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


def site_schema_for(portal):
    """The `site` values the portal asked accepts (any string when the schema
    is built for no portal)."""
    if portal is None:
        return {"type": "string"}
    if portal != portals.province():
        return {"type": "string", "enum": [str(portal.site_id), portal.hostname]}
    names = {ALL_SITES}
    for each in portals.all_portals():
        names |= {str(each.site_id), each.hostname}
    return {"type": "string", "enum": sorted(names)}


def build_schema(router, base_url=None, portal=None):
    """The schema as served on `portal` at `base_url` (BASE_URL if None)."""
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
                api_filter.name,
                (api_filter.schema or FILTER_KINDS[api_filter.kind], [], []),
            )
            entry[1].append(f"{name}: {api_filter.help}".strip())
            entry[2].append(name)
    page_item = {"anyOf": page_refs}
    type_values = sorted(type_name(m) for m in page_models)
    type_pattern = f"(?:{names_pattern(type_values)})"
    page_id = {"type": "string", "pattern": "^(?:root|[1-9][0-9]{0,8})$"}
    page_parameters = [
        *common_parameters(pages, Page),
        parameter(
            "type",
            {"type": "string", "pattern": rf"^{type_pattern}(?:,{type_pattern})*$"},
            "One page type, or several separated by commas: "
            + ", ".join(type_values)
            + ". A single type adds its fields, defaults and filters.",
        ),
        parameter("child_of", page_id, "A page id, or 'root'."),
        parameter("descendant_of", page_id, "A page id, or 'root'."),
        parameter(
            "ancestor_of",
            {"type": "integer", "minimum": 1, "maximum": 10**9},
            "A page id.",
        ),
        parameter(
            "site",
            site_schema_for(portal),
            "Province portal only: list another portal's pages, named by its "
            "site id or host name (host:port when two portals share a host "
            "name), or 'all' for every portal's; each item then carries "
            "meta.site. Elsewhere only the portal's own id or host name is "
            "accepted. Unknown or refused: 400.",
        ),
        *[
            requires(
                parameter(
                    name, schema, "Only with type=… of: " + "; ".join(descriptions)
                ),
                type_in=types,
            )
            for name, (schema, descriptions, types) in sorted(filters.items())
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
    paths["/api/v2/pages/{id}/"] = detail_path(
        "getPage", page_item, pages.get_available_fields(Page)
    )
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
                "parameters": common_parameters(endpoint, model),
                "responses": responses(listing_response(ref), title),
            }
        }
        paths[f"/api/v2/{endpoint_name}/{{id}}/"] = detail_path(
            f"get{title}", ref, endpoint.get_available_fields(model)
        )
        paths[f"/api/v2/{endpoint_name}/find/"] = find_path(f"find{title}")

    schemas["Site"] = site_schema()
    paths["/api/v2/site/"] = {
        "get": {
            "operationId": "getSite",
            "summary": "The agency, its contacts and the section pages",
            "responses": responses({"$ref": "#/components/schemas/Site"}, "Site"),
        }
    }
    for route in api_urls():
        operation = getattr(route.callback, "openapi", None)
        if operation is not None:
            paths[f"/api/v2/{route.pattern}"] = {
                "get": {
                    "operationId": operation["operationId"],
                    "summary": operation["summary"],
                    "responses": responses(operation["response"], operation["summary"]),
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


def detail_path(operation_id, item_schema, field_names):
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
                    fields_schema(field_names),
                    "Comma-separated fields; '*' for all, '_' for none of the "
                    "defaults, '-name' to drop one; a page's own type adds its "
                    "fields.",
                ),
            ],
            "responses": responses(item_schema, "One item"),
        }
    }


def find_path(operation_id, html_path=False):
    parameters = [parameter("id", {"type": "integer", "minimum": 1})]
    if html_path:
        parameters.append(parameter("html_path", NO_NUL, "A page's path on the site."))
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
            "parent_name",
            "colour",
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
            "parent_name": {
                "type": "string",
                "description": "The level above the agency, as the banner "
                "shows it over its name (e.g. Tỉnh An Giang); may be empty.",
            },
            "colour": {
                "type": "string",
                "pattern": "^(#[0-9a-fA-F]{6})?$",
                "description": "The portal's main colour; empty for the default.",
            },
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

"""Relations between documents, read from either side."""

from cms.visibility import visible

DIRECTION_OUT = "out"
DIRECTION_IN = "in"


def relations_both_ways(page, preview=False):
    """[(label, document)] for what `page` points at and what points at it.

    Only live, public documents appear; a preview shows the editor's unsaved
    choices. Two queries.
    """
    from .models import INVERSE_LABELS, PublicationPage, PublicationRelation

    if preview:
        outgoing = list(page.relations.all())
        targets = (
            visible(
                PublicationPage.objects.filter(pk__in=[r.target_id for r in outgoing])
            )
            .select_related("document_type")
            .in_bulk()
        )
        pairs = [
            (relation.get_kind_display(), targets[relation.target_id])
            for relation in outgoing
            if relation.target_id in targets
        ]
    else:
        pairs = [
            (relation.get_kind_display(), relation.target)
            for relation in visible(
                PublicationRelation.objects.filter(page=page), "target__"
            )
            .select_related("target__document_type")
            .order_by("sort_order", "pk")
        ]
    if page.pk is None:
        return pairs
    incoming = (
        visible(PublicationRelation.objects.filter(target=page), "page__")
        .select_related("page__document_type")
        .order_by("page__issue_date", "pk")
    )
    pairs += [(INVERSE_LABELS[relation.kind], relation.page) for relation in incoming]
    return pairs

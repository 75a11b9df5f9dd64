"""Reading numbers from query strings that people and bots type by hand.

Page numbers are Django's `Paginator.get_page`; this is for the rest (years,
months, ids).
"""


def int_param(value, minimum, maximum):
    """An int within bounds, or None for anything else (never an exception)."""
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if minimum <= number <= maximum else None

"""Reading query-string parameters that people and bots type by hand."""


def int_param(value, minimum, maximum):
    """An int within bounds, or None for anything else (never an exception)."""
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if minimum <= number <= maximum else None


def sane_page(paginator, value):
    """The requested page of a listing: bad numbers give the first page, numbers
    past the end the last one, so a shared or mistyped link still shows something.
    """
    number = int_param(value, 1, 2**31)
    if number is None:
        return paginator.page(1)
    return paginator.page(min(number, paginator.num_pages))

"""Reading query-string parameters that people and bots type by hand."""


def int_param(value, minimum, maximum):
    """An int within bounds, or None for anything else (never an exception)."""
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if minimum <= number <= maximum else None

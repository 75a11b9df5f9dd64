class LineError(Exception):
    """A line that cannot be imported; the message tells the operator why."""

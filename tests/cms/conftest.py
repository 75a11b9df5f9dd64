import pytest


@pytest.fixture
def fragments_on(settings):
    """Rendered fragments and routing from the cache, as in production."""
    settings.FRAGMENT_CACHE_SECONDS = 300


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a change as the admin does: new versions once it is committed."""

    def committed(change, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return change(*args, **kwargs)

    return committed

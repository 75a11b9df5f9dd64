from cms.boot import setup_or_exit

setup_or_exit("cms.settings.production")

from django.core.asgi import get_asgi_application  # noqa: E402

application = get_asgi_application()

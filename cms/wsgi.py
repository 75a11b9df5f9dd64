from cms.boot import setup_or_exit

setup_or_exit("cms.settings.production")

from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()

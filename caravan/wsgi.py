import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "caravan.settings.dev")
django_application = get_wsgi_application()

# Page-cache hits are answered before Django's handler (caravan/caching/fastpath.py);
# imported once Django is set up.
from caravan.caching.fastpath import FastPath  # noqa: E402

application = FastPath(django_application)

"""gunicorn settings for Caravan (gunicorn -c deploy/gunicorn.conf.py).

Environment: BIND (default 127.0.0.1:8001), WEB_CONCURRENCY (workers, default
CPUs + 1), WEB_THREADS (threads per worker, default 4: the gthread worker keeps
connections alive, which doubles what cached pages can be served at; bench/).
"""

import multiprocessing
import os

wsgi_app = "caravan.wsgi:application"
bind = os.environ.get("BIND", "127.0.0.1:8001")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() + 1))
threads = int(os.environ.get("WEB_THREADS", "4"))
worker_class = "gthread" if threads > 1 else "sync"
keepalive = 5
timeout = 30
graceful_timeout = 10
max_requests = 20000  # recycle workers now and then (memory growth in libraries)
max_requests_jitter = 2000
preload_app = True
accesslog = os.environ.get("ACCESS_LOG") or None  # "-" for stdout
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

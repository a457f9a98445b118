"""Downloads for ``import_wordpress --fetch-media``, limited to what an export may
ask for.

An export names the URLs of its images, so a hostile one could make the importer
fetch from any host the server can reach (an internal service, a cloud metadata
address): a server-side request forgery. :class:`MediaFetcher` fetches only:

* over http(s), from the export's own site (the hosts of its ``base_site_url``,
  ``base_blog_url`` and ``link``, and their subdomains, e.g. a media host) or from
  a host the operator names on the command line (``--media-host``);
* for hosts the export names, only from public addresses: every address the name
  resolves to, and the address actually connected to (checked on the socket, so
  a name that resolves differently the second time gains nothing), must be
  globally routable. A host the operator names may be anywhere (a mirror on the
  local network);
* following at most three redirects, each to a URL these same rules allow;
* at most ``max_bytes`` (the Content-Length is checked first, then the body as it
  is read), only with an ``image/*`` Content-Type and a body that is an image of a
  format Wagtail renders (checked by decoding its header with Pillow).
"""

from __future__ import annotations

import http.client
import io
import ipaddress
import socket
import ssl
import urllib.error
import urllib.request
from functools import partial
from urllib.parse import urlsplit

from PIL import Image, UnidentifiedImageError

DEFAULT_MAX_BYTES = 25 * 1024 * 1024
MAX_REDIRECTS = 3
TIMEOUT = 30
IMAGE_FORMATS = {"JPEG", "PNG", "GIF", "WEBP", "BMP", "TIFF", "AVIF", "MPO"}


class FetchRefused(Exception):
    """The URL, its answer or its body is not something the importer takes."""


def image_format(data: bytes) -> str:
    """The image format of ``data`` (Pillow's name); FetchRefused if it is not an
    image Wagtail can render."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            fmt = image.format or ""
            image.verify()
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
        raise FetchRefused("not an image") from exc
    if fmt not in IMAGE_FORMATS:
        raise FetchRefused(f"image format {fmt or 'unknown'} is not accepted")
    return fmt


def _host_port(value: str) -> tuple[str, int | None]:
    """("host", port or None) of a URL or a ``host[:port]``."""
    value = value.strip().lower()
    parts = urlsplit(value if "://" in value else "//" + value)
    try:
        return (parts.hostname or ""), parts.port
    except ValueError:
        return (parts.hostname or ""), None


def _is_public(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    if ip.version == 6 and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


class _Policy:
    def __init__(self, site_hosts, operator_hosts):
        self.site_hosts = {h for h in (_host_port(x)[0] for x in site_hosts) if h}
        self.operator_hosts = {_host_port(x) for x in operator_hosts if x.strip()}

    def check(self, url: str) -> bool:
        """Raise FetchRefused unless ``url`` may be fetched; True if the operator
        named its host (no address check then)."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            raise FetchRefused(f"not an http(s) URL: {url[:100]}")
        if parts.username or parts.password:
            raise FetchRefused("URLs with credentials are not fetched")
        host = (parts.hostname or "").lower()
        try:
            port = parts.port
        except ValueError as exc:
            raise FetchRefused(f"bad port in {url[:100]}") from exc
        if (host, port) in self.operator_hosts or (host, None) in self.operator_hosts:
            return True
        if not any(host == h or host.endswith("." + h) for h in self.site_hosts):
            raise FetchRefused(
                f"host {host or '?'} is not the export's site "
                "(name it with --media-host to allow it)"
            )
        try:
            infos = socket.getaddrinfo(host, port or 443, proto=socket.IPPROTO_TCP)
        except OSError as exc:
            raise FetchRefused(f"host {host} does not resolve: {exc}") from exc
        private = [i[4][0] for i in infos if not _is_public(i[4][0])]
        if private:
            raise FetchRefused(
                f"host {host} resolves to a non-public address ({private[0]}); "
                "name it with --media-host to allow it"
            )
        return False


def _check_peer(sock, trusted: bool, host: str) -> None:
    if trusted:
        return
    peer = sock.getpeername()[0]
    if not _is_public(peer):
        sock.close()
        raise FetchRefused(f"host {host} connected to a non-public address ({peer})")


class _HTTPConnection(http.client.HTTPConnection):
    def __init__(self, *args, trusted: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self._trusted = trusted

    def connect(self):
        super().connect()
        _check_peer(self.sock, self._trusted, self.host)


class _HTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, *args, trusted: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self._trusted = trusted

    def connect(self):
        super().connect()
        _check_peer(self.sock, self._trusted, self.host)


class _Handlers:
    """urllib handlers that check every URL (redirects too) against the policy."""

    def __init__(self, policy: _Policy):
        self.policy = policy

        fetcher = self

        class HTTPHandler(urllib.request.HTTPHandler):
            def http_open(self, req):
                trusted = fetcher.policy.check(req.full_url)
                return self.do_open(partial(_HTTPConnection, trusted=trusted), req)

        class HTTPSHandler(urllib.request.HTTPSHandler):
            def __init__(self):
                super().__init__(context=ssl.create_default_context())

            def https_open(self, req):
                trusted = fetcher.policy.check(req.full_url)
                return self.do_open(
                    partial(_HTTPSConnection, trusted=trusted),
                    req,
                    context=self._context,
                )

        class RedirectHandler(urllib.request.HTTPRedirectHandler):
            max_redirections = max_repeats = MAX_REDIRECTS

            def redirect_request(self, req, fp, code, msg, headers, newurl):
                fetcher.policy.check(newurl)  # refused before anything is sent
                return super().redirect_request(req, fp, code, msg, headers, newurl)

        self.opener = urllib.request.OpenerDirector()
        for handler in (
            HTTPHandler(),
            HTTPSHandler(),
            RedirectHandler(),
            urllib.request.HTTPErrorProcessor(),
            urllib.request.HTTPDefaultErrorHandler(),
            urllib.request.UnknownHandler(),
        ):
            self.opener.add_handler(handler)


class MediaFetcher:
    def __init__(
        self,
        *,
        site_urls,
        extra_hosts=(),
        max_bytes: int = DEFAULT_MAX_BYTES,
        timeout: float = TIMEOUT,
    ):
        self.policy = _Policy(site_urls, extra_hosts)
        self.max_bytes = max_bytes
        self.timeout = timeout
        self._opener = _Handlers(self.policy).opener

    def get(self, url: str) -> bytes:
        """The image at ``url``; FetchRefused (with the reason) otherwise."""
        self.policy.check(url)
        request = urllib.request.Request(  # noqa: S310 - scheme checked by the policy
            url, headers={"User-Agent": "Caravan WordPress importer"}
        )
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                kind = response.headers.get_content_type()
                if not kind.startswith("image/"):
                    raise FetchRefused(f"Content-Type {kind} is not an image")
                length = response.headers.get("Content-Length", "")
                if (
                    length.isascii()
                    and length.isdigit()
                    and int(length) > self.max_bytes
                ):
                    raise FetchRefused(
                        f"{int(length)} bytes is over the limit of {self.max_bytes}"
                    )
                data = response.read(self.max_bytes + 1)
        except FetchRefused:
            raise
        except urllib.error.HTTPError as exc:
            raise FetchRefused(f"HTTP {exc.code}") from exc
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, FetchRefused):
                raise exc.reason from exc
            raise FetchRefused(f"download failed: {exc.reason}") from exc
        except (OSError, http.client.HTTPException, ValueError) as exc:
            raise FetchRefused(f"download failed: {exc}") from exc
        if len(data) > self.max_bytes:
            raise FetchRefused(f"the body is over the limit of {self.max_bytes} bytes")
        image_format(data)
        return data

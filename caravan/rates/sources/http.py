"""A small, polite HTTP client for the central-bank endpoints.

Timeouts on every request, a bounded number of retries with exponential backoff on
connection errors, timeouts, 429 and 5xx; a cap on the body size. Anything else is a
``FetchError`` with a message that says what went wrong (it ends up in the log).
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

import requests

from .base import FetchError

logger = logging.getLogger("caravan.rates")

# Several banks refuse default library user agents (CBT answers 403 to curl).
USER_AGENT = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/124.0 Safari/537.36 Caravan-rates/1.0"
)
RETRY_STATUSES = {429, 500, 502, 503, 504}


@dataclass
class HttpClient:
    connect_timeout: float = 5.0
    read_timeout: float = 20.0
    retries: int = 2  # extra attempts after the first
    backoff: float = 1.0  # seconds; doubled after each failed attempt
    max_bytes: int = 5 * 1024 * 1024
    verify: bool = True

    def __post_init__(self) -> None:
        self.session = requests.Session()
        self.session.headers.update(
            {
                "User-Agent": USER_AGENT,
                "Accept": "application/xml, application/json, */*",
            }
        )

    @classmethod
    def from_settings(cls) -> HttpClient:
        from caravan.rates import conf

        return cls(
            connect_timeout=conf.http_connect_timeout(),
            read_timeout=conf.http_read_timeout(),
            retries=conf.http_retries(),
            backoff=conf.http_backoff(),
        )

    def get(self, url: str, params: dict | None = None) -> bytes:
        attempts = max(1, self.retries + 1)
        delay = self.backoff
        last: str = ""
        for attempt in range(1, attempts + 1):
            try:
                response = self.session.get(
                    url,
                    params=params,
                    timeout=(self.connect_timeout, self.read_timeout),
                    stream=True,
                    verify=self.verify,
                )
            except requests.Timeout:
                last = f"timed out after {self.read_timeout:g}s"
            except requests.RequestException as exc:
                last = f"connection failed: {type(exc).__name__}"
            else:
                with response:
                    if response.status_code in RETRY_STATUSES:
                        last = f"HTTP {response.status_code}"
                    elif response.status_code != 200:
                        raise FetchError(f"{url}: HTTP {response.status_code}")
                    else:
                        return self._read(url, response)
            logger.info("rates: GET %s attempt %d/%d: %s", url, attempt, attempts, last)
            if attempt < attempts and delay > 0:
                time.sleep(delay)
                delay *= 2
        raise FetchError(f"{url}: {last} (after {attempts} attempts)")

    def _read(self, url: str, response: requests.Response) -> bytes:
        chunks: list[bytes] = []
        size = 0
        try:
            for chunk in response.iter_content(64 * 1024):
                size += len(chunk)
                if size > self.max_bytes:
                    raise FetchError(
                        f"{url}: response larger than {self.max_bytes} bytes"
                    )
                chunks.append(chunk)
        except requests.RequestException as exc:
            raise FetchError(
                f"{url}: reading body failed: {type(exc).__name__}"
            ) from exc
        return b"".join(chunks)

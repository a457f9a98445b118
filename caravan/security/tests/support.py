"""An authenticator app for tests: RFC 6238 TOTP written out here, independent of
django-otp's own code, computed from the secret the set-up page shows."""

import base64
import hashlib
import hmac
import re
import struct
import time


def totp(secret_b32: str, at: float | None = None, step: int = 30) -> str:
    key = base64.b32decode(secret_b32.replace(" ", "").upper())
    counter = int((time.time() if at is None else at) // step)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{number % 1_000_000:06d}"


def secret_from_page(html: str) -> str:
    return re.search(r"<code data-secret>([A-Z2-7 ]+)</code>", html).group(1)


def codes_from_page(html: str) -> list[str]:
    return re.findall(r"<li><code>([a-z2-7]+)</code></li>", html)

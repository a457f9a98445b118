from __future__ import annotations

from xml.etree.ElementTree import Element
from xml.etree.ElementTree import ParseError as XmlError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from .base import ParseError, check_payload


def parse_xml(payload: bytes, source: str) -> Element:
    """Parse bytes with their declared encoding (windows-1251 or UTF-8), safely."""
    payload = check_payload(payload, source)
    try:
        return fromstring(payload)
    except (XmlError, DefusedXmlException, ValueError, LookupError) as exc:
        raise ParseError(f"{source}: not well-formed XML: {exc}") from exc


def text(element: Element, path: str) -> str | None:
    found = element.find(path)
    return None if found is None or found.text is None else found.text.strip()

"""requirements/audit.py (`make audit`): a run that could check nothing is not a pass."""

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
spec = importlib.util.spec_from_file_location(
    "audit", ROOT / "requirements" / "audit.py"
)
audit = importlib.util.module_from_spec(spec)
spec.loader.exec_module(audit)

# The shapes pip-audit 2.10 writes with --format json.
CHECKED = {"name": "django", "version": "5.2.19", "vulns": []}
NOT_FOUND = {
    "name": "lxml",
    "skip_reason": "Dependency not found on PyPI and could not be audited: lxml (6.2.0)",
}
VULNERABLE = {
    "name": "jinja2",
    "version": "3.1.2",
    "vulns": [{"id": "GHSA-h5c8-rqwp-cp95", "fix_versions": ["3.1.3"]}],
}


def test_all_checked_and_clean_passes():
    status, lines = audit.summarise({"dependencies": [CHECKED]}, "pypi")
    assert status == audit.CLEAN
    assert "1 of 1 locked packages checked" in lines[-1]


def test_an_unreachable_source_is_said_plainly_and_fails():
    status, lines = audit.summarise({"dependencies": [CHECKED, NOT_FOUND]}, "pypi")
    assert status == audit.UNCHECKED
    text = "\n".join(lines)
    assert "1 of 2 locked packages checked" in text
    assert "NOT CHECKED: 1 packages" in text and "not a clean result" in text


def test_known_vulnerabilities_are_listed_with_their_fix():
    status, lines = audit.summarise({"dependencies": [VULNERABLE, CHECKED]}, "osv")
    assert status == audit.VULNERABLE
    assert lines[0] == ("VULNERABLE jinja2 3.1.2: GHSA-h5c8-rqwp-cp95 (fixed in 3.1.3)")


def test_an_empty_report_is_not_a_pass():
    assert audit.summarise({"dependencies": []}, "pypi")[0] == audit.UNCHECKED

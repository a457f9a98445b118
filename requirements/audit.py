"""`make audit`: pip-audit over the lock files, honest about what it could check.

pip-audit asks an advisory source (PyPI's JSON API by default, OSV with
AUDIT_SERVICE=osv) about each pinned version. When that source cannot be reached,
or answers "not found" for every package (a registry mirror without the
per-version JSON API does that), pip-audit still ends with "No known
vulnerabilities found" and status 0. This wrapper reads its JSON report and says
plainly how many packages were really checked.

Exit status: 0 all checked and clean; 1 known vulnerabilities; 2 the advisory
source could not be reached or could not audit some packages (nothing is known
about them: not a pass).
"""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

CLEAN, VULNERABLE, UNCHECKED = 0, 1, 2


def summarise(report: dict, service: str) -> tuple[int, list[str]]:
    """(exit status, lines to print) for a pip-audit JSON report."""
    deps = report.get("dependencies", [])
    skipped = [d for d in deps if d.get("skip_reason")]
    audited = [d for d in deps if not d.get("skip_reason")]
    vulnerable = [d for d in audited if d.get("vulns")]
    lines = []
    for dep in vulnerable:
        for vuln in dep["vulns"]:
            fixed = ", ".join(vuln.get("fix_versions") or []) or "no fixed version"
            lines.append(
                f"VULNERABLE {dep['name']} {dep.get('version', '')}: "
                f"{vuln.get('id')} (fixed in {fixed})"
            )
    lines.append(
        f"{len(audited)} of {len(deps)} locked packages checked against the "
        f"{service!r} advisory source; {len(vulnerable)} with known vulnerabilities."
    )
    if skipped:
        lines.append(
            f"NOT CHECKED: {len(skipped)} packages could not be audited, e.g. "
            f"{skipped[0]['skip_reason']}"
        )
        lines.append(
            "The advisory source is unreachable from here or does not know these "
            "versions: this is not a clean result. Run `make audit` where the "
            "source is reachable (AUDIT_SERVICE=osv for osv.dev)."
        )
    if vulnerable:
        return VULNERABLE, lines
    if skipped or not deps:
        return UNCHECKED, lines
    return CLEAN, lines


def main(lock_files: list[str]) -> int:
    service = os.environ.get("AUDIT_SERVICE", "pypi")
    pip_audit = Path(sys.executable).with_name("pip-audit")
    with tempfile.TemporaryDirectory() as tmp:
        output = Path(tmp) / "report.json"
        command = [str(pip_audit), "--disable-pip", "--require-hashes"]
        command += ["--progress-spinner", "off", "--vulnerability-service", service]
        command += ["--format", "json", "--output", str(output)]
        for lock_file in lock_files:
            command += ["--requirement", lock_file]
        result = subprocess.run(command, capture_output=True, text=True)  # noqa: S603
        if not output.exists() or not output.read_text().strip():
            last = (result.stderr.strip() or result.stdout.strip()).splitlines()
            print(last[-1] if last else "")  # the error, without pip-audit's traceback
            print(
                f"pip-audit could not query the {service!r} advisory source "
                f"(status {result.returncode}): NOTHING WAS CHECKED."
            )
            return UNCHECKED
        status, lines = summarise(json.loads(output.read_text()), service)
    print("\n".join(lines))
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

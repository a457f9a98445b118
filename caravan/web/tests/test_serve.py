import io
import subprocess
import sys
import threading

from caravan.web.management.commands.serve import supervise


def python(code: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", code])


def test_a_scheduler_that_dies_is_started_again_while_the_server_runs():
    server = python("import time; time.sleep(3)")
    started = []

    def start_scheduler():
        started.append(python("raise SystemExit(3)"))  # dies at once, every time
        return started[-1]

    first = start_scheduler()
    children, log = [server, first], io.StringIO()
    last = supervise(
        server, first, start_scheduler, children, log, poll=0.05, delay=0.2
    )
    assert server.returncode == 0
    assert len(started) >= 3  # restarted again and again, not just once
    assert "exited with code 3" in log.getvalue()
    assert last in children and first not in children  # stop() reaches the live one
    for process in started:
        process.wait(timeout=5)


def test_no_scheduler_means_just_waiting_for_the_server():
    server = python("pass")
    assert supervise(server, None, None, [server], io.StringIO(), poll=0.05) is None
    assert server.returncode == 0


def test_a_scheduler_stopped_for_shutdown_is_not_started_again():
    server = python("import time; time.sleep(1)")
    scheduler, started = python("raise SystemExit(0)"), []
    stopping = threading.Event()
    stopping.set()
    log = io.StringIO()

    def start_scheduler():
        started.append(python("pass"))
        return started[-1]

    supervise(
        server,
        scheduler,
        start_scheduler,
        [server, scheduler],
        log,
        poll=0.05,
        delay=0,
        stopping=stopping,
    )
    assert started == [] and log.getvalue() == ""
    scheduler.wait(timeout=5)

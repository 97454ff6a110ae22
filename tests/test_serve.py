"""`nox -s serve`: an edited chapter runs again alone, its page is rewritten and served, and the
rebuild sets off no other.

sphinx-autobuild watches a copy of the sources (``quick_site.copy_sources``) with the options of
``site_facts.watch_arguments``, as the nox session does; the test appends a paragraph to one chapter.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from quick_site import copy_sources
from site_facts import GALLERY_DIR, LANGS, WHEEL_DIR, sphinx_arguments, watch_arguments
from test_rebuild import ANSI_COLOUR, rebuild_work

EDITED, OTHER = "plot_04_backprop", "plot_03_activations"  # the two quickest chapters
EDIT = "\n# %%\n# Edited while the site is served.\n"
REBUILDING = "Rebuilding..."
SERVING = re.compile(r"Serving on (http://\S+)")
BUILD_SECONDS = 180.0
"""The longest a build may take: the first reads every page and runs two chapters."""
QUIET_SECONDS = 10.0
"""How long the server must then stay idle: watchfiles gathers changes for 1.6 s before it reports."""


def server_log(log: Path, builds: int, server: subprocess.Popen[bytes]) -> str:
    """The server's log once ``builds`` builds have finished (each ends with "Serving on")."""
    deadline = time.monotonic() + BUILD_SECONDS
    while True:
        text = ANSI_COLOUR.sub("", log.read_text(encoding="utf-8"))
        if len(SERVING.findall(text)) >= builds:
            return text
        assert server.poll() is None, f"sphinx-autobuild exited:\n{text}"
        assert time.monotonic() < deadline, f"no build {builds} within {BUILD_SECONDS} s:\n{text}"
        time.sleep(0.5)


@pytest.mark.slow
def test_serve_reruns_only_the_edited_chapter_and_never_loops(tmp_path: Path) -> None:
    sources = copy_sources(tmp_path / "sources")
    lang = LANGS[0]
    options = [
        *("-D", f"sphinx_gallery_conf.filename_pattern={EDITED}|{OTHER}"),  # two chapters run
        *("-D", f"nnguide_wheel_dir={WHEEL_DIR}"),  # the wheel nox built, not one in the copy
    ]
    arguments = [
        *sphinx_arguments("html", lang, *options, docs=sources / "docs", build=tmp_path / "out"),
        *watch_arguments(lang, root=sources),
        *("--host", "127.0.0.1", "--port", "0"),  # a free port, which the log gives
    ]
    log = tmp_path / "serve.log"
    environment = {**os.environ, "PYTHONUNBUFFERED": "1", "CUDA_VISIBLE_DEVICES": ""}
    with log.open("wb") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "sphinx_autobuild", *arguments],
            cwd=sources,
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its build workers are ended with it
        )
    try:
        first = server_log(log, 1, server)
        assert "ran 2 examples" in rebuild_work(first)
        gallery = sources / "docs" / lang / GALLERY_DIR
        other_page = (gallery / f"{OTHER}.rst").stat().st_mtime_ns
        time.sleep(QUIET_SECONDS)  # let the watcher settle, then edit
        chapter = sources / "examples" / lang / f"{EDITED}.py"
        chapter.write_text(chapter.read_text(encoding="utf-8") + EDIT, encoding="utf-8")

        second = server_log(log, 2, server)
        time.sleep(QUIET_SECONDS)  # a rebuild set off by the rebuild's own files would start here
        text = ANSI_COLOUR.sub("", log.read_text(encoding="utf-8"))
        assert text.count(REBUILDING) == 1, f"the edit set off more than one rebuild:\n{text}"
        rebuild = second[second.index(REBUILDING) :]
        work = rebuild_work(rebuild)
        assert "ran 1 examples" in work, rebuild
        assert f"wrote {GALLERY_DIR}/{EDITED}" in work, rebuild
        assert (gallery / f"{OTHER}.rst").stat().st_mtime_ns == other_page  # it did not run
        url = SERVING.findall(second)[-1]
        with urllib.request.urlopen(f"{url}/{GALLERY_DIR}/{EDITED}.html", timeout=30) as page:
            assert "Edited while the site is served." in page.read().decode()
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)

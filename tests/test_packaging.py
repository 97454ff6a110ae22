"""The distributions carry the license text that their metadata declares (``License-Expression``)."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from site_facts import ROOT


@pytest.mark.slow  # builds the wheel (hatchling, in pip's isolated build environment)
def test_the_wheel_holds_the_license(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
    )
    (wheel,) = tmp_path.glob("nnguide-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        (dist_info,) = {name.split("/")[0] for name in archive.namelist() if ".dist-info/" in name}
        license_text = archive.read(f"{dist_info}/licenses/LICENSE").decode()
        metadata = archive.read(f"{dist_info}/METADATA").decode()
    assert license_text == (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert "Copyright (c) 2026 nnguide developers" in license_text
    assert "License-Expression: MIT" in metadata.splitlines()
    assert "License-File: LICENSE" in metadata.splitlines()

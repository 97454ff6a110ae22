"""An example's animation becomes a still, lazy frames and a player's directive; a broken one stops."""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pytest
from animations import AnimationError, frame_path
from figure_scraper import checked_matplotlib_scraper
from matplotlib.animation import FuncAnimation
from PIL import Image

mpl.use("Agg")
STEPS = 5


@pytest.fixture(autouse=True)
def _close_figures() -> Iterator[None]:
    yield
    plt.close("all")


def conf(folder: Path) -> dict[str, Any]:
    """The parts of sphinx-gallery's configuration that the scraper reads."""
    return {
        "image_srcset": [2.0],
        "matplotlib_animations": (False, None),
        "compress_images": (),
        "src_dir": str(folder),
    }


def moving_point(
    *, label: str = "A point moves from 0 to 4.", long_title_at: int | None = None
) -> FuncAnimation:
    """A figure whose point moves one step to the right per frame, its title saying which step
    (but for a title far too long for the figure at step ``long_title_at``)."""
    fig, ax = plt.subplots(figsize=(4, 3), layout="constrained")
    ax.set_xlim(-0.5, STEPS - 0.5)
    ax.set_ylim(-1, 1)
    (point,) = ax.plot([0], [0], "o")

    def draw_step(step: int) -> None:
        point.set_data([step], [0])
        ax.set_title(f"step {step + 1} of {STEPS}")
        if step == long_title_at:
            ax.set_title("a title far too long for a figure only four inches wide, cut off")

    animation = FuncAnimation(fig, draw_step, frames=STEPS, interval=250, repeat=False)
    draw_step(STEPS - 1)
    fig.set_label(label)
    return animation


def scrape(folder: Path, example_globals: dict[str, Any]) -> str:
    paths = iter([str(folder / "sphx_glr_demo_001.png"), str(folder / "sphx_glr_demo_002.png")])
    block_vars = {
        "image_path_iterator": paths,
        "src_file": "plot_demo.py",
        "example_globals": example_globals,
    }
    return checked_matplotlib_scraper(None, block_vars, conf(folder))


def test_an_animation_is_saved_as_its_still_and_frames_with_a_player(tmp_path: Path) -> None:
    animation = moving_point()
    rst = scrape(tmp_path, {"animation": animation})
    still = tmp_path / "sphx_glr_demo_001.png"
    assert still.is_file()
    assert (tmp_path / "sphx_glr_demo_001_2_00x.png").is_file()
    frames = [frame_path(still, number) for number in range(1, STEPS + 1)]
    assert all(frame.is_file() for frame in frames)
    assert not frame_path(still, STEPS + 1).exists()
    with Image.open(frames[0]) as first:
        assert first.mode == "P"  # a palette PNG: a few kB
    assert ".. nnguide-animation::" in rst
    assert ":frames: 5" in rst
    assert ":interval: 250" in rst
    alts = json.loads(re.search(r":frame-alt: (.*)", rst).group(1))  # type: ignore[union-attr]
    assert alts == [f"step {n} of {STEPS}" for n in range(1, STEPS + 1)]
    assert ":caption: A point moves from 0 to 4." in rst
    assert ":alt: step 5 of 5" in rst  # the still shows the last step
    assert plt.get_fignums() == []


def test_each_frame_differs_and_the_still_is_the_last_step(tmp_path: Path) -> None:
    scrape(tmp_path, {"animation": moving_point()})
    still = tmp_path / "sphx_glr_demo_001.png"
    pixels = []
    for number in range(1, STEPS + 1):
        with Image.open(frame_path(still, number)) as frame:
            pixels.append(np.asarray(frame.convert("RGB"), dtype=np.int16))
    assert all((a != b).any() for a, b in itertools.combinations(pixels, 2))
    with Image.open(still) as image:
        # the palette moves a colour by a shade at most
        assert np.abs(np.asarray(image.convert("RGB"), dtype=np.int16) - pixels[-1]).max() <= 8


def test_an_animation_without_a_text_alternative_stops_the_build(tmp_path: Path) -> None:
    with pytest.raises(AnimationError, match=r"no text alternative: describe what it shows"):
        scrape(tmp_path, {"animation": moving_point(label="")})


def test_a_frame_whose_text_is_cut_off_stops_the_build(tmp_path: Path) -> None:
    animation = moving_point(long_title_at=2)
    with pytest.raises(AnimationError, match=r"frame 3 of the animation sphx_glr_demo_001\.png"):
        scrape(tmp_path, {"animation": animation})


def test_static_figures_follow_the_animation_with_their_labels_as_alt_text(tmp_path: Path) -> None:
    animation = moving_point()
    fig, ax = plt.subplots(figsize=(4, 3), layout="constrained")
    ax.set_title("Loss")
    fig.set_label("The loss falls.")
    rst = scrape(tmp_path, {"animation": animation})
    assert rst.index("nnguide-animation") < rst.index("sphx_glr_demo_002.png")
    assert ":alt: The loss falls." in rst

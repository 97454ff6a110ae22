"""Plots the tutorial draws again and again, labelled in the page's language.

Every function takes ``lang``, one of :data:`nnguide.i18n.LANGUAGES` (``"en"``, ``"zh"``), and
returns the matplotlib ``Axes`` it drew on, so a chapter can add a title or annotations of its own.
"""

from __future__ import annotations

import reprlib
from collections.abc import Callable, Sequence

import matplotlib as mpl
import matplotlib.pyplot as plt
import torch
from matplotlib.axes import Axes
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure

from nnguide._validation import (
    PANELS,
    RESOLUTION,
    check_binary_targets,
    check_bool,
    check_features,
    check_finite_number,
    check_function,
    check_function_output,
    check_numbers,
    check_positive_int,
    check_tensor,
    check_text,
)
from nnguide.fonts import cjk_font_family
from nnguide.i18n import Lang, check_lang, label, translate_in_context

# Two colours that stay distinct for colour-blind readers (blue / orange).
CLASS_COLORS = ("#1f77b4", "#ff7f0e")
REGION_ALPHA = 0.18
"""The opacity of the shading of the region where a model predicts a class, in its colour."""

FIGURE_WIDTH = 4.8
"""The width of every figure, in inches. A phone (390 CSS px) shows a figure 358 px wide, so
12-point text stays 12 px high there; a desktop shows it at its own width, 480 px at 100 dpi."""
FONT_SIZE = 12
"""The size of tick labels, axis labels and legends, in points; titles are 1.2 times larger."""
CJK_FIRST = "CJK first"
"""How a catalogue translates the message ``"matplotlib's"`` (context ``"figure fonts"``) when its
language is written in Chinese characters, which matplotlib's own fonts lack: its figures try a CJK
font (:func:`nnguide.fonts.cjk_font_family`) first."""


def configure_matplotlib(lang: Lang) -> None:
    """Set matplotlib's fonts for ``lang`` (Noto Sans SC first for Chinese) and their size.

    Figures are ``FIGURE_WIDTH`` wide and their text ``FONT_SIZE`` points, so that a figure stays
    readable on a phone's screen; multi-panel figures stack their panels in one or two columns.

    Call it once at the top of a script; sphinx-gallery resets matplotlib before every example,
    so each example calls it itself.

    Examples
    --------
    >>> configure_matplotlib("zh")
    >>> import matplotlib as mpl
    >>> mpl.rcParams["font.sans-serif"][0]
    'Noto Sans SC'
    """
    lang = check_lang(lang)
    mpl.rcParams["font.family"] = "sans-serif"
    sans = [f for f in mpl.rcParamsDefault["font.sans-serif"] if f != "Noto Sans SC"]
    if translate_in_context("figure fonts", "matplotlib's", lang) == CJK_FIRST:
        sans = [cjk_font_family(), *sans]
    mpl.rcParams["font.sans-serif"] = sans
    mpl.rcParams["axes.unicode_minus"] = True  # "−2", not "-2", on ticks (Noto Sans SC has "−")
    mpl.rcParams["font.size"] = FONT_SIZE
    mpl.rcParams["figure.figsize"] = (FIGURE_WIDTH, 0.75 * FIGURE_WIDTH)
    mpl.rcParams["axes.titlepad"] = 10  # a title wider than its axes clears the top tick label


def _check_axes(ax: object) -> Axes | None:
    if ax is not None and not isinstance(ax, Axes):
        msg = (
            f"ax must be a matplotlib Axes or None, got {type(ax).__name__}: "
            "pass one from fig, ax = plt.subplots(), or None for a new figure."
        )
        raise TypeError(msg)
    return ax


def _axes(ax: Axes | None) -> Axes:
    # constrained layout keeps a legend or label beside the axes inside the figure
    return plt.figure(layout="constrained").add_subplot() if ax is None else ax


def _plane(
    X: object, y: object, *, resolution: object, margin: object
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor]:
    """Check a plot of the plane's samples and grid; return X, y, the grid's axes and its points.

    The grid spans the samples plus ``margin``, ``resolution`` points per axis; its points are
    ``(resolution², 2)``, ``float32``.
    """
    X = check_features(X, n_features=2)
    y = check_binary_targets(
        y, n_samples=X.shape[0]
    )  # a class other than 0 or 1 would not be drawn
    resolution = check_positive_int(resolution, name="resolution", limit=RESOLUTION, minimum=2)
    margin = check_finite_number(margin, name="margin", minimum=0)
    lo = X.min(dim=0).values - margin
    hi = X.max(dim=0).values + margin
    xs = torch.linspace(float(lo[0]), float(hi[0]), resolution)
    ys = torch.linspace(float(lo[1]), float(hi[1]), resolution)
    grid_x, grid_y = torch.meshgrid(xs, ys, indexing="xy")  # each (resolution, resolution)
    points = torch.stack([grid_x.ravel(), grid_y.ravel()], dim=1)  # (resolution², 2)
    return X, y, xs, ys, points


def plot_decision_boundary(
    predict: Callable[[torch.Tensor], torch.Tensor],
    X: torch.Tensor,
    y: torch.Tensor,
    *,
    lang: Lang,
    ax: Axes | None = None,
    resolution: int = 200,
    margin: float = 0.5,
    legend: bool = True,
) -> Axes:
    """Shade the plane by a model's prediction and draw the samples on top.

    The legend names the samples' classes, the decision boundary and the two shaded regions (where
    the model predicts 0, where it predicts 1), each region in its class's colour.

    Parameters
    ----------
    predict
        Maps points of shape ``(n, 2)`` to predictions of shape ``(n,)`` or ``(n, 1)``: class
        labels (0/1) or probabilities. The boundary is drawn where the prediction crosses 0.5.
    X
        The samples, shape ``(n_samples, 2)``.
    y
        Their classes, 0 or 1, shape ``(n_samples,)``.
    lang
        Language of the labels.
    ax
        Where to draw; a new figure if ``None``.
    resolution
        Grid points per axis: at least 2, at most the limit ``nnguide._validation.RESOLUTION``.
    margin
        How far the plotted area extends beyond the samples, at least 0.
    legend
        Draw the legend beside the plane. Panels side by side share one instead: pass ``False``
        and call ``fig.legend()`` once.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.

    Examples
    --------
    >>> from nnguide.datasets import logic_gate
    >>> X, y = logic_gate("and")
    >>> ax = plot_decision_boundary(lambda P: (P.sum(1) > 1.5).long(), X, y, lang="en")
    >>> ax.get_xlabel()
    '$x_1$'
    >>> [text.get_text() for text in ax.get_legend().get_texts()]
    ['class 0', 'class 1', 'decision boundary', 'predicted 0', 'predicted 1']
    """
    lang = check_lang(lang)
    check_function(predict, name="predict", example="model.predict")
    X, y, xs, ys, points = _plane(X, y, resolution=resolution, margin=margin)
    legend = check_bool(legend, name="legend")
    ax = _axes(_check_axes(ax))
    resolution = xs.shape[0]
    with torch.no_grad():
        scores = check_function_output(
            predict(points), name="predict", n_points=points.shape[0]
        ).reshape(-1)
    if scores.numel() != points.shape[0]:
        msg = (
            f"predict returned {scores.numel()} values for {points.shape[0]} points: it must return "
            "one prediction per row, shape (n,) or (n, 1)."
        )
        raise ValueError(msg)
    surface = scores.reshape(resolution, resolution).numpy()
    cmap = ListedColormap(CLASS_COLORS)
    ax.contourf(
        xs.numpy(), ys.numpy(), surface, levels=[-1e9, 0.5, 1e9], cmap=cmap, alpha=REGION_ALPHA
    )
    ax.contour(xs.numpy(), ys.numpy(), surface, levels=[0.5], colors="k", linewidths=1.5)
    marker_area = 90 if X.shape[0] <= 50 else 25  # many samples: smaller markers that do not merge
    for cls in (0, 1):
        mask = y == cls
        ax.scatter(
            X[mask, 0].numpy(),
            X[mask, 1].numpy(),
            s=marker_area,
            color=CLASS_COLORS[cls],
            edgecolor="k",
            label=label("class", lang, cls),
            zorder=3,
        )
    ax.plot([], [], color="k", linewidth=1.5, label=label("decision_boundary", lang))
    for cls in (0, 1):  # the shading's legend entries: empty patches in the regions' colours
        region = label("region", lang, cls)
        ax.fill([], [], color=CLASS_COLORS[cls], alpha=REGION_ALPHA, label=region)
    ax.set_xlabel(label("x1", lang))
    ax.set_ylabel(label("x2", lang))
    ax.set_aspect("equal")
    if legend:
        ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1), borderaxespad=0)  # beside the plane
    return ax


def plot_curve(
    values: Sequence[float],
    *,
    lang: Lang,
    ylabel: str,
    ax: Axes | None = None,
    name: str | None = None,
) -> Axes:
    """Plot one value per epoch (a loss, a count of mistakes) against the epoch number, from 1.

    Parameters
    ----------
    values
        One number per epoch: a list, a tuple, or a 1-D array or tensor; NaN leaves a gap.
    lang
        Language of the labels.
    ylabel
        A label key of :func:`nnguide.i18n.label`, such as ``"loss"`` or ``"misclassified"``.
    ax
        Where to draw; a new figure if ``None``.
    name
        Legend entry for this curve, if any.

    Examples
    --------
    >>> ax = plot_curve([3, 1, 0], lang="zh", ylabel="misclassified")
    >>> ax.get_ylabel()
    '分错的样本数'
    """
    lang = check_lang(lang)
    values = check_numbers(values, name="values")
    check_text(ylabel, name="ylabel")
    name = check_text(name, name="name", optional=True)
    ax = _axes(_check_axes(ax))
    epochs = range(1, len(values) + 1)
    ax.plot(epochs, values, marker="o" if len(values) <= 30 else None, label=name)
    ax.set_xlabel(label("epoch", lang))
    ax.set_ylabel(label(ylabel, lang))
    ax.grid(visible=True, alpha=0.3)
    if name is not None:
        ax.legend()
    return ax


def plot_hidden_units(
    hidden: Callable[[torch.Tensor], torch.Tensor],
    X: torch.Tensor,
    y: torch.Tensor,
    *,
    lang: Lang,
    resolution: int = 120,
    margin: float = 0.5,
) -> Figure:
    r"""Draw what each hidden unit computes over the input plane, one map per unit.

    Unit ``j`` outputs ``f(w_j · x + b_j)``: with ReLU, zero on one side of a line and a ramp on the
    other. All maps share one colour scale, shown by a labelled colour bar (dark is large). The
    samples are drawn on top in their class colours. A unit that outputs 0 on every sample is dead
    on this data, and its title says so.

    Parameters
    ----------
    hidden
        Maps points ``(n, 2)`` to the hidden layer's outputs ``(n, units)``, for example an MLP's
        ``model.hidden``; one panel per unit, within the limit ``nnguide._validation.PANELS``.
    X, y
        The samples ``(n_samples, 2)`` and their classes, 0 or 1.
    lang
        Language of the titles.
    resolution
        Grid points per axis: at least 2, at most the limit ``nnguide._validation.RESOLUTION``.
    margin
        How far the plotted area extends beyond the samples, at least 0.

    Examples
    --------
    >>> from nnguide.datasets import logic_gate
    >>> X, y = logic_gate("xor")
    >>> fig = plot_hidden_units(torch.nn.Linear(2, 3), X, y, lang="en")
    >>> [ax.get_title() for ax in fig.axes[:3]]
    ['hidden unit 1', 'hidden unit 2', 'hidden unit 3']
    >>> fig.axes[-1].get_ylabel()  # the colour bar
    "the unit's output"
    >>> relu = lambda P: torch.relu(torch.stack([P[:, 0], -P[:, 0] - 1], dim=1))
    >>> [ax.get_title() for ax in plot_hidden_units(relu, X, y, lang="en").axes[:2]]
    ['hidden unit 1', 'hidden unit 2\n(dead)']
    """
    lang = check_lang(lang)
    check_function(hidden, name="hidden", example="model.hidden")
    X, y, xs, ys, points = _plane(X, y, resolution=resolution, margin=margin)
    resolution = xs.shape[0]
    lo, hi = [xs[0].item(), ys[0].item()], [xs[-1].item(), ys[-1].item()]
    with torch.no_grad():
        maps = check_function_output(hidden(points), name="hidden", n_points=points.shape[0])
        on_samples = check_function_output(hidden(X), name="hidden", n_points=X.shape[0])
    if maps.ndim != 2 or maps.shape[0] != points.shape[0] or on_samples.shape[0] != X.shape[0]:
        msg = (
            f"hidden returned shape {tuple(maps.shape)} for {points.shape[0]} points: it must return "
            "one row of unit outputs per point, shape (n, units)."
        )
        raise ValueError(msg)
    n_units = check_positive_int(maps.shape[1], name="hidden's number of units", limit=PANELS)
    maps = maps.reshape(resolution, resolution, n_units)
    dead = (on_samples == 0).all(dim=0).tolist()  # (units,): whether a unit is 0 on every sample
    cols = min(n_units, 2)
    rows = -(-n_units // cols)
    panel = FIGURE_WIDTH / 2
    fig, axes = plt.subplots(
        rows, cols, figsize=(FIGURE_WIDTH, panel * rows), layout="constrained", squeeze=False
    )
    low, high = maps.min().item(), maps.max().item()  # one colour scale for all the maps
    for unit, ax in enumerate(axes.flat):
        if unit >= n_units:
            ax.set_axis_off()
            continue
        image = ax.imshow(
            maps[..., unit].numpy(),
            origin="lower",
            extent=(lo[0], hi[0], lo[1], hi[1]),
            cmap="Greys",
            vmin=low,
            vmax=high,
        )
        for cls in (0, 1):
            mask = y == cls
            ax.scatter(
                X[mask, 0], X[mask, 1], s=40, color=CLASS_COLORS[cls], edgecolor="k", zorder=3
            )
        ax.set_title(label("dead_hidden_unit" if dead[unit] else "hidden_unit", lang, unit + 1))
        ax.locator_params(nbins=3)  # small panels: few ticks
        if unit >= n_units - cols:  # the lowest panel of its column
            ax.set_xlabel(label("x1", lang))
        if unit % cols == 0:
            ax.set_ylabel(label("x2", lang))
    fig.colorbar(image, ax=axes, label=label("unit_output", lang), shrink=0.8)
    return fig


def plot_digits(
    images: torch.Tensor,
    titles: Sequence[str],
    *,
    ncols: int = 6,
    colorbar: str | None = None,
) -> Figure:
    r"""Draw 28×28 images in a grid, each with its title (a label, a prediction...).

    All the images share one grey scale, from the smallest value among them (white) to the
    largest (black), so that the same shade means the same value in every tile.

    Parameters
    ----------
    images
        Shape ``(n, 784)``, ``(n, 28, 28)`` or ``(n, 1, 28, 28)``, with ``n`` from 1 to the limit
        ``nnguide._validation.PANELS``; finite numbers on any scale.
    titles
        One string per image; a title may break into lines with ``"\n"``.
    ncols
        Images per row; together they are ``FIGURE_WIDTH`` wide.
    colorbar
        The label of a colour bar drawn under the grid, which shows the grey scale (say what the
        values are, in the page's language); ``None`` draws none.

    Examples
    --------
    >>> fig = plot_digits(torch.rand(3, 784), ["a", "b", "c"], ncols=2, colorbar="value")
    >>> [ax.get_title() for ax in fig.axes if ax.get_title()]
    ['a', 'b', 'c']
    >>> fig.axes[-1].get_xlabel()  # the colour bar
    'value'
    """
    images = check_tensor(images, name="images", kind="real")
    if tuple(images.shape[1:]) not in ((784,), (28, 28), (1, 28, 28)):
        msg = (
            f"images must have shape (n, 784), (n, 28, 28) or (n, 1, 28, 28), got "
            f"{tuple(images.shape)}: pass a batch of 28×28 images, one per row"
            + (", e.g. images.unsqueeze(0) for one image." if images.numel() == 784 else ".")
        )
        raise ValueError(msg)
    check_positive_int(images.shape[0], name="the number of images", limit=PANELS)
    images = images.detach().cpu().reshape(-1, 28, 28)
    if not torch.isfinite(images).all():
        msg = "images hold NaN or infinite values, which no shade of grey shows: clean them."
        raise ValueError(msg)
    if (
        isinstance(titles, str)
        or not isinstance(titles, Sequence)
        or not all(isinstance(title, str) for title in titles)
    ):
        msg = (
            f"titles must be a list of strings, one per image, got {reprlib.repr(titles)}: "
            "write each title as text, e.g. [str(label) for label in labels]."
        )
        raise TypeError(msg)
    if len(titles) != images.shape[0]:
        msg = f"got {images.shape[0]} images but {len(titles)} titles: give one title per image."
        raise ValueError(msg)
    check_positive_int(ncols, name="ncols")
    check_text(colorbar, name="colorbar", optional=True)
    ncols = min(ncols, images.shape[0])
    nrows = -(-images.shape[0] // ncols)
    tile = FIGURE_WIDTH / ncols
    title_height = max(title.count("\n") + 1 for title in titles) * 1.4 * FONT_SIZE / 72
    colorbar_height = 1.0 if colorbar is not None else 0.0  # the bar, its ticks and its label
    # constrained layout keeps room for a suptitle above the tiles' titles; tight_layout does not
    fig, axes = plt.subplots(
        nrows,
        ncols,
        figsize=(FIGURE_WIDTH, (tile + title_height) * nrows + colorbar_height),
        layout="constrained",
        squeeze=False,
    )
    for ax in axes.flat:
        ax.set_axis_off()
    scale = mpl.colors.Normalize(images.min().item(), images.max().item())  # one for all tiles
    for ax, image, title in zip(axes.flat, images, titles, strict=False):
        shown = ax.imshow(image.numpy(), cmap="gray_r", norm=scale)
        ax.set_title(title, fontsize="medium")  # FONT_SIZE: the tiles are narrow
    if colorbar is not None:
        fig.colorbar(shown, ax=axes, location="bottom", shrink=0.6, aspect=25, label=colorbar)
    return fig


_BLUES = mpl.colormaps["Blues"]
COUNT_COLORS = ListedColormap(
    [_BLUES(0.25 + 0.75 * k / 255) for k in range(256)], "Blues from 0.25"
)
"""The colours of :func:`plot_confusion_matrix`'s counts, matplotlib's ``Blues`` without its
palest quarter, so that a count of 1, the scale's lowest, is a visible light blue next to an
empty cell's white."""


def _count_label(count: float, lang: Lang) -> str:
    """Write a whole count as a figure on a page in ``lang`` does.

    English groups its thousands (``1,000``); Chinese, like d2l-zh, writes four digits as they are
    (``1000``) and groups from ``10,000`` on. The format of a count under 10,000 is a message of the
    catalogues.
    """
    if count < 10_000:
        return translate_in_context("count under 10,000", "{:,.0f}", lang).format(count)
    return f"{count:,.0f}"


def plot_confusion_matrix(matrix: torch.Tensor, *, lang: Lang, ax: Axes | None = None) -> Axes:
    """Draw a confusion matrix (rows: true class, columns: predicted) with its counts.

    ``matrix`` holds counts (integers >= 0), ``(n_classes, n_classes)`` with ``n_classes`` within
    the limit ``nnguide._validation.PANELS``.

    The colour scale is logarithmic, so that the few mistakes off the diagonal stay visible next to
    the thousands of correct predictions on it; a colour bar under the matrix shows the scale and
    says it is logarithmic. Its colours are ``COUNT_COLORS``: a cell of a single image is light
    blue, and a cell that counts no image stays blank (white).

    Examples
    --------
    >>> ax = plot_confusion_matrix(torch.tensor([[50, 2], [0, 40]]), lang="en")
    >>> ax.get_xlabel(), ax.figure.axes[-1].get_xlabel()  # the colour bar's label
    ('predicted digit', 'images (log scale)')
    >>> _count_label(1000, "en"), _count_label(1000, "zh"), _count_label(10_000, "zh")
    ('1,000', '1000', '10,000')
    """
    lang = check_lang(lang)
    matrix = check_tensor(matrix, name="matrix", kind="integer")
    if matrix.ndim != 2 or matrix.shape[0] != matrix.shape[1]:
        msg = (
            f"matrix must be square, got shape {tuple(matrix.shape)}: "
            "pass confusion_matrix(predicted, target, n_classes=...)."
        )
        raise ValueError(msg)
    check_positive_int(matrix.shape[0], name="matrix's number of classes", limit=PANELS)
    if int(matrix.min()) < 0:
        msg = f"matrix holds a negative count, {int(matrix.min())}: pass counts of images."
        raise ValueError(msg)
    ax = _check_axes(ax)
    if ax is None:  # 0.9 inch under the matrix for the colour bar
        _, ax = plt.subplots(figsize=(FIGURE_WIDTH, FIGURE_WIDTH + 0.9), layout="constrained")
    n = matrix.shape[0]
    counts = matrix.cpu()
    # 0 has no place on a logarithmic scale: NaN leaves the cell blank
    shown = torch.where(counts > 0, counts.double(), float("nan")).numpy()
    image = ax.imshow(shown, cmap=COUNT_COLORS, norm=mpl.colors.LogNorm(vmin=1))
    for i in range(n):
        for j in range(n):
            if counts[i, j]:
                colour = "white" if i == j else "black"
                count = str(counts[i, j].item())
                # 11 points: four digits fit a cell of a ten-class matrix FIGURE_WIDTH wide
                ax.text(j, i, count, ha="center", va="center", fontsize=11, color=colour)
    colorbar = ax.figure.colorbar(
        image, ax=ax, location="bottom", shrink=0.8, label=label("images_log_scale", lang)
    )
    # 1, 10, 100, 1,000 (1000 in Chinese) rather than powers of 10
    colorbar.ax.xaxis.set_major_formatter(lambda count, _: _count_label(count, lang))
    colorbar.ax.xaxis.set_minor_formatter(mpl.ticker.NullFormatter())
    ax.set_xticks(range(n))
    ax.set_yticks(range(n))
    ax.set_xlabel(label("predicted", lang))
    ax.set_ylabel(label("true", lang))
    return ax

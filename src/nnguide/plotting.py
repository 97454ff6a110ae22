"""Plots the tutorial draws again and again, labelled in the page's language.

Every function takes ``lang`` (``"en"`` or ``"zh"``) and returns the matplotlib ``Axes`` it drew on,
so a chapter can add a title or annotations of its own.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import matplotlib as mpl
import matplotlib.pyplot as plt
import torch
from matplotlib.axes import Axes
from matplotlib.colors import ListedColormap

from nnguide._validation import check_features, check_positive_int
from nnguide.fonts import cjk_font_family
from nnguide.i18n import Lang, check_lang, label

# Two colours that stay distinct for colour-blind readers (blue / orange).
CLASS_COLORS = ("#1f77b4", "#ff7f0e")


def configure_matplotlib(lang: Lang) -> None:
    """Set matplotlib's fonts for ``lang``: Noto Sans SC first for Chinese, the default for English.

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
    if lang == "zh":
        sans = [cjk_font_family(), *sans]
    mpl.rcParams["font.sans-serif"] = sans
    mpl.rcParams["axes.unicode_minus"] = lang == "en"  # Noto Sans SC draws "−" itself


def _axes(ax: Axes | None) -> Axes:
    return plt.figure().add_subplot() if ax is None else ax


def plot_decision_boundary(
    predict: Callable[[torch.Tensor], torch.Tensor],
    X: torch.Tensor,
    y: torch.Tensor,
    *,
    lang: Lang,
    ax: Axes | None = None,
    resolution: int = 200,
    margin: float = 0.5,
) -> Axes:
    """Shade the plane by a model's prediction and draw the samples on top.

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
        Grid points per axis.
    margin
        How far the plotted area extends beyond the samples.

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
    """
    lang = check_lang(lang)
    X = check_features(X, n_features=2)
    check_positive_int(resolution, name="resolution")
    ax = _axes(ax)
    lo = X.min(dim=0).values - margin
    hi = X.max(dim=0).values + margin
    xs = torch.linspace(float(lo[0]), float(hi[0]), resolution)
    ys = torch.linspace(float(lo[1]), float(hi[1]), resolution)
    grid_x, grid_y = torch.meshgrid(xs, ys, indexing="xy")  # each (resolution, resolution)
    points = torch.stack([grid_x.ravel(), grid_y.ravel()], dim=1)  # (resolution², 2)
    with torch.no_grad():
        scores = predict(points).reshape(-1).float()
    if scores.numel() != points.shape[0]:
        msg = (
            f"predict returned {scores.numel()} values for {points.shape[0]} points: it must return "
            "one prediction per row, shape (n,) or (n, 1)."
        )
        raise ValueError(msg)
    surface = scores.reshape(resolution, resolution).numpy()
    cmap = ListedColormap(CLASS_COLORS)
    ax.contourf(xs.numpy(), ys.numpy(), surface, levels=[-1e9, 0.5, 1e9], cmap=cmap, alpha=0.18)
    ax.contour(xs.numpy(), ys.numpy(), surface, levels=[0.5], colors="k", linewidths=1.5)
    for cls in (0, 1):
        mask = y == cls
        ax.scatter(
            X[mask, 0].numpy(),
            X[mask, 1].numpy(),
            s=90,
            color=CLASS_COLORS[cls],
            edgecolor="k",
            label=label("class", lang, cls),
            zorder=3,
        )
    ax.plot([], [], color="k", linewidth=1.5, label=label("decision_boundary", lang))
    ax.set_xlabel(label("x1", lang))
    ax.set_ylabel(label("x2", lang))
    ax.set_aspect("equal")
    ax.legend(loc="upper left", fontsize="small", framealpha=0.9)
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
        One value per epoch.
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
    if len(values) == 0:
        msg = "values is empty: pass at least one value per epoch."
        raise ValueError(msg)
    ax = _axes(ax)
    epochs = range(1, len(values) + 1)
    ax.plot(epochs, list(values), marker="o" if len(values) <= 30 else None, label=name)
    ax.set_xlabel(label("epoch", lang))
    ax.set_ylabel(label(ylabel, lang))
    ax.grid(visible=True, alpha=0.3)
    if name is not None:
        ax.legend()
    return ax

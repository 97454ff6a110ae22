"""Diagrams the chapters draw with matplotlib, labelled in the page's language.

A diagram is drawn by code at build time, so the Chinese page shows Chinese labels and the English
page English ones, from the same function. Every function takes ``lang`` and returns the
:class:`~matplotlib.figure.Figure` it drew, with a title that says what it shows.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

import matplotlib.pyplot as plt
import torch
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Circle, Ellipse, FancyArrowPatch, FancyBboxPatch
from torch import nn

from nnguide.i18n import Lang, check_lang, label, translate
from nnguide.plotting import FIGURE_WIDTH, FONT_SIZE

POSITIVE_WEIGHT_COLOR = "#1b7837"
"""The colour of a positive weight's line in :func:`draw_network` (green, drawn solid)."""
NEGATIVE_WEIGHT_COLOR = "#762a83"
"""The colour of a negative weight's line (purple, drawn dashed). Green and purple stay distinct
for colour-blind readers, and from the class colours, blue and orange."""
LINE_WIDTH_PER_WEIGHT = 3.0
"""A weight ``w`` is drawn ``LINE_WIDTH_PER_WEIGHT * |w|`` points wide (``MIN_LINE_WIDTH`` at
least, so that every weight shows)."""
MIN_LINE_WIDTH = 0.3


def _signed(value: float, digits: int = 2) -> str:
    # "+0.20", "−0.06": the Unicode minus, on English and Chinese figures alike
    return f"{value:+.{digits}f}".replace("-", "\N{MINUS SIGN}")


def _weight_line(
    xs: Sequence[float], ys: Sequence[float], weight: float, name: str | None = None
) -> Line2D:
    negative = weight < 0
    return Line2D(
        xs,
        ys,
        color=NEGATIVE_WEIGHT_COLOR if negative else POSITIVE_WEIGHT_COLOR,
        linestyle=(0, (3.0, 1.5)) if negative else "-",
        linewidth=max(LINE_WIDTH_PER_WEIGHT * abs(weight), MIN_LINE_WIDTH),
        label=name,
        zorder=1,  # under the neurons' circles
    )


def _neuron_names(sizes: Sequence[int]) -> list[list[str]]:
    names = [[f"$x_{{{i}}}$" for i in range(1, sizes[0] + 1)]]
    hidden = sizes[1:-1]
    for k, n in enumerate(hidden, start=1):
        layer = "" if len(hidden) == 1 else f"^{{({k})}}"  # h_j, or h^(k)_j for several layers
        names.append([f"$h{layer}_{{{j}}}$" for j in range(1, n + 1)])
    outputs = range(1, sizes[-1] + 1)
    names.append([r"$\hat{y}$"] if sizes[-1] == 1 else [rf"$\hat{{y}}_{{{i}}}$" for i in outputs])
    return names


def _heights(n: int) -> list[float]:
    # n neurons of one column, top to bottom, one unit apart and centred on 0
    return [(n - 1) / 2 - i for i in range(n)]


def draw_network(layers: Sequence[nn.Linear], *, lang: Lang, activation: str = "ReLU") -> Figure:
    r"""Draw a fully connected network as columns of neurons joined by its weights.

    The inputs :math:`x_i` stand on the left, as circles, then one column per hidden layer
    (:math:`h_j`), then the outputs (:math:`\hat y`, no activation): each neuron of these layers is
    a box that holds its name and its bias ``b``. Each line is one weight, joining the neuron that
    gives its input to the neuron that receives the weighted value: its width is proportional to
    the weight's size (``LINE_WIDTH_PER_WEIGHT`` points per unit, a hairline at least), solid green
    where the weight is positive, dashed purple where it is negative; the legend shows a weight of
    +1 and one of −1.

    Parameters
    ----------
    layers
        The network's linear layers, input side first, for example ``[model.layer1,
        model.layer2]``; each layer's ``in_features`` is the previous one's ``out_features``.
    lang
        Language of the titles and the legend.
    activation
        The hidden layers' activation function, named in their columns' titles.

    Returns
    -------
    matplotlib.figure.Figure
        The figure, titled with ``fig.suptitle``: a chapter calls ``fig.suptitle`` again to give it
        a title of its own.

    Raises
    ------
    ValueError
        If ``layers`` is empty, or a layer's inputs do not match the previous layer's outputs.

    Examples
    --------
    >>> from torch import nn
    >>> fig = draw_network([nn.Linear(2, 3), nn.Linear(3, 1)], lang="en")
    >>> fig.get_suptitle()
    "A network's neurons, weights and biases"
    >>> len(fig.axes[0].lines)  # one line per weight: 2 × 3 + 3 × 1
    9
    """
    lang = check_lang(lang)
    if not layers:
        msg = "layers is empty: pass the network's nn.Linear layers, input side first."
        raise ValueError(msg)
    for number, (before, after) in enumerate(pairwise(layers), start=1):
        if after.in_features != before.out_features:
            msg = (
                f"layer {number + 1} takes {after.in_features} inputs, but layer {number} gives "
                f"{before.out_features} outputs: pass the layers input side first."
            )
            raise ValueError(msg)
    sizes = [layers[0].in_features, *(layer.out_features for layer in layers)]
    top = (max(sizes) - 1) / 2  # the height of the tallest column's first neuron
    fig, ax = plt.subplots(figsize=(FIGURE_WIDTH, 1.9 + 0.85 * max(sizes)), layout="constrained")
    ax.set_axis_off()
    with torch.no_grad():
        for column, layer in enumerate(layers):
            for j, height_out in enumerate(_heights(layer.out_features)):
                for i, height_in in enumerate(_heights(layer.in_features)):
                    weight = float(layer.weight[j, i])
                    ax.add_line(_weight_line([column, column + 1], [height_in, height_out], weight))
        biases = [[_signed(float(b)) for b in layer.bias] for layer in layers]
    titles = [
        label("input_layer", lang),
        *[label("hidden_layer", lang, activation)] * (len(sizes) - 2),
        label("output_layer", lang),
    ]
    names = _neuron_names(sizes)
    for column, (title, column_names) in enumerate(zip(titles, names, strict=True)):
        heights = _heights(len(column_names))
        for row, (name, height) in enumerate(zip(column_names, heights, strict=True)):
            # an input is a circle; a neuron with a bias, a box that holds its bias
            if column == 0:
                words, box = name, "circle,pad=0.5"
            else:
                words, box = f"{name}\nb = {biases[column - 1][row]}", "round,pad=0.35"
            ax.text(
                column,
                height,
                words,
                ha="center",
                va="center",
                multialignment="center",
                bbox={
                    "boxstyle": box,
                    "facecolor": "white",
                    "edgecolor": "black",
                    "linewidth": 1.5,
                },
                zorder=3,  # over the weights' lines, which end at the neuron's centre
            )
        ax.text(column, top + 0.6, title, ha="center", va="bottom")
    ax.set_xlim(-0.4, len(layers) + 0.4)
    ax.set_ylim(-top - 0.5, top + 0.5)
    examples = [
        _weight_line([], [], w, label(key, lang, _signed(w, 0)))
        for w, key in ((1, "positive_weight"), (-1, "negative_weight"))
    ]
    legend_title = label("weight_legend", lang)
    fig.legend(
        handles=examples,
        loc="outside lower center",
        ncols=2,
        title=legend_title,
        columnspacing=1.0,  # em: narrower than matplotlib's 2.0, to fit the figure's width
        handletextpad=0.5,
    )
    fig.suptitle(label("network", lang))
    return fig


FORWARD_COLOR = "#0072b2"
"""The colour of the forward pass in :func:`draw_computation_graph`, whose arrows point down."""
BACKWARD_COLOR = "#b34700"
"""The colour of the backward pass (dark orange), whose arrows point up, against the forward ones."""

# The layout of draw_computation_graph, in inches from the figure's top left corner.
_KEY_HEIGHT = 1.35  # the title and the key above the graph
_EDGE = 0.75  # the height of an edge between two operations
_ROW = 0.3  # the distance between two lines of text beside a box
_BOX_LEFT, _BOX_RIGHT = 0.1, 1.7  # the operations' boxes
_DOWN_X, _UP_X = 0.72, 1.08  # an edge's forward arrow and its gradient arrow
_EDGE_LABEL_X = 1.28  # where an edge's labels start
_SIDE_LABEL_X = _BOX_RIGHT + 0.35  # where the labels beside a box start


def _gradient(of: str) -> str:
    return rf"\partial L/\partial {of}"


class _GraphColumn:
    """Draws a computation graph's operations one under the other, from ``top`` down."""

    def __init__(self, ax: Axes, top: float) -> None:
        self.ax = ax
        self.y = top

    def arrow(self, start: tuple[float, float], end: tuple[float, float], color: str) -> None:
        style = {"arrowstyle": "-|>", "color": color, "linewidth": 2, "mutation_scale": 16}
        self.ax.annotate("", xy=end, xytext=start, arrowprops={**style, "shrinkA": 0, "shrinkB": 0})

    def text(self, x: float, y: float, words: str, color: str = "black", ha: str = "left") -> None:
        self.ax.text(x, y, words, color=color, ha=ha, va="center", fontsize=FONT_SIZE)

    def edge(self, tensor: str, gradient: str | None) -> None:
        """Draw a tensor flowing down to the next operation and, unless ``None``, its gradient up."""
        top, bottom = self.y, self.y + _EDGE
        self.arrow((_DOWN_X, top), (_DOWN_X, bottom), FORWARD_COLOR)
        if gradient is None:
            self.text(_EDGE_LABEL_X, top + _EDGE / 2, tensor, FORWARD_COLOR)
        else:
            self.arrow((_UP_X, bottom), (_UP_X, top), BACKWARD_COLOR)
            self.text(_EDGE_LABEL_X, top + 0.3 * _EDGE, tensor, FORWARD_COLOR)
            self.text(_EDGE_LABEL_X, top + 0.7 * _EDGE, gradient, BACKWARD_COLOR)
        self.y = bottom

    def operation(
        self, name: str, formula: str, given: str | None = None, gradients: Sequence[str] = ()
    ) -> None:
        """Draw a box; beside it, what enters from outside the chain and the gradients that leave."""
        rows = (given is not None) + len(gradients)  # lines of text beside the box
        height = max(0.9, rows * _ROW + 0.3)  # room for the name and a two-storey formula
        center_x = (_BOX_LEFT + _BOX_RIGHT) / 2
        self.ax.add_patch(
            FancyBboxPatch(
                (_BOX_LEFT, self.y + 0.05),
                _BOX_RIGHT - _BOX_LEFT,
                height - 0.1,
                boxstyle="round,pad=0,rounding_size=0.1",
                facecolor="#f2f2f2",
                edgecolor="black",
                linewidth=1.2,
            )
        )
        self.text(center_x, self.y + 0.33 * height, name, ha="center")
        self.text(center_x, self.y + 0.68 * height, formula, ha="center")
        row_y = [self.y + height / 2 + (row - (rows - 1) / 2) * _ROW for row in range(rows)]
        if given is not None:
            self.arrow((_SIDE_LABEL_X - 0.08, row_y[0]), (_BOX_RIGHT, row_y[0]), FORWARD_COLOR)
            self.text(_SIDE_LABEL_X, row_y[0], given, FORWARD_COLOR)
        if gradients:
            gradient_y = row_y[-len(gradients) :]
            middle = sum(gradient_y) / len(gradient_y)
            self.arrow((_BOX_RIGHT, middle), (_SIDE_LABEL_X - 0.08, middle), BACKWARD_COLOR)
            for y, gradient in zip(gradient_y, gradients, strict=True):
                self.text(_SIDE_LABEL_X, y, gradient, BACKWARD_COLOR)
        self.y += height

    def linear(self, layer: int, given: str, shapes: tuple[str, str], lang: Lang) -> None:
        """Draw matmul + bias of layer ``layer``, whose input is ``given``, and its two gradients."""
        weight_shape, bias_shape = shapes
        bias = rf"\mathbf{{b}}_{layer}"
        parameters = translate("{weight} {weight_shape}, {bias} {bias_shape}", lang)
        bias_gradient = translate("{bias_gradient} = sum of {output_gradient}'s rows", lang)
        self.operation(
            translate("matmul + bias", lang),
            rf"$Z_{layer} = {given} W_{layer} + {bias}$",
            parameters.format(
                weight=f"$W_{layer}$",
                weight_shape=weight_shape,
                bias=f"${bias}$",
                bias_shape=bias_shape,
            ),
            [
                rf"${_gradient(f'W_{layer}')} = {given}^\top \cdot {_gradient(f'Z_{layer}')}$",
                bias_gradient.format(
                    bias_gradient=f"${_gradient(bias)}$",
                    output_gradient=f"${_gradient(f'Z_{layer}')}$",
                ),
            ],
        )


def draw_computation_graph(*, lang: Lang) -> Figure:
    r"""Draw the forward and the backward pass of chapter 4's two-layer network as one graph.

    The operations are boxes, one under the other: matmul + bias
    (:math:`Z_1 = XW_1 + \mathbf b_1`), ReLU, matmul + bias again, and the loss
    :math:`L = \frac{1}{2n}\sum_i \lVert\hat{\mathbf y}_i - \mathbf y_i\rVert^2`. On every edge
    between two of them a blue arrow carries a tensor down, labelled with its shape (``n`` samples;
    ``in``, ``hidden`` and ``out`` features), and a dark orange arrow carries its gradient back up,
    labelled with the chain rule's formula, from :math:`\partial L/\partial L = 1` at the bottom to
    :math:`\partial L/\partial Z_1 = \partial L/\partial A_1 \odot [Z_1 > 0]`. The parameters enter
    each matmul + bias from the side, and their gradients, such as
    :math:`\partial L/\partial W_1 = X^\top \partial L/\partial Z_1`, leave it there. The names are
    those of the chapter's ``ManualMLP``: ``dL_dz1`` is :math:`\partial L/\partial Z_1`.

    Parameters
    ----------
    lang
        Language of the title, the key and the operations' names; the formulas are the same in
        both.

    Returns
    -------
    matplotlib.figure.Figure
        The figure, ``FIGURE_WIDTH`` wide, titled with its suptitle; its label
        (:meth:`~matplotlib.figure.Figure.get_label`) describes it in words, for the image's alt text.

    Examples
    --------
    >>> fig = draw_computation_graph(lang="zh")
    >>> fig.get_suptitle()
    '两层网络的计算图'
    >>> [t.get_text() for t in fig.axes[0].texts if t.get_text().startswith(r"$\partial L/\partial W")]
    ['$\\partial L/\\partial W_1 = X^\\top \\cdot \\partial L/\\partial Z_1$', '$\\partial L/\\partial W_2 = A_1^\\top \\cdot \\partial L/\\partial Z_2$']
    """
    lang = check_lang(lang)
    fig = plt.figure()
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_axis_off()
    column = _GraphColumn(ax, top=_KEY_HEIGHT)
    column.arrow((_DOWN_X, 0.5), (_DOWN_X, 0.8), FORWARD_COLOR)  # the key
    column.text(
        _EDGE_LABEL_X,
        0.65,
        translate("forward pass: tensors and their shapes", lang),
        FORWARD_COLOR,
    )
    column.arrow((_UP_X, 1.15), (_UP_X, 0.85), BACKWARD_COLOR)
    column.text(
        _EDGE_LABEL_X, 1.0, translate("backward pass: gradients of $L$", lang), BACKWARD_COLOR
    )

    column.edge("$X$ (n, in)", None)  # the data: nothing needs their gradient
    column.linear(1, "X", ("(in, hidden)", "(hidden,)"), lang)
    column.edge("$Z_1$ (n, hidden)", rf"${_gradient('Z_1')} = {_gradient('A_1')} \odot [Z_1 > 0]$")
    column.operation("ReLU", r"$A_1 = \mathrm{ReLU}(Z_1)$")
    column.edge("$A_1$ (n, hidden)", rf"${_gradient('A_1')} = {_gradient('Z_2')} \cdot W_2^\top$")
    column.linear(2, "A_1", ("(hidden, out)", "(out,)"), lang)
    column.edge(r"$\hat Y = Z_2$ (n, out)", rf"${_gradient('Z_2')} = (\hat Y - Y)/n$")
    column.operation(
        translate("loss", lang),
        r"$L = \frac{1}{2n}\sum_i \|\hat{\mathbf{y}}_i - \mathbf{y}_i\|^2$",
        translate("$Y$ (n, out), the targets", lang),
    )
    column.edge(translate("$L$, a number", lang), rf"${_gradient('L')} = 1$")

    height = column.y + 0.1
    fig.set_size_inches(FIGURE_WIDTH, height)
    ax.set_xlim(0, FIGURE_WIDTH)
    ax.set_ylim(height, 0)  # y in inches from the top: the forward pass runs down
    fig.suptitle(
        translate("The two-layer network as a computation graph", lang),
        y=1 - 0.08 / height,
        va="top",
    )
    fig.set_label(
        translate(
            "A computation graph, drawn from top to bottom. Forward: X, shape (n, in), and the"
            " parameters W1 and b1 enter matmul + bias, which gives Z1; ReLU gives A1; matmul +"
            " bias with W2 and b2 gives the prediction Ŷ = Z2; the loss compares it with the targets"
            " Y and gives the number L. Backward, up every edge: from dL/dL = 1 to dL/dZ2 ="
            " (Ŷ − Y)/n, dL/dA1 = dL/dZ2 times W2 transposed, dL/dZ1 = dL/dA1 times 1"
            " where Z1 > 0, else 0; out of each matmul + bias to its parameters: dL/dW2 = A1"
            " transposed times dL/dZ2, dL/dW1 = X transposed times dL/dZ1, and each bias's"
            " gradient the sum of the rows of dL/dZ, over the batch.",
            lang,
        )
    )
    return fig


NEURON_PART_COLORS = {"input": "#0072B2", "body": "#D55E00", "output": "#009E73"}
"""The colours of :func:`draw_neuron`'s three parts, the same on both neurons, for what takes the
signals in (dendrites; inputs and weights), what sums them and decides (cell body; weighted sum,
bias and step) and what passes the result on (axon; output). Okabe and Ito's blue, vermillion and
bluish green: distinct for colour-blind readers."""
_BODY_FILL = "#f6cdb5"  # light vermillion: inside the cell body, the sum and the step
_AXON_FILL = "#bfe8da"  # light green: the axon's myelin sheath
_SIGNAL_COLOR = "#555555"  # the arrow under the biological neuron: the signal's direction

_NAME_ROW = -0.1  # the height of the parts' names, under both drawings


def _arrow(ax: Axes, start: tuple[float, float], end: tuple[float, float], color: str) -> None:
    ax.add_patch(
        FancyArrowPatch(
            start,
            end,
            arrowstyle="-|>",
            mutation_scale=14,
            color=color,
            linewidth=2,
            shrinkA=0,
            shrinkB=0,
        )
    )


def _box(
    ax: Axes,
    corner: tuple[float, float],
    size: tuple[float, float],
    *,
    fill: str,
    edge: str,
    rounding: float,
) -> None:
    box = FancyBboxPatch(
        corner,
        *size,
        boxstyle=f"round,pad=0,rounding_size={rounding}",
        facecolor=fill,
        edgecolor=edge,
        linewidth=2,
    )
    ax.add_patch(box)


def _draw_biological(ax: Axes, lang: Lang) -> None:
    blue, red, green = NEURON_PART_COLORS.values()
    dendrites = [  # three branches from the cell body, each forking in two: (root, fork, tips)
        ((3.7, 2.3), (2.6, 3.1), [(1.3, 3.6), (1.4, 2.7)]),
        ((3.6, 2.0), (2.1, 1.9), [(0.8, 2.2), (0.9, 1.5)]),
        ((3.7, 1.7), (2.6, 1.0), [(1.4, 0.9), (1.9, 0.45)]),
    ]
    for root, fork, tips in dendrites:
        for tip in tips:
            xs, ys = zip(root, fork, tip, strict=True)
            ax.plot(xs, ys, color=blue, linewidth=2.5, solid_capstyle="round")
    ax.plot([5.5, 8.4], [2.0, 2.0], color=green, linewidth=3)  # the axon
    for x in (5.9, 6.8):  # its myelin sheath
        _box(ax, (x, 1.82), (0.7, 0.36), fill=_AXON_FILL, edge=green, rounding=0.18)
    for end in ((9.4, 2.8), (9.6, 2.0), (9.4, 1.2)):  # the axon's terminals
        ax.plot([8.4, end[0]], [2.0, end[1]], color=green, linewidth=2.5, solid_capstyle="round")
        ax.add_patch(Circle(end, 0.13, color=green))
    body = Ellipse(
        (4.5, 2.0), 2.1, 1.4, facecolor=_BODY_FILL, edgecolor=red, linewidth=2.5, zorder=3
    )
    ax.add_patch(body)  # over the dendrites' ends
    ax.add_patch(Circle((4.5, 2.0), 0.25, color=red, zorder=3))  # the nucleus
    _arrow(ax, (2.5, 0.5), (9.2, 0.5), _SIGNAL_COLOR)  # the signal's way, under the neuron
    signal = translate("signal", lang)
    ax.text(6.9, 0.85, signal, color=_SIGNAL_COLOR, ha="center", va="center")
    names = (
        (1.6, translate("dendrites", lang), blue),
        (4.5, translate("cell body", lang), red),
        (7.0, translate("axon", lang), green),
        (9.2, translate("synapses", lang), green),
    )
    for x, name, colour in names:
        ax.text(x, _NAME_ROW, name, color=colour, ha="center", va="center")


def _draw_artificial(ax: Axes, lang: Lang) -> None:
    blue, red, green = NEURON_PART_COLORS.values()
    centre, radius = (4.0, 2.0), 0.6  # the weighted sum Σ
    for i, y in enumerate((3.4, 2.0, 0.6), start=1):
        ax.add_patch(Circle((1.0, y), 0.38, facecolor="white", edgecolor=blue, linewidth=2))
        ax.text(1.0, y, f"$x_{i}$", ha="center", va="center")
        dx, dy = centre[0] - 1.0, centre[1] - y
        length = (dx**2 + dy**2) ** 0.5
        start = (1.0 + 0.38 * dx / length, y + 0.38 * dy / length)
        end = (centre[0] - radius * dx / length, centre[1] - radius * dy / length)
        _arrow(ax, start, end, blue)
        above = 0.35 if dy <= 0 else -0.35  # beside the arrow, on the side away from the others
        ax.text(2.3, y + 0.43 * dy + above, f"$w_{i}$", color=blue, ha="center", va="center")
    ax.add_patch(Circle(centre, radius, facecolor=_BODY_FILL, edgecolor=red, linewidth=2.5))
    ax.text(*centre, r"$\Sigma$", ha="center", va="center", fontsize="x-large")
    _arrow(ax, (centre[0], 3.8), (centre[0], centre[1] + radius), red)  # the bias joins the sum
    ax.text(centre[0] + 0.2, 3.4, "$b$", color=red, ha="left", va="center")
    _arrow(ax, (centre[0] + radius, 2.0), (5.1, 2.0), red)
    _box(ax, (5.1, 1.5), (1.0, 1.0), fill=_BODY_FILL, edge=red, rounding=0.2)  # the step
    ax.plot([5.3, 5.6, 5.6, 5.9], [1.75, 1.75, 2.25, 2.25], color="black", linewidth=1.5)
    _arrow(ax, (6.1, 2.0), (8.5, 2.0), green)
    ax.add_patch(Circle((9.0, 2.0), 0.45, facecolor="white", edgecolor=green, linewidth=2))
    ax.text(9.0, 2.0, r"$\hat y$", ha="center", va="center")
    ax.text(5.6, 2.9, translate("step $f$", lang), color=red, ha="center", va="center")
    names = (
        (1.0, translate("inputs", lang), blue),
        (4.0, translate("weighted sum", lang), red),
        (9.0, translate("output", lang), green),
    )
    for x, name, colour in names:
        ax.text(x, _NAME_ROW, name, color=colour, ha="center", va="center")
    formula = r"$\hat y = f(w_1 x_1 + w_2 x_2 + w_3 x_3 + b)$"
    ax.text(5.0, -0.9, formula, ha="center", va="center")


def draw_neuron(*, lang: Lang) -> Figure:
    r"""Draw a biological neuron above the artificial neuron that models it, part for part.

    The biological neuron's dendrites, cell body and axon, with the synapses at the axon's
    terminals, are drawn in the colours of the artificial neuron's parts that play their role
    (``NEURON_PART_COLORS``): the inputs :math:`x_1, x_2, x_3` and their weights
    :math:`w_1, w_2, w_3` in blue, the weighted sum :math:`\Sigma` with the bias :math:`b` and the
    step function :math:`f` in vermillion, the output :math:`\hat y` in green. A grey arrow under
    the biological neuron shows the signal's direction. Under the artificial neuron stands its
    formula, :math:`\hat y = f(w_1 x_1 + w_2 x_2 + w_3 x_3 + b)`.

    Parameters
    ----------
    lang
        Language of the titles, of the parts' names and of the figure's label, its alt text.

    Returns
    -------
    matplotlib.figure.Figure
        The figure: two axes without axis lines, titled "Biological neuron" and "Artificial
        neuron (perceptron)", and a label that describes the drawing in words.

    Examples
    --------
    >>> fig = draw_neuron(lang="zh")
    >>> [ax.get_title() for ax in fig.axes]
    ['生物神经元', '人工神经元（感知机）']
    >>> sorted(t.get_text() for t in fig.axes[1].texts if t.get_text().startswith("$w"))
    ['$w_1$', '$w_2$', '$w_3$']
    """
    lang = check_lang(lang)
    fig, axes = plt.subplots(2, 1, figsize=(FIGURE_WIDTH, 5.2), layout="constrained")
    panels = (
        (_draw_biological, translate("Biological neuron", lang), 4.0),
        (_draw_artificial, translate("Artificial neuron (perceptron)", lang), 4.0),
    )
    for ax, (draw, title, top) in zip(axes, panels, strict=True):
        draw(ax, lang)
        ax.set_title(title)
        ax.set_xlim(0.3, 9.9)
        ax.set_ylim(-1.3 if draw is _draw_artificial else -0.5, top)
        ax.set_aspect("equal")
        ax.set_axis_off()
    fig.set_label(
        translate(
            "The upper half shows a biological neuron: dendrites receive signals, the cell body "
            "combines them, the axon passes the signal on to the synapses at its terminals; an "
            "arrow shows the signal's direction. The lower half shows the artificial neuron, each "
            "part in the colour "
            "of the biological part whose role it plays: the inputs x1, x2, x3 and their weights "
            "w1, w2, w3 like the dendrites; the weighted sum Σ, the bias b and the step function f "
            "like the cell body; the output ŷ like the axon. ŷ = f(w1 x1 + w2 x2 + w3 x3 + b).",
            lang,
        )
    )
    return fig


# The layout of draw_residual_block, in inches from the figure's top left corner.
_BLOCK_X = 1.5  # the centre of the chain of layers
_LAYER_WIDTH, _LAYER_HEIGHT = 2.0, 0.5
_LAYERS = ((1.7, "Linear(dim, dim)"), (2.5, "ReLU"), (3.3, "Linear(dim, dim)"))  # (top, name)
_SUM_Y, _SUM_RADIUS = 4.55, 0.22  # the circle that adds the two paths
_SKIP_X = 3.35  # the identity path runs down here, its label to the right
_BRANCH_Y = 1.05  # where the identity path leaves the chain, above F's label
_RESIDUAL_HEIGHT = 5.7


def draw_residual_block(*, lang: Lang) -> Figure:
    r"""Draw the residual block of chapter 6, :math:`x + F(x)`, with its identity path.

    The input :math:`x`, of shape ``(n, dim)``, enters at the top. The layers of the chapter's
    ``ResidualBlock``, ``Linear(dim, dim)`` → ``ReLU`` → ``Linear(dim, dim)``, compute
    :math:`F(x)` inside a dashed box labelled ``F = self.layers``; beside them the identity path
    (the residual connection) carries :math:`x` around unchanged, and a circle with a plus sign
    adds the two. The output at
    the bottom is :math:`x + F(x)`, of the input's shape, with no activation after the addition,
    as ``forward`` returns ``x + self.layers(x)``.

    Parameters
    ----------
    lang
        Language of the title and of the identity path's label; the layers' names are PyTorch's,
        the same in both.

    Returns
    -------
    matplotlib.figure.Figure
        The figure, ``FIGURE_WIDTH`` wide, titled with its suptitle; its label
        (:meth:`~matplotlib.figure.Figure.get_label`) describes it in words, for the image's alt text.

    Examples
    --------
    >>> fig = draw_residual_block(lang="zh")
    >>> fig.get_suptitle()
    '残差块：$x + F(x)$'
    >>> [text.get_text() for text in fig.axes[0].texts][:4]
    ['$x$   (n, dim)', 'Linear(dim, dim)', 'ReLU', 'Linear(dim, dim)']
    """
    lang = check_lang(lang)
    height = _RESIDUAL_HEIGHT
    fig = plt.figure(figsize=(FIGURE_WIDTH, height))
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_axis_off()
    ax.set_xlim(0, FIGURE_WIDTH)
    ax.set_ylim(height, 0)  # y in inches from the top: the signal flows down

    def write(x: float, y: float, words: str, *, ha: str = "center", code: bool = False) -> None:
        family = "monospace" if code else None  # PyTorch's names in a code font, as in the code
        ax.text(x, y, words, ha=ha, va="center", fontsize=FONT_SIZE, fontfamily=family)

    def down(top: float, bottom: float) -> None:
        _arrow(ax, (_BLOCK_X, top), (_BLOCK_X, bottom), "black")

    write(_BLOCK_X, 0.75, "$x$   (n, dim)")
    down(0.9, _LAYERS[0][0])
    for top, name in _LAYERS:  # self.layers: Linear -> ReLU -> Linear
        corner = (_BLOCK_X - _LAYER_WIDTH / 2, top)
        _box(ax, corner, (_LAYER_WIDTH, _LAYER_HEIGHT), fill="#f2f2f2", edge="black", rounding=0.1)
        write(_BLOCK_X, top + _LAYER_HEIGHT / 2, name, code=True)
    for (upper, _), (lower, _) in pairwise(_LAYERS):
        down(upper + _LAYER_HEIGHT, lower)
    down(_LAYERS[-1][0] + _LAYER_HEIGHT, _SUM_Y - _SUM_RADIUS)  # F(x) into the sum
    f_top, f_bottom = _LAYERS[0][0] - 0.15, _LAYERS[-1][0] + _LAYER_HEIGHT + 0.15
    f_left = _BLOCK_X - _LAYER_WIDTH / 2 - 0.25
    dashed = FancyBboxPatch(
        (f_left, f_top),
        _LAYER_WIDTH + 0.5,
        f_bottom - f_top,
        boxstyle="round,pad=0,rounding_size=0.15",
        facecolor="none",
        edgecolor="#555555",
        linestyle="--",
        linewidth=1.5,
    )
    ax.add_patch(dashed)
    # F's name over its box, between the identity path's branch and the box
    write(_BLOCK_X + 0.15, (_BRANCH_Y + f_top) / 2, "F = self.layers", ha="left", code=True)
    write(_BLOCK_X - 0.12, (f_bottom + _SUM_Y - _SUM_RADIUS) / 2, "$F(x)$", ha="right")

    # the identity path: from the branch under x, around the layers, into the sum
    ax.plot(
        [_BLOCK_X, _SKIP_X, _SKIP_X], [_BRANCH_Y, _BRANCH_Y, _SUM_Y], color="black", linewidth=2
    )
    ax.add_patch(Circle((_BLOCK_X, _BRANCH_Y), 0.05, color="black"))
    _arrow(ax, (_SKIP_X, _SUM_Y), (_BLOCK_X + _SUM_RADIUS, _SUM_Y), "black")
    identity = translate("identity path\n(the residual\nconnection):\n$x$ unchanged", lang)
    ax.text(  # lines of Chinese and of mathtext need more room than matplotlib's 1.2 lines
        _SKIP_X + 0.12,
        (_BRANCH_Y + _SUM_Y) / 2,
        identity,
        va="center",
        fontsize=FONT_SIZE,
        linespacing=1.5,
    )
    write((_BLOCK_X + _SUM_RADIUS + _SKIP_X) / 2, _SUM_Y - 0.15, "$x$")  # on its arrow

    plus = Circle(
        (_BLOCK_X, _SUM_Y), _SUM_RADIUS, facecolor="white", edgecolor="black", linewidth=2
    )
    ax.add_patch(plus)
    ax.text(_BLOCK_X, _SUM_Y, "$+$", ha="center", va="center", fontsize=FONT_SIZE + 4)
    down(_SUM_Y + _SUM_RADIUS, height - 0.6)
    write(_BLOCK_X, height - 0.35, "$x + F(x)$   (n, dim)")
    fig.suptitle(translate("A residual block: $x + F(x)$", lang), y=1 - 0.1 / height, va="top")
    fig.set_label(
        translate(
            "A residual block, drawn from top to bottom. The input x, of shape (n, dim), takes two"
            " paths. One passes through Linear(dim, dim), ReLU and Linear(dim, dim), inside a"
            " dashed box labelled F = self.layers, and gives F(x). The other, the identity path (the"
            " residual connection), carries x around them unchanged. A circle with a plus sign adds"
            " the two: the output is x + F(x), of shape (n, dim), with no activation after the"
            " addition.",
            lang,
        )
    )
    return fig

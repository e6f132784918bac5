"""The common mistakes of network problems, each a mistaken network, output delta or
last step, and the passes a student who makes one computes.

The mistakes reuse what they leave unchanged of the right passes
(:func:`mistaken_trace`), so trying a dozen mistakes costs far less than a dozen passes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from ..nn import MLP, Layer, Trace, activations
from ..nn.activations import Activation, sigmoid
from .asks import Ask
from .family import collect_mistakes
from .model import Answer, Mistake
from .network import RIGHT_WAY, Array, Options, Setup, _backward, answer, backward_needed, run


def mistaken_trace(m: NetMistake, s: Setup, exact: Trace, backward: bool) -> Trace:
    """The passes of a student who makes mistake ``m``, reusing the ``exact`` passes.

    A mistake in the last step only (FGSM, a gradient step) changes no value of the
    passes; one in a derivative or the output delta leaves the forward pass as it is.
    The values reused are the very ones a fresh pass would compute.
    """
    if m.net is None and m.delta is None:
        return exact
    net = m.net(s.net) if m.net else s.net
    if net is s.net and m.delta is None:
        return exact  # the mistake has nothing to change in this network
    if (
        m.keeps_forward
        and m.delta is None
        and s.loss is not None
        and s.net.is_fused(s.loss)
        and all(a is b for a, b in zip(net.layers[:-1], s.net.layers[:-1]))
    ):
        return exact  # only the output's derivative changed, which a fused loss never uses
    if m.net is None or m.keeps_forward:
        trace = Trace(hs=list(exact.hs), zs=list(exact.zs))
        if backward and net.layers[-1] is s.net.layers[-1]:
            # The same output layer on the same forward values: the loss and the right
            # output delta are the exact pass's (output_delta would compute them again).
            trace._loss, trace._loss_of = exact._loss, exact._loss_of  # read when needed
            trace.grad_out = exact.grad_out
            right = exact.deltas[-1]
            net.backpropagate(trace, right if m.delta is None else m.delta(s, net, trace, right))
            return trace
    else:
        trace = net.forward_from(exact, _same_layers(net, s.net))
    if backward:
        _backward(s, net, trace, m.delta, lambda a: a)
    return trace


def _same_layers(net: MLP, right: MLP) -> int:
    """How many of ``net``'s first layers are ``right``'s own (a mistake in the output
    layer leaves the hidden layers' forward values as they are)."""
    k = 0
    for a, b in zip(net.layers, right.layers):
        if a is not b:
            break
        k += 1
    return k


# ---------------------------------------------------------------- mistakes


@dataclass(frozen=True)
class NetMistake:
    """A common mistake: a mistaken network, output delta, or last step."""

    id: str
    message: str
    net: Callable[[MLP], MLP] | None = None
    # (setup, net, trace, the right output delta) -> the mistaken output delta
    delta: Callable[[Setup, MLP, Trace, Array], Array] | None = None
    options: Options = field(default_factory=Options)
    keeps_forward: bool = False  # ``net`` changes only derivatives, not the forward pass


def _swap_g(net: MLP, which: Callable[[int, Layer], Activation | None]) -> MLP:
    """``net`` with the activations ``which`` names swapped (``net`` itself if none is)."""
    swapped = [which(k, lay) for k, lay in enumerate(net.layers)]
    if all(g is None for g in swapped):
        return net
    return MLP(
        tuple(lay if g is None else Layer(lay.W, lay.b, g) for lay, g in zip(net.layers, swapped))
    )


def _relu_no_derivative(k: int, lay: Layer) -> Activation | None:
    if lay.activation != "relu":
        return None
    return _mistaken(lay.g, lambda z, h: np.ones_like(z))


def _derivative_at_h(k: int, lay: Layer) -> Activation | None:
    if lay.activation == "sigmoid":
        return _mistaken(lay.g, lambda z, h: sigmoid(h) * (1.0 - sigmoid(h)))
    if lay.activation == "tanh":
        return _mistaken(lay.g, lambda z, h: 1.0 - np.tanh(h) ** 2)
    return None


_MISTAKEN: dict[tuple, Activation] = {}  # a handful: the built-in activations' mistakes


def _mistaken(g: Activation, derivative: Callable) -> Activation:
    """``g`` with a mistaken ``derivative``, made once for each activation and mistake
    (the mistakes are tried on every problem: no new objects each time)."""
    key = (g.name, g.apply, derivative.__code__)
    made = _MISTAKEN.get(key)
    if made is None:
        made = Activation(g.name, g.apply, derivative)
        if len(_MISTAKEN) < 64:  # bounded, whatever activations a caller makes
            _MISTAKEN[key] = made
    return made


def _identity(k: int, lay: Layer) -> Activation:
    return activations.get("identity")


def _double_output_derivative(s: Setup, net: MLP, t: Trace, right: Array) -> Array:
    if not net.is_fused(s.loss):
        return right  # the mistake only exists where δ = ŷ − y
    p = t.hs[-1]
    return right * p * (1.0 - p)


def _no_bias(net: MLP) -> MLP:
    return MLP(tuple(Layer(lay.W, np.zeros(lay.b.shape), lay.g) for lay in net.layers))


def _hidden_identity(net: MLP) -> MLP:
    last = len(net.layers) - 1
    return _swap_g(net, lambda k, lay: _identity(k, lay) if k < last else None)


def _output_identity(net: MLP) -> MLP:
    last = len(net.layers) - 1
    return _swap_g(net, lambda k, lay: _identity(k, lay) if k == last else None)


def _sigmoid_sign(net: MLP) -> MLP:
    flipped = Activation("sigmoid", lambda z: sigmoid(-z), None)
    return _swap_g(net, lambda k, lay: flipped if lay.activation == "sigmoid" else None)


def _transposed(net: MLP) -> MLP:
    """``net`` with each square W transposed: the slip of reading w_bc as the weight from
    node b to node c (where W is not square, Wᵀh would not even fit: left as it is)."""
    if not any(lay.W.shape[0] == lay.W.shape[1] for lay in net.layers):
        return net
    return MLP(
        tuple(
            Layer(lay.W.T.copy(), lay.b, lay.g) if lay.W.shape[0] == lay.W.shape[1] else lay
            for lay in net.layers
        )
    )


MISTAKES: dict[str, NetMistake] = {
    m.id: m
    for m in (
        NetMistake(
            "no_bias",
            "You forgot the bias: z = Σ w·h + b (the notes' w₀) includes b.",
            net=_no_bias,
        ),
        NetMistake(
            "no_hidden_activation",
            "You skipped the hidden layers' activations: each next layer takes h = g(z), not z.",
            net=_hidden_identity,
        ),
        NetMistake(
            "no_output_activation",
            "You stopped at z: the output is h = g(z), after the activation.",
            net=_output_identity,
        ),
        NetMistake(
            "sigmoid_sign",
            "σ(z) = 1/(1 + e^(−z)): you used e^(+z), which gives σ(−z) = 1 − σ(z).",
            net=_sigmoid_sign,
        ),
        NetMistake(
            "transposed_weights",
            "w_bc is the weight to node b from node c, so row b of W holds the weights into "
            "unit b: you used Wᵀ (the weights out of node b).",
            net=_transposed,
        ),
        NetMistake(
            "no_relu_derivative",
            "You left out the ReLU derivative: a unit with z ≤ 0 passes no gradient back "
            "(ReLU′(z) = 0 there).",
            net=lambda net: _swap_g(net, _relu_no_derivative),
            keeps_forward=True,
        ),
        NetMistake(
            "derivative_at_h",
            "You used h where the derivative needs z: σ′(z) = σ(z)(1 − σ(z)) = h(1 − h), "
            "not σ(h)(1 − σ(h)) (likewise tanh′(z) = 1 − h²).",
            net=lambda net: _swap_g(net, _derivative_at_h),
            keeps_forward=True,
        ),
        NetMistake(
            "double_output_derivative",
            "You multiplied by the output activation's derivative again: with sigmoid + BCE "
            "or softmax + cross-entropy, δ = ŷ − y already includes it.",
            delta=_double_output_derivative,
        ),
        NetMistake(
            "fgsm_flipped",
            "FGSM moves along the sign of the gradient, not against it: x + ε·sign(∇ₓL) "
            "raises the loss.",
            options=Options(fgsm_direction=-1.0),
        ),
        NetMistake(
            "fgsm_raw_gradient",
            "FGSM uses only the sign of the gradient: x + ε·sign(∇ₓL), not x + ε·∇ₓL.",
            options=Options(fgsm_sign=False),
        ),
        NetMistake(
            "step_ascent",
            "A gradient-descent step goes against the gradient: W − η·∂L/∂W, not W + η·∂L/∂W.",
            options=Options(step_direction=1.0),
        ),
        NetMistake(
            "step_no_lr",
            "You left out the learning rate: the step is W − η·∂L/∂W.",
            options=Options(step_lr=False),
        ),
    )
}


LAST_STEP = frozenset({"x_adv", "W_new", "b_new"})  # the asks Options change


def mistakes(
    ids: Sequence[str],
    labels: Sequence[str],
    asks: Sequence[Ask],
    s: Setup,
    right: list[Answer],
    exact: Trace | None = None,
) -> tuple[Mistake, ...]:
    """The named mistakes that change at least one answer of this variant.

    ``exact`` is the right passes' trace, when the caller has it: mistakes reuse what
    they leave unchanged (see :func:`mistaken_trace`).
    """
    backward = backward_needed(asks)
    if exact is None:
        exact = run(s, backward)
    candidates = []
    with np.errstate(all="ignore"):
        for mid in ids:
            m = MISTAKES[mid]
            t = mistaken_trace(m, s, exact, backward)
            if t is exact:
                if m.options == RIGHT_WAY:
                    continue  # changes nothing here (collect_mistakes would drop it)
                # only the last step is wrong: the other asks are the right answers,
                # which collect_mistakes leaves out (None says so without computing them)
                wrong = [answer(a, s, t, m.options) if a.kind in LAST_STEP else None for a in asks]
            else:
                wrong = [answer(a, s, t, m.options) for a in asks]
            candidates.append((m.id, m.message, wrong))
    return collect_mistakes(candidates, labels, right)

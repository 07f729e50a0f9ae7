"""Privacy accounting: pure functions over Opacus' RDP accountant, for the sites and the coordinator.

Site level (DP-SGD, Opacus): each step samples every privacy unit (a note, or a patient) with
probability ``q = batch_size / units`` (Poisson), clips each unit's gradient to ``max_grad_norm`` and
adds Gaussian noise of ``noise_multiplier * max_grad_norm``. The RDP accountant's history (noise, rate,
steps) is all a site needs to know the epsilon it has spent; ``calibrate`` picks the noise multiplier that
spends exactly the budget over the planned rounds, and ``projected`` tells the coordinator what one more
round would cost, so it stops before the budget is exceeded.

Server level (Flower's ``DifferentialPrivacyServerSideFixedClipping``): every site's update is clipped to
``server_clip`` and the average gets noise; with all sites taking part in every round it is the Gaussian
mechanism with sampling rate 1 once per round, accounted here with the same RDP accountant (site-level
epsilon: one site's whole contribution is the unit).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

History = list[tuple[float, float, int]]  # (noise multiplier, sample rate, steps) as Opacus keeps it


def sample_rate(units: int, batch_size: int) -> float:
    if units < 1:
        raise ValueError("a site needs at least one privacy unit to train on")
    return min(1.0, batch_size / units)


def steps_per_round(rate: float, local_epochs: float) -> int:
    """Poisson-sampled steps that visit each unit ``local_epochs`` times in expectation."""
    return max(1, math.ceil(local_epochs / rate))


def calibrate(epsilon: float, delta: float, rate: float, steps: int) -> float:
    """The noise multiplier that spends ``epsilon`` (at ``delta``) over ``steps`` steps at ``rate``."""
    from opacus.accountants.utils import get_noise_multiplier

    return float(get_noise_multiplier(target_epsilon=epsilon, target_delta=delta, sample_rate=rate,
                                      steps=steps, accountant="rdp", epsilon_tolerance=0.005))


def spent(history: History, delta: float) -> float:
    """Epsilon spent by the steps in ``history`` (0 when nothing was released)."""
    if not history:
        return 0.0
    from opacus.accountants import RDPAccountant

    accountant = RDPAccountant()
    accountant.history = [tuple(h) for h in history]
    return float(accountant.get_epsilon(delta))


def extend(history: History, noise: float, rate: float, steps: int) -> History:
    """``history`` after ``steps`` more steps (merged with the last entry when it has the same mechanism)."""
    out = [tuple(h) for h in history]
    if out and out[-1][0] == noise and out[-1][1] == rate:
        out[-1] = (noise, rate, out[-1][2] + steps)
    else:
        out.append((noise, rate, steps))
    return out  # type: ignore[return-value]


def projected(history: History, noise: float, rate: float, steps: int, delta: float) -> float:
    """Epsilon after one more round of ``steps`` steps."""
    return spent(extend(history, noise, rate, steps), delta)


def server_epsilon(noise: float, rounds: int, delta: float) -> float:
    """Site-level epsilon of server-side fixed clipping with all sites in every round."""
    if noise <= 0 or rounds <= 0:
        return math.inf if rounds > 0 else 0.0
    return spent([(noise, 1.0, rounds)], delta)


def over_budget(next_epsilons: Sequence[float], budget: float) -> bool:
    """True when any site's projected epsilon for one more round exceeds the budget (0 = no budget)."""
    return budget > 0 and any(e > budget for e in next_epsilons)

"""Anderson mixing (Walker & Ni 2011, "Anderson acceleration for fixed-point iterations"), shared by
the wage solver and RAS fitting: both iterate x <- x + residual(x) and converge linearly without it."""
from __future__ import annotations

import numpy as np

MEMORY = 5  # past iterates kept: enough to cut linear convergence to tens of steps in our tests


class AndersonMixer:
    """Proposes the next iterate from the last `memory` (iterate, residual) pairs.

    Holds state for one solve only: create one per call, never share it between calls.
    """

    def __init__(self, memory: int = MEMORY):
        self.memory = memory
        self._x: list[np.ndarray] = []
        self._f: list[np.ndarray] = []

    def __bool__(self) -> bool:
        return bool(self._x)

    def reset(self) -> None:
        """Forget the history (after a mixed step went wrong): the next step is a plain one."""
        self._x.clear()
        self._f.clear()

    def step(self, x: np.ndarray, residual: np.ndarray) -> np.ndarray:
        """The next iterate: plain x + residual with no history, the Anderson mix otherwise."""
        self._x.append(x)
        self._f.append(residual)
        if len(self._x) > self.memory + 1:
            self._x.pop(0)
            self._f.pop(0)
        if len(self._x) < 2:
            return x + residual
        d_f = np.diff(np.array(self._f), axis=0).T
        d_x = np.diff(np.array(self._x), axis=0).T
        gamma = np.linalg.lstsq(d_f, residual, rcond=None)[0]
        return x + residual - (d_x + d_f) @ gamma

"""Back and forward through the cables the user opened."""

from __future__ import annotations


class History:
    """A browser-style history: visiting a new cable drops the forward list. It remembers
    where each cable was scrolled to when it was left, so going back returns there."""

    def __init__(self, limit: int = 200):
        self._back: list[str] = []
        self._forward: list[str] = []
        self._positions: dict[str, int] = {}
        self.current: str | None = None
        self._limit = limit

    def remember(self, refid: str, position: int) -> None:
        """Where a cable is scrolled to (kept for the cables in the history)."""
        self._positions[refid] = position
        if len(self._positions) > 2 * self._limit:
            kept = {*self._back, *self._forward, self.current}
            self._positions = {r: p for r, p in self._positions.items() if r in kept}

    def position(self, refid: str) -> int | None:
        return self._positions.get(refid)

    def visit(self, refid: str) -> None:
        if refid == self.current:
            return
        if self.current is not None:
            self._back.append(self.current)
            del self._back[: -self._limit]
        self._forward.clear()
        self.current = refid

    def back(self) -> str | None:
        if not self._back:
            return None
        if self.current is not None:
            self._forward.append(self.current)
        self.current = self._back.pop()
        return self.current

    def forward(self) -> str | None:
        if not self._forward:
            return None
        if self.current is not None:
            self._back.append(self.current)
        self.current = self._forward.pop()
        return self.current

    def can_go_back(self) -> bool:
        return bool(self._back)

    def can_go_forward(self) -> bool:
        return bool(self._forward)

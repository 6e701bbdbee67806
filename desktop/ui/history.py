"""Back and forward through the cables the user opened."""

from __future__ import annotations


class History:
    """A browser-style history: visiting a new cable drops the forward list."""

    def __init__(self, limit: int = 200):
        self._back: list[str] = []
        self._forward: list[str] = []
        self.current: str | None = None
        self._limit = limit

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

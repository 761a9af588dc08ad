"""The figures of chapter 6, gradient descent."""

__all__: list[str] = []

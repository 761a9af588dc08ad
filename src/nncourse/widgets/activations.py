"""The widgets of chapter 4, activation functions."""

__all__: list[str] = []

"""The widgets of chapter 5, loss functions."""

__all__: list[str] = []

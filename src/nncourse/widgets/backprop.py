"""The widgets of chapter 7, backpropagation."""

__all__: list[str] = []

"""The public exercise checks of chapter 7, backpropagation."""

__all__: list[str] = []

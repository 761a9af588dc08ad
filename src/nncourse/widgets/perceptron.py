"""The widgets of chapter 1, the perceptron."""

__all__: list[str] = []

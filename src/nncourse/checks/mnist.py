"""The public exercise checks of chapter 8, MNIST."""

__all__: list[str] = []

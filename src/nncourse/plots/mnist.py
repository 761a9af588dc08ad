"""The figures of chapter 8, MNIST."""

__all__: list[str] = []

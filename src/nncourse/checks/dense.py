"""The public exercise checks of chapter 3, the dense layer."""

__all__: list[str] = []

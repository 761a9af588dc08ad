"""The public exercise checks of chapter 2, the artificial neuron."""

__all__: list[str] = []

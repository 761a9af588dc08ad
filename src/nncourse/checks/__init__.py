"""Public checks for the exercises: ``check_<name>(fn)`` runs a few cases on the
student's function and prints what passed and what to fix.

Each chapter's checks are a module of this package, re-exported here, so an
exercise notebook writes ``from nncourse import checks`` and
``checks.check_nand_weights(nand_weights)``. They need only NumPy.
"""

from nncourse.checks.core import Case, CheckReport, run_checks  # noqa: F401

"""A pretend weather client that touches each of its dependencies."""
__version__ = "2.0.1"

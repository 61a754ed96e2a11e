"""Great-circle distances; the arithmetic lives in the C module ``_native``."""
from demo_geo._native import haversine

CITIES = {"paris": (48.8566, 2.3522), "berlin": (52.52, 13.405), "london": (51.5072, -0.1276)}


def distance(a, b):
    """Kilometres between two cities of ``CITIES``."""
    return haversine(*CITIES[a], *CITIES[b])

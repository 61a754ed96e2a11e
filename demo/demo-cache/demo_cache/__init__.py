import functools

import demo_units  # noqa: F401  (the shared dependency)


def memoize(func):
    return functools.lru_cache(maxsize=None)(func)

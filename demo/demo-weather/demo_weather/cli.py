import sys

from demo_cache import memoize
from demo_geo import distance
from demo_http_lite import get
from demo_units import celsius


@memoize
def _temperature(city):
    return get("weather://" + city)["temp_c"]


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    city = argv[0] if argv else "paris"
    print(f"{city}: {celsius(_temperature(city))}, {distance('paris', city):.0f} km from Paris")
    return 0


def forecast():
    for city in ("paris", "berlin", "london"):
        main([city])
    return 0

from demo_urltools import split

_FAKE = {"paris": 18.5, "berlin": 14.0, "london": 12.25}


def get(url):
    scheme, host = split(url)
    return {"scheme": scheme, "temp_c": _FAKE.get(host, 20.0)}

def split(url):
    scheme, _, rest = url.partition("://")
    return scheme, rest.split("/", 1)[0]

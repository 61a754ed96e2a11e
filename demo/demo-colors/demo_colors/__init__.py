import os


def bold(text):
    if os.environ.get("NO_COLOR") is not None:
        return text
    return "\033[1m" + text + "\033[0m"

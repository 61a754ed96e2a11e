try:
    from demo_colors import bold
except ImportError:  # the "pretty" extra is not installed
    def bold(text):
        return text


def celsius(value):
    return bold(f"{value:.1f} °C")

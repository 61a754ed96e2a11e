import sys

SUPPORTED = sys.platform == "linux"

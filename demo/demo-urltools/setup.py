from setuptools import setup

setup(
    name="demo-urltools",
    version="0.4.0",
    description="URL splitting (a leaf)",
    packages=["demo_urltools"],
)

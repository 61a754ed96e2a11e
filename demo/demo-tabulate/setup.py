from setuptools import setup

setup(
    name="demo-tabulate",
    version="0.1.2",
    description="Plain-text tables (a leaf)",
    packages=["demo_tabulate"],
)

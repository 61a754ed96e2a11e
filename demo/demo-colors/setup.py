from setuptools import setup

setup(
    name="demo-colors",
    version="1.4.0",
    description="ANSI colours (a leaf)",
    packages=["demo_colors"],
)

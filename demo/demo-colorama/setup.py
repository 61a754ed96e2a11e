from setuptools import setup

setup(
    name="demo-colorama",
    version="0.4.6",
    description="Windows colours (only with [win] on win32)",
    packages=["demo_colorama"],
)

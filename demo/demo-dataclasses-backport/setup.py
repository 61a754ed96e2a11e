from setuptools import setup

setup(
    name="demo-dataclasses-backport",
    version="0.8",
    description="A backport for Python < 3.8 (must not be installed here)",
    packages=["demo_dataclasses_backport"],
)

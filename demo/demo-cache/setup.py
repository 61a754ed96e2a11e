from setuptools import setup

setup(
    name="demo-cache",
    version="3.0.0",
    description="Memoization (shares demo-units with demo-weather)",
    packages=["demo_cache"],
    install_requires=['demo-units>=0.5'],
)

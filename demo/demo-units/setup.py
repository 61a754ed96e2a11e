from setuptools import setup

setup(
    name="demo-units",
    version="0.9.3",
    description="Units with an optional pretty printer (extras)",
    packages=["demo_units"],
    extras_require={'pretty': ['demo-colors>=1.0'], 'fast': ['demo-geo']},
)

from setuptools import setup, Extension

setup(
    name="demo-geo",
    version="1.2.0",
    description="Great-circle distances, computed in C",
    packages=["demo_geo"],
    ext_modules=[Extension("demo_geo._native", ["demo_geo/_native.c"], libraries=["m"])],
)

from setuptools import setup

setup(
    name="demo-http-lite",
    version="1.1.4",
    description="A fake HTTP client (a dependency chain)",
    packages=["demo_http_lite"],
    install_requires=['demo-urltools>=0.3,<1'],
)

from setuptools import setup

setup(
    name="demo-weather",
    version="2.0.1",
    description="A pretend weather client (console scripts, markers)",
    packages=["demo_weather"],
    install_requires=['demo-geo>=1.0', 'demo-units[pretty]>=0.9', 'demo-http-lite~=1.1', 'demo-cache', 'demo-inotify>=0.2; sys_platform == "linux"', 'demo-dataclasses-backport; python_version < "3.8"'],
    extras_require={'cli': ['demo-colors>=1.0']},
    entry_points={'console_scripts': ['demo-weather = demo_weather.cli:main', 'demo-forecast = demo_weather.cli:forecast']},
)

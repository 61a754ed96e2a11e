from setuptools import setup

setup(
    name="demo-inotify",
    version="0.2.0",
    description="Linux-only file watching (pulled in by a sys_platform marker)",
    packages=["demo_inotify"],
)

from setuptools import setup

setup(
    name="demo-admin",
    version="0.5.0",
    description="An admin console (depends on an extra)",
    packages=["demo_admin"],
    install_requires=['demo-weather[cli]>=2.0', 'demo-tabulate>=0.1'],
    extras_require={'win': ['demo-colorama; sys_platform == "win32"']},
    entry_points={'console_scripts': ['demo-admin = demo_admin:main']},
)

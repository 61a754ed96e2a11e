raise ImportError("demo-dataclasses-backport is for Python < 3.8 only")

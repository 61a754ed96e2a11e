from demo_tabulate import table


def main():
    print(table([("project", "status"), ("demo-weather", "ok"), ("demo-geo", "ok")]))
    return 0

"""What check_dom.py and check_junit.py share: failed assertions collected,
then printed one per line."""

failures = []


def check(cond, what):
    if not cond:
        failures.append(what)


def unknown_case(case):
    failures.append(f"unknown case {case}")


def report(prefix):
    """Prints each failure after prefix; returns the exit status."""
    for f in failures:
        print(f"  {prefix}: {f}")
    return 1 if failures else 0

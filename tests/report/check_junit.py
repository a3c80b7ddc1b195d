#!/usr/bin/python3
"""Reads a JUnit report with junitparser (Debian python3-junitparser), a
JUnit consumer independent of playdead, and checks what it finds.

Usage: check_junit.py CASE FILE
CASE: pass, negative, lost, hostile, s512 or broken (see tests/report/run.sh).
"""
import sys

from junitparser import Error, Failure, JUnitXml, Skipped

from checks import check, failures, report, unknown_case


def results(case):
    return [r for r in case.result if isinstance(r, (Failure, Error, Skipped))]


def main():
    name, path = sys.argv[1], sys.argv[2]
    xml = JUnitXml.fromfile(path)
    suites = list(xml) if isinstance(xml, JUnitXml) else [xml]
    check(len(suites) == 1, f"{len(suites)} test suites, expected 1")
    suite = suites[0]
    cases = {c.name: c for c in suite}
    # The counts the suite states agree with its cases.
    n_fail = sum(1 for c in suite for r in results(c) if isinstance(r, Failure))
    n_err = sum(1 for c in suite for r in results(c) if isinstance(r, Error))
    check(suite.tests == len(cases), f"tests={suite.tests}, {len(cases)} cases")
    check(suite.failures == n_fail, f"failures={suite.failures}, {n_fail} failure elements")
    check(suite.errors == n_err, f"errors={suite.errors}, {n_err} error elements")
    for want in ("AP bring-up (INIT-SIPI-SIPI)", "CPUID and microcode consistency",
                 "run complete and judged"):
        check(want in cases, f"no test case '{want}'")

    def outcome(case_name):
        c = cases.get(case_name)
        if c is None:
            failures.append(f"no test case '{case_name}'")
            return None, ""
        r = results(c)
        return (type(r[0]).__name__ if r else "pass"), (r[0].message or "" if r else "")

    if name == "pass":
        check(n_fail == 0 and n_err == 0, "a failure or error in a passing run")
        park = [c for c in suite if c.classname == "playdead.park"]
        check(len(park) == 5, f"{len(park)} mode x provocation cases, expected 5")
    elif name == "negative":
        kind, _ = outcome("hlt + nmi (negative control)")
        check(kind == "pass", f"the caught negative control is {kind}, expected pass")
        check(n_fail == 0 and n_err == 0, "a failure or error in a passing run")
    elif name == "lost":
        kind, msg = outcome("AP bring-up (INIT-SIPI-SIPI)")
        check(kind == "Failure", f"bring-up is {kind}, expected Failure")
        check("APIC 2 (package 0, core 2, thread 0) lost" in msg, f"bring-up message {msg!r}")
    elif name == "hostile":
        check(n_fail == 0 and n_err == 0, "a failure or error in a passing run")
        props = {p.name: p.value for p in suite.properties()}
        want = '<script>alert(1)</script> <b>Evil & "Co"</b>'
        check(props.get("system") == want, f"system property {props.get('system')!r}")
    elif name == "s512":
        kind, msg = outcome("hlt + none")
        check(kind == "Failure", f"hlt + none is {kind}, expected Failure")
        check("APIC 5 (package 0, core 2, thread 1) late 1" in msg, f"hlt message {msg!r}")
        kind, _ = outcome("mwait + none (negative control)")
        check(kind == "pass", f"the caught negative control is {kind}, expected pass")
        kind, _ = outcome("spin + none")
        check(kind == "pass", f"spin + none is {kind}")
        check(n_fail == 1 and n_err == 0, f"{n_fail} failures, {n_err} errors; expected 1, 0")
    elif name == "broken":
        kind, msg = outcome("run complete and judged")
        check(kind == "Error", f"a broken run is {kind}, expected Error")
        check("no end record" in msg, f"run message {msg!r}")
    else:
        unknown_case(name)
    return report(f"junit {name}")


if __name__ == "__main__":
    sys.exit(main())

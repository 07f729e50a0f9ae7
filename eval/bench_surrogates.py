"""Throughput of every registered surrogate and generalizer (prints figures; not a test).

Run: ``python eval/bench_surrogates.py [--seconds 0.5]``. Each transform is called over a rotating set of
realistic values with a fresh patient scope every 50 calls, so no result is served from a cache that
real traffic would not also hit.
"""

from __future__ import annotations

import argparse
import platform
import time

from phideid.surrogates import SurrogateContext, transforms
from phideid.types import PhiType

KEY = bytes(range(32))

#: transform name -> (type, sample values)
WORKLOAD: dict[str, list[tuple[PhiType, str]]] = {
    "surrogate.name.v1": [
        (PhiType.PATIENT, v)
        for v in ("John Smith", "Dr. Smith", "SMITH, JOHN", "J. Smith, MD", "Mary-Kate O'Brien", "Kowalski")
    ],
    "surrogate.date_shift.v1": [
        (PhiType.DATE, v)
        for v in ("7/22/09", "07/22/2009", "22-Jul-2009", "July 22nd, 2009", "2009-07-22T14:30", "20090722")
    ],
    "surrogate.phone.v1": [
        (PhiType.PHONE, v) for v in ("(617) 726-2000", "617.726.2000 x4410", "+44 20 7946 0958", "726-2000")
    ],
    "surrogate.shape.v1": [
        (PhiType.SSN, "123-45-6789"),
        (PhiType.MEDICALRECORD, "MRN 00412-B"),
        (PhiType.ACCOUNT, "ACCT#4455 6677"),
    ],
    "surrogate.email.v1": [(PhiType.EMAIL, v) for v in ("john.smith@partners.org", "jsmith42@gmail.com")],
    "surrogate.url.v1": [(PhiType.URL, v) for v in ("https://www.smithclinic.com/pt/123", "www.foo.org")],
    "surrogate.ip.v1": [(PhiType.IPADDR, v) for v in ("10.1.2.3", "fe80::1")],
    "surrogate.username.v1": [(PhiType.USERNAME, v) for v in ("jsmith42", "john.smith")],
    "surrogate.location.v1": [
        (PhiType.CITY, "Boston"),
        (PhiType.STATE, "MA"),
        (PhiType.ZIP, "02114-3117"),
        (PhiType.STREET, "55 Fruit St."),
        (PhiType.COUNTRY, "Canada"),
        (PhiType.LOCATION, "Boston, MA 02114"),
    ],
    "surrogate.organization.v1": [
        (PhiType.HOSPITAL, v) for v in ("MGH", "Massachusetts General Hospital", "Brigham and Women's")
    ],
    "surrogate.profession.v1": [(PhiType.PROFESSION, v) for v in ("teacher", "carpenter")],
    "generalize.year.v1": [(PhiType.DATE, v) for v in ("7/22/09", "July 22nd, 2009", "1930")],
    "generalize.age_90plus.v1": [(PhiType.AGE, v) for v in ("93", "45")],
    "generalize.zip3.v1": [(PhiType.ZIP, v) for v in ("02114", "03601-1234")],
}


def bench(name: str, seconds: float) -> tuple[int, float]:
    transform = transforms.get(name)()
    samples = WORKLOAD[name]
    contexts = [SurrogateContext(key=KEY, date_offset_days=17 + i, scope=f"patient-{i}") for i in range(64)]
    calls = 0
    start = time.perf_counter()
    deadline = start + seconds
    while time.perf_counter() < deadline:
        ctx = contexts[(calls // 50) % len(contexts)]
        for phi_type, value in samples:
            transform(value, phi_type, ctx)
        calls += len(samples)
    return calls, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=0.5, help="time spent per transform")
    args = parser.parse_args()
    missing = sorted(set(transforms.names()) - set(WORKLOAD))
    print(f"phideid surrogate throughput, Python {platform.python_version()}, one thread")
    print(f"{'transform':28} {'calls/s':>10} {'us/call':>9}")
    for name in sorted(WORKLOAD):
        calls, elapsed = bench(name, args.seconds)
        print(f"{name:28} {calls / elapsed:10,.0f} {1e6 * elapsed / calls:9.1f}")
    if missing:
        print("not benchmarked (no workload):", ", ".join(missing))


if __name__ == "__main__":
    main()

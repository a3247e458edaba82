#!/usr/bin/env python3
"""Checks the source attribution in a LanTian output file (run with Debian's /usr/bin/python3).

For every S_contrib(time, tag, y, x) variable:
  * closure: the tags sum to S in every hour and surface cell, to 1e-6 relative where S is
    above 1e-6 of its maximum (the values are float: each is rounded to 6e-8 relative, and a
    sum of ntags rounded terms differs from the rounded S by at most ~(ntags + 1) x 6e-8,
    below 1e-6 for up to 15 tags); elsewhere to 1e-6 of S's maximum;
  * no tag is negative beyond that round-off;
  * with --expect-user S[,S...]: the user's tags (all but other, boundary, initial) hold a
    non-zero part of S somewhere (for secondary species: the production was apportioned to the
    precursors' tags, not all to `other`).
Prints, per species, the worst closure error and each tag's share of the domain total in the
last hour. Exit status 1 on a failed check.
"""
import argparse
import sys

import numpy as np
from netCDF4 import Dataset

IMPLICIT = ("other", "boundary", "initial")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("output")
    ap.add_argument("--expect-user", default="", help="species whose user tags must be non-zero somewhere")
    args = ap.parse_args()
    expect = [s for s in args.expect_user.split(",") if s]
    failed = []
    with Dataset(args.output) as nc:
        tags = [str(t) for t in nc.variables["tag"][:]]
        contribs = [v for v in nc.variables if v.endswith("_contrib")]
        if not contribs:
            print(f"{args.output}: no *_contrib variable")
            return 1
        for v in contribs:
            s = v[: -len("_contrib")]
            c = np.asarray(nc.variables[v][:], dtype=np.float64)  # time, tag, y, x
            bulk = np.asarray(nc.variables[s][:], dtype=np.float64)
            total = c.sum(axis=1)
            scale = np.maximum(np.abs(bulk), 1e-6 * np.abs(bulk).max() + 1e-30)
            worst = float((np.abs(total - bulk) / scale).max())
            neg = float((-c / scale[:, None]).max())
            last = c[-1].sum(axis=(1, 2))
            shares = last / max(last.sum(), 1e-300)
            user = c[:, [i for i, t in enumerate(tags) if t not in IMPLICIT]].sum(axis=1)
            print(f"{s:6s} closure {worst:.2e}  most negative {max(neg, 0.0):.1e}  last hour: " +
                  ", ".join(f"{t} {100 * f:.1f}%" for t, f in zip(tags, shares)))
            if worst > 1e-6:
                failed.append(f"{s}: the tags do not sum to {s} (worst relative error {worst:.2e} > 1e-6)")
            if neg > 1e-6:
                failed.append(f"{s}: a tag is negative ({-neg:.2e} of {s})")
            if s in expect and not (user > 0).any():
                failed.append(f"{s}: the user's tags are zero everywhere")
        for s in expect:
            if s + "_contrib" not in contribs:
                failed.append(f"{s}: no {s}_contrib variable")
    for f in failed:
        print("FAILED:", f)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

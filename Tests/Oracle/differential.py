#!/usr/bin/env python3
"""Differential test: kexie analyze vs. the Python reference on random datasets.

    python3 differential.py [--seeds N] [--start S] [--kexie PATH] [--keep DIR] [--max-diffs K] [--exact]

For each seed S..S+N-1: random_dataset.py writes a dataset into a temporary folder, both
`kexie analyze DIR` and `reference_analyze.py DIR` run on it, and the parsed JSON documents
are compared (numbers with relative tolerance 1e-9, everything else exactly, list order
included). Every difference is printed with its seed and JSON path; the exit status is 1
when there is any. With --keep DIR the datasets of disagreeing seeds are kept in DIR/SEED.
"""
import argparse
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True  # leave no __pycache__ in the source tree

import random_dataset  # noqa: E402
import reference_analyze  # noqa: E402

REL_TOL = 1e-9
EXACT = False  # --exact: numbers must be equal (same double), to check the summation order


def is_number(x):
    return isinstance(x, (int, float)) and not isinstance(x, bool)


def compare(a, b, path, out):
    """Append (path, kexie value, reference value) for each difference of a (kexie) and b (reference)."""
    if is_number(a) and is_number(b):
        if EXACT:
            if a != b:
                out.append((path, a, b))
        elif not math.isclose(a, b, rel_tol=REL_TOL, abs_tol=0.0) and not (a == 0 and b == 0):
            out.append((path, a, b))
        return
    if type(a) is not type(b):
        out.append((path, a, b))
        return
    if isinstance(a, dict):
        ka, kb = list(a.keys()), list(b.keys())
        for k in kb:
            if k not in a:
                out.append((path + '.' + k, '<missing>', b[k]))
        for k in ka:
            if k not in b:
                out.append((path + '.' + k, a[k], '<missing>'))
        common_a = [k for k in ka if k in b]
        common_b = [k for k in kb if k in a]
        if common_a != common_b:
            out.append((path + ' (key order)', common_a, common_b))
        for k in common_b:
            compare(a[k], b[k], path + '.' + k, out)
        return
    if isinstance(a, list):
        if len(a) != len(b):
            out.append((path + ' (length %d vs %d)' % (len(a), len(b)), a, b))
            # still compare the common prefix, to point at the first differing element
        for i in range(min(len(a), len(b))):
            before = len(out)
            compare(a[i], b[i], '%s[%d]' % (path, i), out)
            if len(a) != len(b) and len(out) > before:
                break
        return
    if a != b:
        out.append((path, a, b))


def short(v, limit=300):
    s = json.dumps(v, ensure_ascii=False)
    return s if len(s) <= limit else s[:limit] + '…'


def run_kexie(kexie, ds, tries=120):
    """Run `kexie analyze ds`; while the binary is missing or being rebuilt
    (ENOENT / ETXTBSY), wait and retry."""
    for attempt in range(tries):
        try:
            return subprocess.run([kexie, 'analyze', ds], capture_output=True, text=True)
        except OSError as e:
            if attempt == tries - 1:
                raise
            print('(kexie not runnable: %s; retrying in 5 s)' % e, file=sys.stderr)
            time.sleep(5)


def run_seed(seed, kexie, keep):
    tmp = tempfile.mkdtemp(prefix='kexie-diff-')
    ds = os.path.join(tmp, 'ds%d' % seed)
    diffs = []
    try:
        random_dataset.Gen(seed).build(ds)
        proc = run_kexie(kexie, ds)
        if proc.returncode != 0:
            diffs.append(('<kexie exit %d>' % proc.returncode, proc.stderr.strip()[-2000:], ''))
        else:
            try:
                got = json.loads(proc.stdout)
            except ValueError as e:
                diffs.append(('<kexie output is not JSON>', str(e), ''))
                got = None
            try:
                want = json.loads(json.dumps(reference_analyze.analyze(ds)))
            except Exception as e:  # a reference crash is a difference too
                diffs.append(('<reference crashed>', repr(e), ''))
                want = None
            if got is not None and want is not None:
                compare(got, want, '$', diffs)
        if diffs and keep:
            dest = os.path.join(keep, str(seed))
            shutil.rmtree(dest, ignore_errors=True)
            shutil.copytree(ds, dest)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return diffs


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--seeds', type=int, default=200)
    ap.add_argument('--start', type=int, default=0)
    ap.add_argument('--kexie', default='/work/main/.build/debug/kexie')
    ap.add_argument('--keep', help='copy the datasets of disagreeing seeds into this folder')
    ap.add_argument('--max-diffs', type=int, default=20, help='differences printed per seed')
    ap.add_argument('--quiet', action='store_true', help='only the summary line per failing seed')
    ap.add_argument('--exact', action='store_true',
                    help='compare numbers exactly instead of with relative tolerance 1e-9 '
                         '(checks that sums are added in the contract order)')
    args = ap.parse_args()
    global EXACT
    EXACT = args.exact
    failing = []
    for seed in range(args.start, args.start + args.seeds):
        diffs = run_seed(seed, args.kexie, args.keep)
        if diffs:
            failing.append(seed)
            print('seed %d: %d difference(s)' % (seed, len(diffs)))
            if not args.quiet:
                for path, a, b in diffs[:args.max_diffs]:
                    print('  seed %d %s\n    kexie:     %s\n    reference: %s' % (seed, path, short(a), short(b)))
                if len(diffs) > args.max_diffs:
                    print('  … %d more' % (len(diffs) - args.max_diffs))
    n = args.seeds
    print('%d of %d seeds agree (%d-%d)%s' % (n - len(failing), n, args.start, args.start + n - 1,
                                            '' if not failing else '; failing: ' + ' '.join(map(str, failing))))
    return 1 if failing else 0


if __name__ == '__main__':
    sys.exit(main())

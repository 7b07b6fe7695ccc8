#!/usr/bin/env python3
"""Independent reference implementation of the kexie analyses contract (schema 1).

    python3 reference_analyze.py DATASET_DIR [--as-of YYYY-MM-DD]

prints the `kexie analyze` JSON document (schema 1) for a dataset folder, following
/work/shared/spec/dataset.md and analyses.md plus the readings listed in the oracle README.
Standard library + PyYAML only. It assumes the dataset is valid (it does not validate).
"""
import argparse
import calendar
import csv
import datetime
import gzip
import io
import json
import os
import sys
import unicodedata

import yaml

LEVELS = ['country', 'province', 'city', 'district', 'township', 'village']
LEVEL_RANK = {l: i for i, l in enumerate(LEVELS)}
COMMITTEE_ROLES = ['chair', 'vice_chair', 'part_time_vice_chair', 'seconded_vice_chair',
                   'standing_committee', 'committee']
ALL_ROLES = COMMITTEE_ROLES + ['staff', 'representative', 'member', 'volunteer']
STANDARD_SECTORS = ['health', 'education', 'agriculture', 'science', 'economy', 'other']
NAME_ENDINGS = [('街道', 'street'), ('镇', 'town'), ('乡', 'township'), ('苏木', 'township'),
                ('社区', 'community'), ('居委会', 'community'), ('村委会', 'village'), ('村', 'village')]
# trimmed around cells: space, tab, no-break space, ideographic space, and line breaks at the
# edges of a quoted cell (kexie trims those too; the contract only says "spaces")
BLANKS = ' \t\u00a0\u3000\r\n'

DEFAULT_SECTORS = {}
for _sector, _cats in [
        ('health', ['hospital_director', 'health_center_director', 'clinic_director', 'medical_worker']),
        ('education', ['school_principal', 'primary_school_principal', 'teacher']),
        ('agriculture', ['planting_center_director', 'agri_station_head', 'agri_technician']),
        ('science', ['research_institute_head', 'researcher', 'popularization_leader',
                     'popularization_volunteer', 'popularization_informant']),
        ('economy', ['tech_enterprise_head', 'high_skill_talent', 'engineer'])]:
    for _c in _cats:
        DEFAULT_SECTORS[_c] = _sector

DEFAULT_RULES = {
    'coverage': {
        'levels': ['district', 'township', 'village'],
        'counts': {'district': ['association'], 'township': ['association'],
                   'village': ['association', 'popularization_org']},
        'exclude_kinds': ['township_like', 'community_like', 'village_like'],
    },
    'key_persons': {
        'district': ['hospital_director', 'school_principal', 'planting_center_director',
                     'research_institute_head', 'tech_enterprise_head', 'high_skill_talent'],
        'township': ['health_center_director', 'school_principal', 'agri_station_head',
                     'tech_enterprise_head', 'social_service_center_director'],
        'township/street': ['health_center_director', 'school_principal', 'tech_enterprise_head',
                            'social_service_center_director'],
        'village': ['clinic_director', 'primary_school_principal', 'village_official',
                    'popularization_leader', 'agri_technician'],
        'village/community': ['clinic_director', 'primary_school_principal', 'village_official',
                              'popularization_leader'],
    },
    'counting_roles': {
        'district': list(COMMITTEE_ROLES),
        'township': list(COMMITTEE_ROLES),
        'village': list(ALL_ROLES),
    },
    'sectors': dict(DEFAULT_SECTORS),
    'role_weights': {'chair': 1.0, 'vice_chair': 1.0, 'part_time_vice_chair': 0.8,
                     'seconded_vice_chair': 0.6, 'standing_committee': 0.5, 'committee': 0.4,
                     'staff': 0.6, 'representative': 0.2, 'member': 0.1, 'volunteer': 0.1},
    'link_weights': {'pairs_with': 0.5, 'cooperates': 0.3, 'group_member': 0.3,
                     'federation_member': 0.5},
    'rural_tech': {'required_kinds': ['town', 'township']},
    'societies': {'district': ['medicine', 'engineering', 'agriculture']},
    'institutions': {'university': 'university_association', 'park': 'park_association',
                     'enterprise': 'enterprise_association'},
    'seconded_term_years': 2,
    'expiry_warning_days': 90,
    'overload_threshold': 3,
    'targets': [],
}


# ---------------------------------------------------------------- input

def parse_date(text):
    if text is None:
        return None
    s = str(text).strip(BLANKS)
    if not s:
        return None
    parts = s.split('-')
    if len(parts) == 3:
        return datetime.date(int(parts[0]), int(parts[1]), int(parts[2]))
    if len(parts) == 2:
        return datetime.date(int(parts[0]), int(parts[1]), 1)
    if len(parts) == 1:
        return datetime.date(int(parts[0]), 1, 1)
    raise ValueError('bad date %r' % text)


def read_bytes(folder, name):
    plain = os.path.join(folder, name + '.csv')
    packed = os.path.join(folder, name + '.csv.gz')
    if os.path.exists(plain):
        with open(plain, 'rb') as f:
            return f.read()
    if os.path.exists(packed):
        with gzip.open(packed, 'rb') as f:
            return f.read()
    return None


def decode(data):
    if data.startswith(b'\xef\xbb\xbf'):
        data = data[3:]
    try:
        return data.decode('utf-8')
    except UnicodeDecodeError:
        return data.decode('gb18030')


def read_table(folder, name):
    """Rows as dicts (header names trimmed, cells trimmed, empty cell -> None).
    Rows whose cells are all empty are skipped (before row numbering)."""
    data = read_bytes(folder, name)
    if data is None:
        return []
    text = decode(data)
    rows = list(csv.reader(io.StringIO(text, newline='')))
    rows = [r for r in rows if any(c.strip(BLANKS) for c in r)]
    if not rows:
        return []
    header = [nfkc(h) for h in rows[0]]
    out = []
    for row in rows[1:]:
        d = {}
        for h, c in zip(header, row):
            # Names and attributes are display text, kept as written (kexie's reading).
            c = c.strip(BLANKS) if h in KEPT_AS_WRITTEN or h not in CONTRACT_COLUMNS else nfkc(c)
            d[h] = c if c else None
        out.append(d)
    return out


KEPT_AS_WRITTEN = {'name', 'workplace'}
CONTRACT_COLUMNS = {'id', 'name', 'level', 'parent', 'kind', 'type', 'region', 'institution', 'discipline', 'founded',
                    'dissolved', 'category', 'sector', 'workplace', 'person', 'organization', 'role', 'start', 'end',
                    'from', 'to', 'weight'}


def nfkc(cell):
    """A cell or header name as the contract (version 2) compares it: trimmed, in Unicode NFKC,
    trimmed again (NFKC makes some characters spaces)."""
    return unicodedata.normalize('NFKC', cell.strip(BLANKS)).strip(BLANKS)


def load_yaml(path):
    """YAML with every scalar read as text (so ids written as numbers keep their text)."""
    if not os.path.exists(path):
        return None
    with open(path, 'rb') as f:
        return yaml.load(decode(f.read()), Loader=yaml.BaseLoader)


def merge(base, over):
    if isinstance(base, dict) and isinstance(over, dict):
        out = dict(base)
        for k, v in over.items():
            out[k] = merge(base[k], v) if k in base else v
        return out
    return over


def normalize_sectors(value):
    """`sectors` is CATEGORY: SECTOR; the inverse SECTOR: [CATEGORY, ...] is accepted too."""
    if not isinstance(value, dict):
        return value
    out = {}
    for k, v in value.items():
        if isinstance(v, list):
            for c in v:
                out[c] = k
        else:
            out[k] = v
    return out


def typed_rules(r):
    r['role_weights'] = {k: float(v) for k, v in r['role_weights'].items()}
    r['link_weights'] = {k: float(v) for k, v in r['link_weights'].items()}
    for k in ('seconded_term_years', 'expiry_warning_days', 'overload_threshold'):
        r[k] = int(r[k])
    targets = []
    for t in r.get('targets') or []:
        t = dict(t)
        if 'min_rate' in t:
            t['min_rate'] = float(t['min_rate'])
        if 'min_covered' in t:
            t['min_covered'] = int(t['min_covered'])
        targets.append(t)
    r['targets'] = targets
    return r


def load_rules(folder, extra_files=()):
    rules = DEFAULT_RULES
    for path in [os.path.join(folder, 'rules.yaml')] + list(extra_files):
        doc = load_yaml(path)
        if isinstance(doc, dict):
            if 'sectors' in doc:
                doc = dict(doc)
                doc['sectors'] = normalize_sectors(doc['sectors'])
            rules = merge(rules, doc)
    return typed_rules(merge({}, rules))


def utf8(s):
    return s.encode('utf-8')


class _Far:
    """A date after 9999-12-31 (a seconded term running past the last writable date): later
    than every date, never shown (it cannot be within an expiry window of a writable D)."""
    def __gt__(self, other):
        return True

    def __ge__(self, other):
        return True

    def __lt__(self, other):
        return False

    def __le__(self, other):
        return False


FAR = _Far()


def add_years(d, n):
    y = d.year + n
    if y > 9999:
        return FAR
    if d.month == 2 and d.day == 29 and not calendar.isleap(y):
        return datetime.date(y, 2, 28)
    return d.replace(year=y)


# ---------------------------------------------------------------- analysis

def analyze(folder, as_of=None, rule_files=()):
    meta = load_yaml(os.path.join(folder, 'dataset.yaml')) or {}
    rules = load_rules(folder, rule_files)
    if as_of is not None:
        D = parse_date(as_of)
    elif meta.get('as_of'):
        D = parse_date(meta['as_of'])
    else:
        D = datetime.date.today()
    name = meta.get('name') or os.path.basename(os.path.abspath(folder))

    regions = read_table(folder, 'regions')
    orgs = read_table(folder, 'organizations')
    persons = read_table(folder, 'persons')
    positions = read_table(folder, 'positions')
    links = read_table(folder, 'links')
    insts = read_table(folder, 'institutions')

    # ---- frame
    R = {}
    children = {}
    for r in regions:
        if not r.get('kind'):
            kind = 'other'
            for ending, k in NAME_ENDINGS:
                if (r.get('name') or '').endswith(ending):
                    kind = k
                    break
            r['kind'] = kind
        R[r['id']] = r
    for r in regions:
        children.setdefault(r.get('parent'), []).append(r['id'])

    subtree_cache = {}

    def subtree(rid):
        if rid not in subtree_cache:
            out = {rid}
            stack = [rid]
            while stack:
                x = stack.pop()
                for c in children.get(x, []):
                    out.add(c)
                    stack.append(c)
            subtree_cache[rid] = out
        return subtree_cache[rid]

    def district_of(rid):
        x = rid
        while x is not None:
            if R[x]['level'] == 'district':
                return x
            x = R[x].get('parent')
        return None

    def region_level(rid):
        return R[rid]['level'] if rid in R else None

    # ---- organizations, persons
    O = {o['id']: o for o in orgs}
    P = {p['id']: p for p in persons}
    I = {i['id']: i for i in insts}

    def org_active(o, d):
        f = parse_date(o.get('founded'))
        x = parse_date(o.get('dissolved'))
        return (f is None or f <= d) and (x is None or x > d)

    active = {oid for oid, o in O.items() if org_active(o, D)}
    active_sorted = sorted(active, key=utf8)

    def is_root(oid):
        o = O[oid]
        return (oid in active and o['type'] == 'association' and o.get('region') in R
                and not R[o['region']].get('parent'))

    term_years = rules['seconded_term_years']

    def effective_end(pos):
        e = parse_date(pos.get('end'))
        s = parse_date(pos.get('start'))
        if e is None and pos['role'] == 'seconded_vice_chair' and s is not None:
            e = add_years(s, term_years)
        return e

    def pos_active(pos, d):
        if pos.get('person') not in P or pos.get('organization') not in O:
            return False
        if not org_active(O[pos['organization']], d):
            return False
        s = parse_date(pos.get('start'))
        e = effective_end(pos)
        return (s is None or s <= d) and (e is None or e > d)

    active_positions = [p for p in positions if pos_active(p, D)]
    pos_by_org = {}
    pos_by_person = {}
    for p in active_positions:
        pos_by_org.setdefault(p['organization'], []).append(p)
        pos_by_person.setdefault(p['person'], []).append(p)

    cat2sec = rules['sectors']

    def sector_of(person):
        return person.get('sector') or cat2sec.get(person.get('category'), 'other')

    cov_levels = list(rules['coverage']['levels'])
    excluded = set(rules['coverage']['exclude_kinds'])
    counts = rules['coverage'].get('counts') or {}

    def counting_types(level):
        return counts.get(level, ['association'])

    orgs_by_region = {}
    for o in orgs:
        orgs_by_region.setdefault(o.get('region'), []).append(o)

    def covered(rid, d):
        types = counting_types(R[rid]['level'])
        return any(o['type'] in types and org_active(o, d) for o in orgs_by_region.get(rid, []))

    def counted(r):
        return r['level'] in cov_levels and r['kind'] not in excluded

    def rate(c, t):
        return None if t == 0 else c / t

    def level_stats(region_ids):
        out = {}
        for lvl in cov_levels:
            rs = [x for x in region_ids if R[x]['level'] == lvl and R[x]['kind'] not in excluded]
            c = sum(1 for x in rs if covered(x, D))
            out[lvl] = {'total': len(rs), 'covered': c, 'rate': rate(c, len(rs))}
        return out

    all_region_ids = [r['id'] for r in regions]
    coverage = {'levels': level_stats(all_region_ids)}
    districts = []
    for r in sorted((r for r in regions if r['level'] == 'district'), key=lambda r: utf8(r['id'])):
        entry = {'id': r['id'], 'name': r['name']}
        entry.update(level_stats(subtree(r['id'])))
        districts.append(entry)
    coverage['districts'] = districts

    blank = []
    for r in regions:
        if counted(r) and not covered(r['id'], D):
            par = r.get('parent')
            if par is None:
                frontier = True
            else:
                frontier = covered(par, D) or R[par]['level'] not in cov_levels
            blank.append({'id': r['id'], 'name': r['name'], 'level': r['level'], 'kind': r['kind'],
                          'district': district_of(r['id']), 'frontier': frontier})
    coverage['blank_spots'] = sorted(blank, key=lambda b: utf8(b['id']))

    def counting_roles(oid):
        lvl = region_level(O[oid].get('region'))
        if lvl is None:
            return COMMITTEE_ROLES
        return rules['counting_roles'].get(lvl, COMMITTEE_ROLES)

    kp = rules['key_persons']
    gaps = []
    for oid in active_sorted:
        o = O[oid]
        if o['type'] != 'association' or o.get('region') not in R:
            continue
        r = R[o['region']]
        required = kp.get(r['level'] + '/' + r['kind'])
        if required is None:
            required = kp.get(r['level'])
        if required is None:
            continue
        roles = counting_roles(oid)
        present = {P[p['person']].get('category') for p in pos_by_org.get(oid, []) if p['role'] in roles}
        missing = [c for c in required if c not in present]
        if missing:
            gaps.append({'organization': oid, 'missing': missing})
    coverage['key_person_gaps'] = gaps

    rural = []
    if 'township' in cov_levels:
        required_kinds = rules['rural_tech']['required_kinds']
        served = set()  # regions that are, or are an ancestor of, an active RTA's region
        for o in active:
            x = O[o].get('region') if O[o]['type'] == 'rural_tech_association' else None
            while x is not None and x in R and x not in served:
                served.add(x)
                x = R[x].get('parent')
        for r in regions:
            if r['level'] == 'township' and r['kind'] in required_kinds and r['kind'] not in excluded:
                if r['id'] not in served:
                    rural.append(r['id'])
    coverage['rural_tech_gaps'] = sorted(rural, key=utf8)

    soc = []
    for r in sorted((r for r in regions if r['level'] == 'district'), key=lambda r: utf8(r['id'])):
        have = {O[o].get('discipline') for o in active
                if O[o]['type'] == 'society' and O[o].get('region') == r['id']}
        missing = [d for d in rules['societies']['district'] if d not in have]
        if missing:
            soc.append({'district': r['id'], 'missing': missing})
    coverage['society_gaps'] = soc

    inst_gaps = []
    for i in sorted(insts, key=lambda i: utf8(i['id'])):
        t = rules['institutions'].get(i['kind'])
        if t and not any(O[o]['type'] == t and O[o].get('institution') == i['id'] for o in active):
            inst_gaps.append({'institution': i['id'], 'expected': t})
    coverage['institution_gaps'] = inst_gaps

    targets = []
    for t in rules['targets']:
        due = parse_date(t['due'])
        E = min(due, D)
        if t.get('scope') is not None:
            units = [nfkc(str(u)) for u in t['scope']]
        else:
            units = [r['id'] for r in regions if r['level'] == t['per']]
        exc = {nfkc(str(u)) for u in (t.get('except') or [])}
        units = sorted({u for u in units if u not in exc}, key=utf8)
        for u in units:
            st = subtree(u)
            rs = [x for x in st if R[x]['level'] == t['level'] and R[x]['kind'] not in excluded]
            c = sum(1 for x in rs if covered(x, E))
            n = len(rs)
            ok = True
            if 'min_rate' in t:
                ok = ok and (n == 0 or c / n >= t['min_rate'])
            if 'min_covered' in t:
                ok = ok and c >= t['min_covered']
            status = 'met' if ok else ('missed' if D >= due else 'pending')
            targets.append({'name': t.get('name'), 'unit': u, 'due': due.isoformat(),
                            'evaluated_at': E.isoformat(), 'covered': c, 'total': n,
                            'rate': rate(c, n), 'status': status})
    coverage['targets'] = targets

    # ---- orphans
    on_cycle = set()
    for oid in O:
        seen = set()
        x = oid
        while x is not None and x in O and x not in seen:
            seen.add(x)
            x = O[x].get('parent')
        if x == oid:
            on_cycle.add(oid)

    base = {}
    for oid in active:
        if is_root(oid):
            continue
        par = O[oid].get('parent')
        if oid in on_cycle:
            base[oid] = 'cycle'
        elif par is None:
            base[oid] = 'no_parent'
        elif par not in O:
            base[oid] = 'unknown_parent'
        elif par not in active:
            base[oid] = 'inactive_parent'

    orphans = []
    for oid in active:
        if is_root(oid):
            continue
        if oid in base:
            orphans.append({'kind': 'organization', 'id': oid, 'reason': base[oid]})
            continue
        x = O[oid].get('parent')
        seen = {oid}
        while x is not None and x in O and x in active and x not in seen:
            if is_root(x):
                break
            if x in base:
                orphans.append({'kind': 'organization', 'id': oid, 'reason': 'under_orphan', 'via': x})
                break
            seen.add(x)
            x = O[x].get('parent')
    for oid in active:
        o = O[oid]
        if o.get('region') not in R:
            orphans.append({'kind': 'organization', 'id': oid, 'reason': 'unknown_region'})
        par = o.get('parent')
        if (par in active and o.get('region') in R and O[par].get('region') in R
                and o['region'] not in subtree(O[par]['region'])):
            orphans.append({'kind': 'organization', 'id': oid, 'reason': 'misplaced'})
        if not pos_by_org.get(oid):
            orphans.append({'kind': 'organization', 'id': oid, 'reason': 'empty'})
        if o.get('institution') and o['institution'] not in I:
            orphans.append({'kind': 'organization', 'id': oid, 'reason': 'unknown_institution'})
    for pid in P:
        if not pos_by_person.get(pid):
            orphans.append({'kind': 'person', 'id': pid, 'reason': 'unaffiliated'})
    for n, p in enumerate(positions, 1):
        if p.get('person') not in P or p.get('organization') not in O:
            orphans.append({'kind': 'position', 'id': str(n), 'reason': 'dangling_position'})
    for n, l in enumerate(links, 1):
        if l.get('from') not in O or l.get('to') not in O:
            orphans.append({'kind': 'link', 'id': str(n), 'reason': 'dangling_link'})
    orphans.sort(key=lambda x: (utf8(x['kind']), utf8(x['reason']), utf8(x['id'])))

    # ---- linkage
    rw = rules['role_weights']
    lw = rules['link_weights']
    tie = {}  # person -> {org: tie}
    for p in active_positions:
        d = tie.setdefault(p['person'], {})
        w = rw[p['role']]
        if p['organization'] not in d or w > d[p['organization']]:
            d[p['organization']] = w
    person_order = [p['id'] for p in persons]

    # sector key order: standard six, then given sectors in person-row order, then derived ones
    sector_order = list(STANDARD_SECTORS)
    for p in persons:
        if p.get('sector') and p['sector'] not in sector_order:
            sector_order.append(p['sector'])
    for p in persons:
        s = sector_of(p)
        if s not in sector_order:
            sector_order.append(s)

    strength = {o: 0.0 for o in active_sorted}
    sector_sum = {o: {} for o in active_sorted}
    sector_people = {o: {} for o in active_sorted}
    pair_sum = {}
    for pid in person_order:
        ties = tie.get(pid, {})
        orgs_of = list(ties.keys())
        sec = sector_of(P[pid])
        for oid in orgs_of:
            t = ties[oid]
            strength[oid] += t
            if t != 0:
                sector_sum[oid][sec] = sector_sum[oid].get(sec, 0.0) + t
            if t > 0:
                sector_people[oid].setdefault(sec, []).append(pid)
        for i, a in enumerate(orgs_of):
            for b in orgs_of[i + 1:]:
                m = min(ties[a], ties[b])
                key = (a, b) if utf8(a) < utf8(b) else (b, a)
                pair_sum[key] = pair_sum.get(key, 0.0) + m

    def link_active(l):
        if l.get('from') not in active or l.get('to') not in active:
            return False
        s = parse_date(l.get('start'))
        e = parse_date(l.get('end'))
        return (s is None or s <= D) and (e is None or e > D)

    for l in links:
        if not link_active(l) or l['from'] == l['to']:
            continue
        a, b = l['from'], l['to']
        key = (a, b) if utf8(a) < utf8(b) else (b, a)
        w = float(l['weight']) if l.get('weight') else lw[l['kind']]
        pair_sum[key] = pair_sum.get(key, 0.0) + w

    def link(a, b):
        key = (a, b) if utf8(a) < utf8(b) else (b, a)
        return pair_sum.get(key, 0.0)

    vertical = {}
    org_entries = []
    for oid in active_sorted:
        secs = {s: sector_sum[oid][s] for s in sector_order
                if s in sector_sum[oid] and sector_sum[oid][s] != 0}
        par = O[oid].get('parent')
        v = link(oid, par) if (par in active and par != oid) else None
        vertical[oid] = v
        org_entries.append({'id': oid, 'strength': strength[oid], 'sectors': secs, 'vertical': v})

    pairs = [{'a': a, 'b': b, 'strength': s}
             for (a, b), s in sorted(pair_sum.items(), key=lambda kv: (utf8(kv[0][0]), utf8(kv[0][1])))
             if s > 0]
    weak = [o for o in active_sorted if vertical[o] is not None and vertical[o] == 0]

    singles = []
    for oid in active_sorted:
        for s in sorted(sector_people[oid], key=utf8):
            if len(sector_people[oid][s]) == 1:
                singles.append({'organization': oid, 'sector': s, 'person': sector_people[oid][s][0]})

    overloaded = []
    for pid in sorted(P, key=utf8):
        posts = {p['organization'] for p in pos_by_person.get(pid, [])
                 if p['role'] in counting_roles(p['organization'])}
        if len(posts) > rules['overload_threshold']:
            overloaded.append({'person': pid, 'posts': len(posts)})

    try:
        limit = D + datetime.timedelta(days=rules['expiry_warning_days'])
    except OverflowError:
        limit = datetime.date.max
    expiring = []
    for p in active_positions:
        e = effective_end(p)
        if e is not None and e is not FAR and D < e <= limit:
            expiring.append({'person': p['person'], 'organization': p['organization'],
                             'role': p['role'], 'end': e.isoformat()})
    expiring.sort(key=lambda x: (x['end'], utf8(x['person']), utf8(x['organization'])))

    adj = {o: set() for o in active_sorted}
    for oid in active_sorted:
        par = O[oid].get('parent')
        if par in active and par != oid:
            adj[oid].add(par)
            adj[par].add(oid)
    for pr in pairs:
        adj[pr['a']].add(pr['b'])
        adj[pr['b']].add(pr['a'])
    seen = set()
    islands = []
    for oid in active_sorted:
        if oid in seen:
            continue
        comp = []
        stack = [oid]
        seen.add(oid)
        while stack:
            x = stack.pop()
            comp.append(x)
            for y in adj[x]:
                if y not in seen:
                    seen.add(y)
                    stack.append(y)
        if not any(is_root(x) for x in comp):
            islands.append(sorted(comp, key=utf8))
    islands.sort(key=lambda c: utf8(c[0]))

    return {
        'schema': 1,
        'dataset': name,
        'as_of': D.isoformat(),
        'summary': {'regions': len(regions), 'organizations': len(orgs),
                    'active_organizations': len(active), 'persons': len(persons),
                    'positions': len(positions), 'active_positions': len(active_positions),
                    'links': len(links)},
        'coverage': coverage,
        'orphans': orphans,
        'linkage': {'organizations': org_entries, 'pairs': pairs, 'weak_attachments': weak,
                    'single_points': singles, 'overloaded': overloaded, 'expiring': expiring,
                    'islands': islands},
    }


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('dataset')
    ap.add_argument('--as-of')
    ap.add_argument('--rules', action='append', default=[])
    args = ap.parse_args(argv)
    doc = analyze(args.dataset, args.as_of, args.rules)
    sys.stdout.write(json.dumps(doc, indent=2, ensure_ascii=False) + '\n')


if __name__ == '__main__':
    main()

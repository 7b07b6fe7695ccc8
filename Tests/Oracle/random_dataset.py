#!/usr/bin/env python3
"""Write a small random, valid but deliberately messy kexie dataset.

    python3 random_dataset.py SEED OUT_DIR

The dataset follows /work/shared/spec/dataset.md (valid enums, unique ids, valid dates, the
frame a proper tree) and is built to hit the corners the analyses care about: excluded and
inferred kinds, several top units, organizations dissolved / not yet founded / founded or
dissolved exactly on as_of, parent loops of length 1-3, empty / unknown / inactive /
misplaced parents, unknown and empty regions and institutions, duplicate and dangling
positions, seconded terms without an end (29 February starts), links in both directions, self
links, dangling links, rule overrides (weights, counting roles, coverage levels/counts/exclusions,
key persons, sectors beyond the standard six, thresholds, term years) and 1-3 targets. Ids come
in several styles (codes, mixed case, bare numbers shared across tables, CJK / compatibility
ideographs / combining marks / non-BMP characters, to check byte-order sorting). Tables vary in
encoding (UTF-8 with or without BOM, GB18030, gzip), line ends (LF, CRLF, CR), quoting, column
order, extra columns, padding (space, tab, U+00A0, U+3000) and blank rows.
The same SEED always gives the same dataset.
"""
import datetime
import gzip
import io
import os
import random
import sys
import unicodedata

ROLES = ['chair', 'vice_chair', 'part_time_vice_chair', 'seconded_vice_chair', 'standing_committee',
         'committee', 'staff', 'representative', 'member', 'volunteer']
ORG_TYPES = ['association', 'society', 'rural_tech_association', 'rural_tech_federation',
             'enterprise_association', 'park_association', 'university_association',
             'popularization_org', 'social_org', 'other']
LINK_KINDS = ['pairs_with', 'cooperates', 'group_member', 'federation_member']
INST_KINDS = ['university', 'park', 'enterprise', 'hospital', 'school', 'research_institute',
              'agri_station', 'other']
CATEGORIES = ['hospital_director', 'school_principal', 'planting_center_director',
              'research_institute_head', 'tech_enterprise_head', 'high_skill_talent',
              'health_center_director', 'agri_station_head', 'social_service_center_director',
              'clinic_director', 'primary_school_principal', 'village_official',
              'popularization_leader', 'popularization_volunteer', 'popularization_informant',
              'agri_technician', 'teacher', 'medical_worker', 'engineer', 'researcher', 'official',
              'other']
ODD_CATEGORIES = ['farmer', 'hospital_directer', 'manager', 'retired_cadre']
SECTORS = ['health', 'education', 'agriculture', 'science', 'economy', 'other']
DISCIPLINES = ['medicine', 'engineering', 'agriculture', 'basic_science', 'ecology']
SURNAMES = '张李王赵陈刘杨黄周吴徐孙朱马胡郭林何高罗'
GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂'
PLACE = '东西南北青柳松石荷花河湖山林桥新安宁丰和'

TOWNSHIP_KINDS = ['street', 'town', 'township', 'township_like', 'other']
VILLAGE_KINDS = ['community', 'village', 'community_like', 'village_like', 'other']


class Gen:
    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.seed = seed

    # ------------------------------------------------------------ helpers
    def chance(self, p):
        return self.rng.random() < p

    def place(self, n=2):
        return ''.join(self.rng.choice(PLACE) for _ in range(n))

    def day(self, lo, hi):
        span = (hi - lo).days
        return lo + datetime.timedelta(days=self.rng.randint(0, max(span, 0)))

    def fmt_date(self, d):
        if d is None:
            return ''
        r = self.rng.random()
        if r < 0.05 and d.day == 1 and d.month == 1:
            return '%04d' % d.year
        if r < 0.1 and d.day == 1:
            return '%04d-%02d' % (d.year, d.month)
        return d.isoformat()

    def around_asof(self, before_years=30, after_years=3):
        """A date somewhere around as_of, with extra weight on as_of itself and its neighbours."""
        D = self.as_of
        r = self.rng.random()
        if r < 0.08:
            return D
        if r < 0.12:
            return D + datetime.timedelta(days=self.rng.choice([-1, 1]))
        if r < 0.18:
            return D + datetime.timedelta(days=self.rng.randint(1, 120))
        return self.day(D - datetime.timedelta(days=365 * before_years),
                        D + datetime.timedelta(days=365 * after_years))

    # ------------------------------------------------------------ ids
    def make_id_maker(self, prefix):
        style = self.id_style
        counter = [0]
        # 'clash': every table numbers its ids 1, 2, 3 … on its own, so an organization, a
        # region, a person and an institution can share an id (they are different things)
        used = set() if style == 'clash' else self.used_ids

        def make(hint):
            while True:
                counter[0] += 1
                n = counter[0]
                if style == 'code':
                    cand = '%s%d' % (prefix, n)
                elif style == 'clash':
                    cand = '%d' % n
                elif style == 'mixed':
                    cand = self.rng.choice([
                        '%s%d' % (prefix, n), '%s%d' % (prefix.lower(), n),
                        '%s-%s' % (hint, n), '%d' % (n * 7 % 100 + len(prefix) * 100),
                        '%s_%d' % (prefix, n)])
                elif style == 'unicode':
                    # byte order vs. other orders: CJK, a compatibility ideograph (U+F900, which
                    # NFC maps to U+8C48), a decomposed and a precomposed e-acute, full-width
                    # digits, a character outside the BMP, upper and lower case
                    cand = self.rng.choice(['科', '豈', '\uF900', '\u8C49', 'e\u0301', '\u00e9', 'E',
                                            'e', '\uFF11', '\U00020000', 'a', 'Z', '_', '~']) + \
                        self.rng.choice(['', prefix, hint.lower(), '\uF900', '\u0301']) + \
                        self.rng.choice(['%d' % n, '%02d' % n, '', '\uFF10'])
                else:
                    cand = '%s-%s' % (prefix, hint) if n == 1 else '%s-%s%d' % (prefix, hint, n)
                # Ids are compared in Unicode NFKC (contract version 2): unique in that form.
                if unicodedata.normalize('NFKC', cand) not in used:
                    used.add(unicodedata.normalize('NFKC', cand))
                    return cand
        return make

    # ------------------------------------------------------------ frame
    def frame(self):
        rng = self.rng
        regions = []  # dicts: id, name, level, parent, kind(cell), ekind (effective)
        mode = rng.choice(['city', 'city', 'city', 'district', 'district', 'two', 'two', 'province'])
        code = [0]

        def rid(level, hint):
            if self.region_style == 'code':
                code[0] += 1
                base = {'province': 110000000000, 'city': 120000000000, 'district': 120100000000, 'township': 120101000000,
                        'village': 120101001000}[level]
                while True:
                    cand = str(base + code[0] * 1001 + rng.randint(0, 9))
                    if cand not in self.used_ids:
                        self.used_ids.add(cand)
                        return cand
            else:
                return self.region_ids(hint)

        def add(level, parent, name, kind_cell, ekind):
            r = {'id': rid(level, level[0].upper()), 'name': name, 'level': level,
                 'parent': parent['id'] if parent else '', 'kind': kind_cell, 'ekind': ekind}
            regions.append(r)
            return r

        def township_under(parent):
            kind = rng.choice(TOWNSHIP_KINDS)
            base = self.place()
            names = {'street': [('街道', 'street')], 'town': [('镇', 'town')],
                     'township': [('乡', 'township'), ('苏木', 'township')],
                     'township_like': [('经济开发区', 'other'), ('农场', 'other'), ('工业园', 'other')],
                     'other': [('管委会', 'other'), ('办事处', 'other')]}[kind]
            ending, inferred = rng.choice(names)
            name = base + ending
            if rng.random() < 0.3 and inferred == kind:
                cell, ekind = '', kind
            elif rng.random() < 0.08:
                cell, ekind = '', inferred
            else:
                cell, ekind = kind, kind
            return add('township', parent, name, cell, ekind)

        def village_under(parent):
            kind = rng.choice(VILLAGE_KINDS)
            base = self.place()
            names = {'community': [('社区', 'community'), ('居委会', 'community')],
                     'village': [('村', 'village'), ('村委会', 'village')],
                     'community_like': [('园区社区', 'community'), ('新区', 'other')],
                     'village_like': [('林场', 'other'), ('牧场', 'other')],
                     'other': [('居民点', 'other')]}[kind]
            ending, inferred = rng.choice(names)
            name = base + ending
            if rng.random() < 0.3 and inferred == kind:
                cell, ekind = '', kind
            elif rng.random() < 0.08:
                cell, ekind = '', inferred
            else:
                cell, ekind = kind, kind
            return add('village', parent, name, cell, ekind)

        def district_under(parent):
            name = self.place() + rng.choice(['区', '县', '新区'])
            cell = rng.choice(['', '', 'urban', 'county', 'other'])
            d = add('district', parent, name, cell, cell or 'other')
            for _ in range(rng.randint(1, 4)):
                t = township_under(d)
                for _ in range(rng.randint(0, 4)):
                    village_under(t)
            if rng.random() < 0.15:
                village_under(d)  # a village directly under a district
            return d

        def city(parent=None):
            c = add('city', parent, self.place() + '市', rng.choice(['', 'prefecture']),
                    None)
            c['ekind'] = c['kind'] or 'other'
            return c

        if mode == 'city':
            c = city()
            for _ in range(rng.randint(2, 4)):
                district_under(c)
            if rng.random() < 0.15:
                township_under(c)  # a township with no district above it
        elif mode == 'district':
            district_under(None)
        elif mode == 'province':
            pr = add('province', None, self.place() + '省', '', 'other')
            for _ in range(rng.randint(1, 2)):
                c = city(pr)
                for _ in range(rng.randint(1, 2)):
                    district_under(c)
        else:
            if rng.random() < 0.5:
                c = city()
                for _ in range(rng.randint(1, 3)):
                    district_under(c)
                district_under(None)
            else:
                for _ in range(2):
                    c = city()
                    for _ in range(rng.randint(1, 2)):
                        district_under(c)
        self.regions = regions
        self.mode = mode

    # ------------------------------------------------------------ institutions
    def institutions(self):
        rng = self.rng
        out = []
        kinds = list(INST_KINDS)
        rng.shuffle(kinds)
        n = rng.randint(3, 8)
        for i in range(n):
            kind = kinds[i % len(kinds)] if i < len(kinds) else rng.choice(INST_KINDS)
            iid = self.inst_ids(kind[:3])
            region = rng.choice(self.regions)['id'] if rng.random() < 0.8 else ''
            out.append({'id': iid, 'name': self.place() + {'university': '大学', 'park': '科技园',
                        'enterprise': '科技有限公司', 'hospital': '人民医院', 'school': '中学',
                        'research_institute': '研究所', 'agri_station': '农技站',
                        'other': '中心'}[kind], 'kind': kind, 'region': region})
        self.insts = out

    # ------------------------------------------------------------ organizations
    def organizations(self):
        rng = self.rng
        regs = self.regions
        by_id = {r['id']: r for r in regs}

        def ancestors(rid):
            out = []
            x = by_id[rid]['parent']
            while x:
                out.append(x)
                x = by_id[x]['parent']
            return out

        n = rng.randint(20, 80)
        orgs = []

        def dates(structural):
            founded = None
            dissolved = None
            if rng.random() < (0.7 if structural else 0.8):
                founded = self.around_asof(35, 3)
                if structural and founded > self.as_of and rng.random() < 0.6:
                    founded = self.as_of - datetime.timedelta(days=rng.randint(0, 5000))
            if rng.random() < (0.08 if structural else 0.2):
                dissolved = self.around_asof(10, 3)
                if founded and rng.random() < 0.5 and dissolved <= founded:
                    dissolved = founded + datetime.timedelta(days=rng.randint(0, 3000))
            return founded, dissolved

        # structural associations: roots, district, township and village associations
        for r in regs:
            p = {'province': 0.9, 'city': 0.9, 'district': 0.85, 'township': 0.55, 'village': 0.35}[r['level']]
            if not r['parent']:
                p = 0.8
            if rng.random() < p and len(orgs) < n:
                t = 'association'
                if r['level'] == 'village' and rng.random() < 0.35:
                    t = 'popularization_org'
                f, d = dates(True)
                orgs.append({'type': t, 'region': r['id'], 'founded': f, 'dissolved': d,
                             'structural': True})
        while len(orgs) < n:
            t = rng.choice(ORG_TYPES)
            r = rng.random()
            if r < 0.07:
                region = 'X' + str(rng.randint(100, 999))  # not in the frame
            elif r < 0.12:
                region = ''
            else:
                if t == 'society':
                    cand = [x for x in regs if x['level'] == 'district'] or regs
                elif t in ('rural_tech_association', 'rural_tech_federation'):
                    cand = [x for x in regs if x['level'] in ('township', 'village')] or regs
                else:
                    cand = regs
                region = rng.choice(cand)['id']
            f, d = dates(False)
            orgs.append({'type': t, 'region': region, 'founded': f, 'dissolved': d,
                         'structural': False})
        rng.shuffle(orgs)
        for o in orgs:
            hint = {'association': 'A', 'society': 'S', 'rural_tech_association': 'R',
                    'rural_tech_federation': 'RF', 'enterprise_association': 'EA',
                    'park_association': 'PA', 'university_association': 'UA',
                    'popularization_org': 'K', 'social_org': 'SO', 'other': 'X'}[o['type']]
            o['id'] = self.org_ids(hint)
            o['name'] = self.place() + {'association': '科协', 'society': '学会',
                                        'rural_tech_association': '农技协',
                                        'rural_tech_federation': '农技协联合会',
                                        'enterprise_association': '企业科协',
                                        'park_association': '园区科协',
                                        'university_association': '高校科协',
                                        'popularization_org': '科普队', 'social_org': '科技协会',
                                        'other': '专委会'}[o['type']]
        # parents
        assoc_by_region = {}
        for o in orgs:
            if o['type'] == 'association' and o['region'] in by_id:
                assoc_by_region.setdefault(o['region'], []).append(o)
        for o in orgs:
            r = rng.random()
            parent = ''
            if o['region'] in by_id and not by_id[o['region']]['parent'] and o['type'] == 'association':
                # a would-be root: usually no parent, sometimes one anyway
                parent = '' if r < 0.85 else rng.choice(orgs)['id']
            elif r < 0.62:
                # the proper parent: an association of the region itself (for non-associations)
                # or of the nearest ancestor region that has one
                cands = []
                if o['region'] in by_id:
                    chain = ([o['region']] if o['type'] != 'association' else []) + ancestors(o['region'])
                    for x in chain:
                        cands = [a for a in assoc_by_region.get(x, []) if a is not o]
                        if cands:
                            break
                if not cands:
                    cands = [a for a in orgs if a['type'] == 'association' and a is not o] or orgs
                parent = rng.choice(cands)['id']
            elif r < 0.77:
                parent = rng.choice(orgs)['id']  # anything: misplaced, inactive, ...
            elif r < 0.85:
                parent = ''
            elif r < 0.91:
                parent = rng.choice(['S-NJ', 'GONE', 'a-99', '旧科协', '999'])
            elif r < 0.94:
                parent = o['id']
            else:
                parent = rng.choice(orgs)['id']
            o['parent'] = parent
        # parent loops of length 1..3
        for _ in range(rng.choice([0, 1, 1, 2])):
            k = rng.choice([1, 2, 2, 3])
            loop = rng.sample(orgs, min(k, len(orgs)))
            for i, o in enumerate(loop):
                o['parent'] = loop[(i + 1) % len(loop)]['id']
        # institutions
        want = {'university_association': 'university', 'park_association': 'park',
                'enterprise_association': 'enterprise'}
        for o in orgs:
            o['institution'] = ''
            r = rng.random()
            if o['type'] in want:
                match = [i for i in self.insts if i['kind'] == want[o['type']]]
                if match and r < 0.65:
                    o['institution'] = rng.choice(match)['id']
                elif r < 0.8:
                    o['institution'] = rng.choice(['E404', 'U-x', '某公司'])
            elif r < 0.1:
                o['institution'] = rng.choice(self.insts)['id']
            elif r < 0.13:
                o['institution'] = 'NOPE'
            o['discipline'] = ''
            if o['type'] == 'society' and rng.random() < 0.85:
                o['discipline'] = rng.choice(DISCIPLINES)
            elif rng.random() < 0.03:
                o['discipline'] = rng.choice(DISCIPLINES)
        self.orgs = orgs

    # ------------------------------------------------------------ persons
    def persons(self):
        rng = self.rng
        out = []
        for _ in range(rng.randint(20, 60)):
            r = rng.random()
            if r < 0.85:
                cat = rng.choice(CATEGORIES)
            else:
                cat = rng.choice(ODD_CATEGORIES)
            if rng.random() < 0.04:
                cat = ''
            sector = rng.choice(SECTORS + self.extra_sectors) if rng.random() < 0.15 else ''
            region = ''
            if rng.random() < 0.6:
                region = rng.choice(self.regions)['id']
            out.append({'id': self.person_ids('P'), 'name': rng.choice(SURNAMES) + rng.choice(GIVEN)
                        + (rng.choice(GIVEN) if rng.random() < 0.5 else ''),
                        'category': cat, 'sector': sector,
                        'workplace': self.place() + rng.choice(['医院', '中学', '农技站', '公司', '']),
                        'region': region})
        self.people = out

    # ------------------------------------------------------------ positions
    def positions(self):
        rng = self.rng
        D = self.as_of
        rows = []
        orgs = self.orgs
        for p in self.people:
            k = rng.choice([0, 1, 1, 1, 2, 2, 3, 4, 6])
            mine = []
            for _ in range(k):
                again = bool(mine) and rng.random() < 0.15
                o = rng.choice(mine) if again else rng.choice(orgs)
                mine.append(o)
                row = self.position_row(p['id'], o['id'])
                if again and rng.random() < 0.6:
                    # a second seat of the same person in the same organization ending the same
                    # day (expiring keeps such ties in row order)
                    prev = [r for r in rows if r['person'] == p['id'] and r['organization'] == o['id']][-1]
                    row['end'] = prev['end'] or self.fmt_date(self.as_of + datetime.timedelta(days=rng.randint(1, 60)))
                    if row['start'] and row['start'] >= row['end']:
                        row['start'] = ''
                rows.append(row)
        # dangling positions
        for _ in range(rng.randint(0, 3)):
            r = rng.random()
            if r < 0.3:
                rows.append(self.position_row(rng.choice(['P999', '999']), rng.choice(orgs)['id']))
            elif r < 0.55:
                rows.append(self.position_row(rng.choice(self.people)['id'], 'NO-ORG'))
            elif r < 0.8:
                rows.append(self.position_row('', rng.choice(orgs)['id']))
            else:
                rows.append(self.position_row(rng.choice(self.people)['id'], ''))
        rng.shuffle(rows)
        self.pos_rows = rows

    def position_row(self, person, org):
        rng = self.rng
        D = self.as_of
        role = rng.choice(ROLES)
        start = end = None
        r = rng.random()
        if role == 'seconded_vice_chair' and r < 0.6:
            # no end: the term decides
            years = self.term_years
            s = rng.random()
            if s < 0.2:
                start = datetime.date(D.year - years, D.month, D.day) if not (D.month == 2 and D.day == 29) \
                    else datetime.date(D.year - years, 2, 28)
            elif s < 0.45:
                start = D - datetime.timedelta(days=365 * years - rng.randint(1, 120))
            elif s < 0.6:
                # a 29 February start whose term ends near as_of (the end is 28 February)
                leap = [y for y in range(D.year - years - 1, D.year - years + 2)
                        if y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)]
                start = datetime.date(rng.choice(leap), 2, 29) if leap else \
                    rng.choice([datetime.date(2016, 2, 29), datetime.date(2020, 2, 29)])
            elif s < 0.9:
                start = self.around_asof(6, 1)
        else:
            if r < 0.6:
                start = self.around_asof(15, 1)
            if rng.random() < 0.45:
                e = rng.random()
                if e < 0.2:
                    end = D
                elif e < 0.45:
                    end = D + datetime.timedelta(days=rng.randint(1, 400))
                else:
                    end = self.around_asof(8, 5)
        return {'person': person, 'organization': org, 'role': role,
                'start': self.fmt_date(start), 'end': self.fmt_date(end)}

    # ------------------------------------------------------------ links
    def links(self):
        rng = self.rng
        rows = []
        orgs = self.orgs
        for _ in range(rng.randint(0, 25)):
            a = rng.choice(orgs)['id']
            r = rng.random()
            if r < 0.08:
                b = a  # self link
            else:
                b = rng.choice(orgs)['id']
            if rows and rng.random() < 0.15:
                prev = rng.choice(rows)
                if prev['from'] and prev['to']:
                    a, b = prev['to'], prev['from']  # the same pair the other way round
            rows.append(self.link_row(a, b))
        for _ in range(rng.randint(0, 2)):
            a = rng.choice(orgs)['id']
            b = rng.choice(['', 'GONE-ORG', '旧协会'])
            row = self.link_row(a, b) if rng.random() < 0.5 else self.link_row(b, a)
            rows.insert(rng.randint(0, len(rows)), row)
        self.link_rows = rows

    def link_row(self, a, b):
        rng = self.rng
        weight = ''
        if rng.random() < 0.4:
            weight = rng.choice(['0.2', '1', '2.5', '0.05', '0.30', '0.7', '1.25', '3'])
        start = self.around_asof(10, 1) if rng.random() < 0.5 else None
        end = None
        if rng.random() < 0.3:
            end = self.as_of if rng.random() < 0.25 else self.around_asof(5, 3)
        return {'from': a, 'to': b, 'kind': rng.choice(LINK_KINDS), 'weight': weight,
                'start': self.fmt_date(start), 'end': self.fmt_date(end)}

    # ------------------------------------------------------------ rules
    def rules(self):
        rng = self.rng
        lines = []
        levels_present = sorted({r['level'] for r in self.regions},
                                key=['province', 'city', 'district', 'township', 'village'].index)
        cov = []
        self.cov_levels = ['district', 'township', 'village']
        if rng.random() < 0.35:
            choice = rng.choice([['township', 'village'], ['district', 'township'],
                                 ['city', 'district', 'township', 'village'], ['village', 'township'],
                                 ['district', 'village'], ['township'],
                                 ['province', 'city', 'district', 'township', 'village']])
            self.cov_levels = choice
            cov.append('  levels: [%s]' % ', '.join(choice))
        if rng.random() < 0.25:
            cov.append('  counts:')
            picked = {}
            for lvl, types in rng.sample([('township', ['association', 'rural_tech_association']),
                                          ('village', ['association']),
                                          ('township', []),
                                          ('village', ['popularization_org', 'rural_tech_association']),
                                          ('city', ['association']),
                                          ('district', ['association', 'society'])], rng.randint(1, 2)):
                picked.setdefault(lvl, types)
            for lvl, types in picked.items():
                cov.append('    %s: [%s]' % (lvl, ', '.join(types)))
        if rng.random() < 0.25:
            ex = rng.choice([[], ['township_like'], ['township_like', 'community_like', 'village_like', 'other'],
                             ['village_like', 'street']])
            cov.append('  exclude_kinds: [%s]' % ', '.join(ex))
        if cov:
            lines.append('coverage:')
            lines += cov
        if rng.random() < 0.3:
            lines.append('role_weights:')
            for role in rng.sample(ROLES, rng.randint(1, 3)):
                lines.append('  %s: %s' % (role, rng.choice(['2.0', '0.75', '1', '0.3', '0.15', '3', '0', '0.0'])))
        if rng.random() < 0.2:
            lines.append('link_weights:')
            for kind in rng.sample(LINK_KINDS, rng.randint(1, 2)):
                lines.append('  %s: %s' % (kind, rng.choice(['1.0', '0.1', '2', '0.45'])))
        if rng.random() < 0.25:
            lines.append('counting_roles:')
            for lvl in rng.sample(['township', 'village', 'city', 'district'], rng.randint(1, 2)):
                roles = rng.sample(ROLES, rng.randint(1, 5))
                lines.append('  %s: [%s]' % (lvl, ', '.join(roles)))
        if rng.random() < 0.2:
            lines.append('key_persons:')
            for key in rng.sample(['township/town', 'city', 'village', 'district', 'township/street'],
                                  rng.randint(1, 2)):
                cats = rng.sample(CATEGORIES, rng.randint(1, 4))
                lines.append('  %s: [%s]' % (key, ', '.join(cats)))
        if rng.random() < 0.2:
            lines.append('overload_threshold: %d' % rng.choice([0, 1, 2, 4]))
        if rng.random() < 0.2:
            lines.append('expiry_warning_days: %d' % rng.choice([0, 30, 365, 800]))
        if self.term_years != 2 or rng.random() < 0.05:
            lines.append('seconded_term_years: %d' % self.term_years)
        if rng.random() < 0.25:
            lines.append('rural_tech:')
            lines.append('  required_kinds: [%s]' % ', '.join(rng.choice([
                ['town'], ['street', 'town', 'township'], [], ['town', 'township_like', 'other'],
                ['township_like', 'township'], ['township_like', 'town', 'township']])))
        if rng.random() < 0.1:
            lines.append('societies:')
            lines.append('  district: [%s]' % ', '.join(rng.sample(DISCIPLINES, rng.randint(0, 3))))
        if rng.random() < 0.1:
            lines.append('institutions:')
            lines.append('  hospital: association')
            if rng.random() < 0.5:
                lines.append('  university: society')
        if self.sector_rules:
            lines += self.sector_rules
        # targets
        lines.append('targets:')
        D = self.as_of
        for k in range(rng.randint(1, 3)):
            per = rng.choice([l for l in levels_present if l != 'village'] or ['district'])
            if rng.random() < 0.05:
                per = rng.choice(['country', 'province'])
            order = ['country', 'province', 'city', 'district', 'township', 'village']
            below = [l for l in ['district', 'township', 'village'] if order.index(l) >= order.index(per)]
            level = rng.choice(below)
            units = [r['id'] for r in self.regions if r['level'] == per]
            due = rng.choice([D, D - datetime.timedelta(days=rng.randint(1, 2000)),
                              D + datetime.timedelta(days=rng.randint(1, 800))])
            lines.append('  - name: "目标%d %s→%s"' % (k + 1, per, level))
            if rng.random() < 0.1:
                due = due.replace(day=1)
                lines.append('    due: %s' % (due.isoformat()[:7] if rng.random() < 0.5 else due.isoformat()))
            else:
                lines.append('    due: %s' % due.isoformat())
            lines.append('    per: %s' % per)
            lines.append('    level: %s' % level)
            if units and rng.random() < 0.35:
                scope = rng.sample(units, rng.randint(1, len(units)))
                lines.append('    scope: [%s]' % ', '.join(self.yaml_id(u) for u in scope))
            if units and rng.random() < 0.3:
                exc = rng.sample(units, rng.randint(1, min(2, len(units))))
                lines.append('    except: [%s]' % ', '.join(self.yaml_id(u) for u in exc))
            r = rng.random()
            if r < 0.45:
                lines.append('    min_rate: %s' % rng.choice(['1.0', '0.5', '0.75', '1', '0.8']))
            elif r < 0.8:
                lines.append('    min_covered: %d' % rng.choice([0, 1, 2, 3]))
            else:
                lines.append('    min_rate: %s' % rng.choice(['0.5', '0.6']))
                lines.append('    min_covered: %d' % rng.choice([1, 2]))
        self.rules_text = '\n'.join(lines) + '\n'

    def yaml_id(self, u):
        if u.isascii() and u.isdigit() and not u.startswith('0'):
            return u if self.rng.random() < 0.7 else '"%s"' % u  # a YAML number: read as its text
        plain_ok = u.isascii() and u[:1].isalpha() and all(c.isalnum() or c in '-_' for c in u) \
            and u.lower() not in ('y', 'n', 'yes', 'no', 'on', 'off', 'true', 'false', 'null')
        return u if plain_ok and self.rng.random() < 0.5 else '"%s"' % u

    # ------------------------------------------------------------ writing
    def write_table(self, out_dir, name, columns, rows, optional_cols=()):
        rng = self.rng
        cols = list(columns)
        for c in optional_cols:
            if rng.random() < 0.15 and all(r is None or not r.get(c) for r in rows):
                cols.remove(c)  # an optional column that is left out entirely
        if rng.random() < 0.3:
            rng.shuffle(cols)
        extra = rng.random() < 0.2
        header = cols + (['备注'] if extra else [])
        if rng.random() < 0.1:
            header = [rng.choice([' ', '\u3000', '']) + h + rng.choice([' ', '\u00a0', '']) for h in header]
        pad = rng.random() < 0.3
        quote_all = rng.random() < 0.15
        ending = rng.choice(['\n', '\n', '\n', '\r\n', '\r\n', '\r'])
        buf = io.StringIO(newline='')

        class Writer:
            # RFC 4180 by hand: csv.writer does not quote a LF when the line end is a lone CR
            @staticmethod
            def writerow(cells):
                out = []
                for c in cells:
                    if quote_all or any(ch in c for ch in ',"\r\n'):
                        c = '"' + c.replace('"', '""') + '"'
                    out.append(c)
                buf.write(','.join(out) + ending)
        w = Writer()
        w.writerow(header)
        for row in rows:
            if row is None:
                if rng.random() < 0.3:
                    buf.write(ending)  # an entirely empty line
                else:
                    w.writerow([rng.choice(['', ' ', '\u3000', '\u00a0']) for _ in header])
                continue
            cells = []
            for c in cols:
                v = row.get(c, '') or ''
                if pad and rng.random() < 0.2:
                    v = rng.choice([' ', '\u00a0', '\u3000', '\t', '  ', '\n']) + v + \
                        rng.choice(['', ' ', '\u3000', '\u00a0', '\r\n', ' \n'])
                cells.append(v)
            if extra:
                cells.append(rng.choice(['', '备注', 'a,b', '"引号"', '两\n行', '三\r\n\n行']))
            w.writerow(cells)
        text = buf.getvalue()
        enc = 'utf-8'
        data = None
        r = rng.random()
        if r < 0.08:
            data = text.encode('gb18030')
            enc = 'gb18030'
        else:
            data = text.encode('utf-8')
            if rng.random() < 0.2:
                data = b'\xef\xbb\xbf' + data
        path = os.path.join(out_dir, name + '.csv')
        if rng.random() < 0.05:
            with gzip.open(path + '.gz', 'wb') as f:
                f.write(data)
        else:
            with open(path, 'wb') as f:
                f.write(data)

    def with_blank_rows(self, rows):
        rows = list(rows)
        for _ in range(self.rng.choice([0, 0, 0, 1, 2])):
            rows.insert(self.rng.randint(0, len(rows)), None)
        return rows

    def build(self, out_dir):
        rng = self.rng
        self.used_ids = set()
        y = rng.randint(2017, 2024)
        self.as_of = self.day(datetime.date(y, 1, 1), datetime.date(y, 12, 31))
        if rng.random() < 0.05:
            self.as_of = datetime.date(2020, 2, 29)
        elif rng.random() < 0.1:
            self.as_of = self.as_of.replace(day=1)
        self.term_years = rng.choice([2, 2, 2, 1, 3])
        self.id_style = rng.choice(['code', 'mixed', 'hint', 'unicode', 'clash'])
        self.region_style = rng.choice(['code', 'hint', 'hint'])
        self.region_ids = self.make_id_maker('R')
        self.org_ids = self.make_id_maker('O')
        self.person_ids = self.make_id_maker('P')
        self.inst_ids = self.make_id_maker('I')
        self.extra_sectors = []
        self.sector_rules = []
        if rng.random() < 0.15:
            # rules that map categories to sectors beyond the standard six
            mapping = [('official', 'governance'), ('teacher', 'culture'), ('farmer', 'governance'),
                       ('engineer', 'industry'), ('hospital_director', 'other')]
            chosen = rng.sample(mapping, rng.randint(1, 4))
            self.extra_sectors = sorted({sec for _, sec in chosen if sec not in SECTORS})
            self.sector_rules = ['sectors:']
            if rng.random() < 0.5:
                self.sector_rules += ['  %s: %s' % (c, sec) for c, sec in chosen]
            else:
                inv = {}
                for c, sec in chosen:
                    inv.setdefault(sec, []).append(c)
                self.sector_rules += ['  %s: [%s]' % (sec, ', '.join(cs)) for sec, cs in inv.items()]
        self.frame()
        self.institutions()
        self.organizations()
        self.persons()
        self.positions()
        self.links()
        self.rules()

        os.makedirs(out_dir, exist_ok=True)
        regs = [{'id': r['id'], 'name': r['name'], 'level': r['level'], 'parent': r['parent'],
                 'kind': r['kind']} for r in self.regions]
        rng.shuffle(regs)
        self.write_table(out_dir, 'regions', ['id', 'name', 'level', 'parent', 'kind'], regs)
        orgs = [{'id': o['id'], 'name': o['name'], 'type': o['type'], 'region': o['region'],
                 'parent': o['parent'], 'institution': o['institution'],
                 'discipline': o['discipline'], 'founded': self.fmt_date(o['founded']),
                 'dissolved': self.fmt_date(o['dissolved'])} for o in self.orgs]
        self.write_table(out_dir, 'organizations',
                         ['id', 'name', 'type', 'region', 'parent', 'institution', 'discipline',
                          'founded', 'dissolved'], orgs,
                         optional_cols=['institution', 'discipline', 'founded', 'dissolved'])
        if rng.random() < 0.97:  # rarely no persons.csv at all: every position dangles
            self.write_table(out_dir, 'persons', ['id', 'name', 'category', 'sector', 'workplace', 'region'],
                             self.people, optional_cols=['sector', 'workplace', 'region'])
        if self.pos_rows or rng.random() < 0.9:
            self.write_table(out_dir, 'positions', ['person', 'organization', 'role', 'start', 'end'],
                             self.with_blank_rows(self.pos_rows), optional_cols=['start', 'end'])
        if self.link_rows or rng.random() < 0.5:
            self.write_table(out_dir, 'links', ['from', 'to', 'kind', 'weight', 'start', 'end'],
                             self.with_blank_rows(self.link_rows), optional_cols=['weight', 'start', 'end'])
        if rng.random() < 0.92:  # else no institutions.csv: every institution id is unknown
            self.write_table(out_dir, 'institutions', ['id', 'name', 'kind', 'region'], self.insts,
                             optional_cols=['region'])
        with open(os.path.join(out_dir, 'rules.yaml'), 'w', encoding='utf-8') as f:
            f.write('# random rules, seed %s\n' % self.seed)
            f.write(self.rules_text)
        meta = ['description: random dataset, seed %s' % self.seed]
        if rng.random() < 0.5:
            meta.insert(0, 'name: random-%s' % self.seed)
        if self.as_of.day == 1 and rng.random() < 0.5:
            meta.append('as_of: %s' % self.as_of.isoformat()[:7])
        else:
            meta.append('as_of: %s' % self.as_of.isoformat())
        with open(os.path.join(out_dir, 'dataset.yaml'), 'w', encoding='utf-8') as f:
            f.write('\n'.join(meta) + '\n')


def main(argv):
    if len(argv) != 3:
        sys.stderr.write('usage: random_dataset.py SEED OUT_DIR\n')
        return 64
    Gen(int(argv[1])).build(argv[2])
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))

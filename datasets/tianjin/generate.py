#!/usr/bin/env python3
"""Generate the illustrative Tianjin kexie dataset (the 2018 "N+1" pilot).

Reads regions.csv (the real NBS frame, 2023 edition) from this script's folder and
writes organizations.csv, persons.csv, positions.csv, links.csv and institutions.csv
next to it.  Deterministic: fixed seed, sorted rows, LF line ends, UTF-8 without BOM.

The frame, the universities and the parks are real.  Every person, every enterprise,
every founding date and every position is FICTIONAL and only illustrative.

Usage (from anywhere):  python3 datasets/tianjin/generate.py
"""
import csv
import datetime as dt
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
AS_OF = dt.date(2020, 12, 31)
R = random.Random(2018)

# ---------------------------------------------------------------- helpers


def D(s):
    return dt.date.fromisoformat(s)


def rdate(a, b):
    """A random day in [a, b]; never 29 February (keeps `start + 2 years` well defined)."""
    a = D(a) if isinstance(a, str) else a
    b = D(b) if isinstance(b, str) else b
    if b < a:
        b = a
    x = a + dt.timedelta(days=R.randint(0, (b - a).days))
    if x.month == 2 and x.day == 29:
        x = x.replace(day=28)
    return x


def plus(d, days):
    x = d + dt.timedelta(days=days)
    if x.month == 2 and x.day == 29:
        x = x.replace(day=28)
    return x


def add_years(d, n):
    return d.replace(year=d.year + n)


def iso(d):
    return d.isoformat() if d else ""


def chance(p):
    return R.random() < p


# ---------------------------------------------------------------- the frame

REGIONS = {}
CHILDREN = {}
with open(os.path.join(HERE, "regions.csv"), encoding="utf-8", newline="") as f:
    for row in csv.DictReader(f):
        REGIONS[row["id"]] = row
        CHILDREN.setdefault(row["parent"], []).append(row["id"])

CITY = "120000000000"
DISTRICTS = sorted(r for r in CHILDREN[CITY] if REGIONS[r]["level"] == "district")
TOWNSHIPS = {d: sorted(CHILDREN.get(d, [])) for d in DISTRICTS}
COUNTED_TOWNSHIP_KINDS = ("street", "town", "township")
COUNTED_VILLAGE_KINDS = ("community", "village")


def rname(rid):
    return REGIONS[rid]["name"]


def rkind(rid):
    return REGIONS[rid]["kind"]


def district_of(rid):
    while REGIONS[rid]["level"] not in ("district", "city"):
        rid = REGIONS[rid]["parent"]
    return rid


def township_base(tname):
    for suf in ("街道", "镇", "乡"):
        if tname.endswith(suf):
            return tname[: -len(suf)]
    return tname


def village_short(vid):
    """花园路社区居委会 -> 花园路社区; 增兴窑村委会 -> 增兴窑村; 西村村民委员会 -> 西村."""
    n = rname(vid)
    for suf in ("村民委员会", "居民委员会", "村委会", "居委会"):
        if n.endswith(suf):
            n = n[: -len(suf)]
            break
    if rkind(vid) == "community":
        if not n.endswith("社区"):
            n += "社区"
    elif not n.endswith("村"):
        n += "村"
    return n


PILOT = ["120116000000", "120104000000", "120119000000"]
URBAN = ["120101000000", "120102000000", "120103000000", "120104000000",
         "120105000000", "120106000000"]
AGRI = ["120110000000", "120111000000", "120112000000", "120113000000", "120114000000",
        "120115000000", "120116000000", "120117000000", "120118000000", "120119000000"]

# deliberate specials (see README "Deliberate anomalies")
REEST_TOWN = "120114103000"       # 崔黄口镇: old association dissolved 2019-12-31, re-founded 2020
STALE_VILLAGE = "120114103202"    # 三街村: its association still points at the dissolved one
SHELL_STREET = "120102013000"     # 天津铁厂街道: association on paper, no positions
MISPLACED_STREET = "120106012000"  # 和苑街道 (红桥区) attached to 河北区科协
MISPLACED_TO = "120105000000"
TYPO_VILLAGE = "120119104205"     # 常州村 (下营镇): parent id typed with a digit missing
NOPARENT_ESTATION = "120115105202"  # 林亭口一村 科普e站 registered without a parent

# ---------------------------------------------------------------- word lists

SURNAMES = ("王王王王李李李李张张张张刘刘刘陈陈陈杨杨赵赵黄周周吴徐徐孙孙胡朱高高林何郭郭马马"
            "罗梁宋郑谢韩唐冯于于董程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田"
            "任姜范方石姚谭邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段钱汤尹易常武乔贺龚文"
            "齐穆韦边霍闫温靳耿庞商岳纪刁")
GIVEN = ("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国文志海燕鹏辉波"
         "宁斌宇浩凯俊峰晨欣怡佳琪瑞雪梅林岩松鑫淑珍凤云彬博立新春亮晓东子涵睿泽嘉"
         "振宏颖婷慧琳楠冬雷婧莉彤双庆永利德胜富贵祥福清源成长跃民一金")
COMPANY_A = "津渤沽泰华瑞博恒鑫卓睿远汇智宏晟源达海禾"
COMPANY_B = "科创川宇辰信拓联迈航诺微凌弘芯锐研衡朗悦"
FIELDS = ["智能装备", "新材料", "生物医药", "电子信息", "环保", "新能源", "精密机械", "软件",
          "检测技术", "航空设备", "海洋工程", "医疗器械", "化工", "自动化", "信息技术", "农业科技"]
INSTITUTE_FIELDS = ["精细化工", "机械工程", "电子技术", "海洋技术", "生物技术", "农业技术",
                    "环境科学", "材料工程", "自动化技术", "食品工程", "水利技术", "节能技术"]
CROPS = ["蔬菜", "果品", "食用菌", "水产", "粮食", "花卉", "中药材", "生猪", "奶牛"]
RTA_PRODUCTS = {
    "120110000000": ["花卉", "蔬菜"],
    "120111000000": ["蔬菜", "萝卜", "果品", "花卉"],
    "120112000000": ["水稻", "水产养殖", "葡萄", "蔬菜"],
    "120113000000": ["蔬菜", "花卉", "果品", "食用菌"],
    "120114000000": ["蔬菜", "果品", "奶牛养殖", "花卉", "食用菌"],
    "120115000000": ["蔬菜", "大蒜", "水产养殖", "食用菌", "小麦良种"],
    "120116000000": ["水产养殖", "冬枣", "葡萄", "蔬菜"],
    "120117000000": ["水产养殖", "水稻", "生猪养殖", "蔬菜", "河蟹养殖"],
    "120118000000": ["果品", "蔬菜", "食用菌", "葡萄", "奶牛养殖"],
    "120119000000": ["果品", "板栗", "食用菌", "蔬菜", "中药材", "核桃", "蜂业"],
}
USED_COMPANY = set()


def company():
    while True:
        a, b, fld = R.choice(COMPANY_A), R.choice(COMPANY_B), R.choice(FIELDS)
        if a == b:
            continue
        name = "天津%s%s%s%s" % (a, b, fld, "有限公司" if fld.endswith(("科技", "技术")) else "科技有限公司")
        if name not in USED_COMPANY:
            USED_COMPANY.add(name)
            return name


def institute():
    return "天津%s%s%s研究所" % (R.choice(COMPANY_A), R.choice(COMPANY_B), R.choice(INSTITUTE_FIELDS))


def person_name():
    s = R.choice(SURNAMES)
    if chance(0.72):
        return s + R.choice(GIVEN) + R.choice(GIVEN)
    return s + R.choice(GIVEN)


# ---------------------------------------------------------------- tables

ORGS = {}
PERSONS = {}
POSITIONS = []
POS_BY_PERSON = {}
LINKS = []
INSTITUTIONS = {}
ROLE_COUNTING = ("chair", "vice_chair", "part_time_vice_chair", "seconded_vice_chair",
                 "standing_committee", "committee")


def add_org(oid, name, typ, region, parent, founded, institution="", discipline="", dissolved=None):
    assert oid not in ORGS, oid
    ORGS[oid] = dict(id=oid, name=name, type=typ, region=region, parent=parent,
                     institution=institution, discipline=discipline,
                     founded=founded, dissolved=dissolved)
    return oid


EXPLICIT_SECTOR = {"official": ["science", "science", "economy"], "engineer": ["agriculture", "science"],
                   "teacher": ["science"], "other": ["agriculture", "agriculture", "economy"]}


def new_person(cat, workplace, region, sector=""):
    pid = "p%06d" % (len(PERSONS) + 1)
    if not sector and cat in EXPLICIT_SECTOR and chance(0.03):
        sector = R.choice(EXPLICIT_SECTOR[cat])
    PERSONS[pid] = dict(id=pid, name=person_name(), category=cat, sector=sector,
                        workplace=workplace, region=region)
    return pid


def org_active(oid, at=AS_OF):
    o = ORGS.get(oid)
    if not o:
        return False
    return (o["founded"] is None or o["founded"] <= at) and (o["dissolved"] is None or o["dissolved"] > at)


def eff_end(p):
    if p["end"]:
        return p["end"]
    if p["role"] == "seconded_vice_chair" and p["start"]:
        return add_years(p["start"], 2)
    return None


def pos_active(p, at=AS_OF):
    if p["person"] not in PERSONS or not org_active(p["organization"], at):
        return False
    e = eff_end(p)
    return (p["start"] is None or p["start"] <= at) and (e is None or e > at)


def counts_at(p):
    lvl = REGIONS[ORGS[p["organization"]]["region"]]["level"]
    return lvl == "village" or p["role"] in ROLE_COUNTING


def posts(pid):
    return len({p["organization"] for p in POS_BY_PERSON.get(pid, [])
                if pos_active(p) and counts_at(p)})


def add_pos(pid, oid, role, start, end=None):
    o = ORGS[oid]
    if start is not None and o["founded"] is not None and start < o["founded"]:
        start = o["founded"]
    if end is not None:
        assert start is None or end > start, (pid, oid, start, end)
    p = dict(person=pid, organization=oid, role=role, start=start, end=end)
    POSITIONS.append(p)
    POS_BY_PERSON.setdefault(pid, []).append(p)
    return p


def add_link(a, b, kind, start=None, end=None, weight=""):
    LINKS.append(dict(frm=a, to=b, kind=kind, weight=weight, start=start, end=end))


# ---------------------------------------------------------------- workplaces


def dname(d):
    return rname(d)


def district_wp(cat, d):
    dn = dname(d)
    if cat == "hospital_director":
        return R.choice([dn + "人民医院", dn + "中医医院", dn + "第二人民医院", dn + "妇幼保健院",
                         dn + "中西医结合医院", dn + "疾病预防控制中心"])
    if cat == "school_principal":
        return R.choice([dn + "第一中学", dn + "第二中学", dn + "实验中学", dn + "职业教育中心",
                         dn + "实验小学", dn + "第三中学", dn + "第四中学"])
    if cat == "planting_center_director":
        return dn + "种植业发展服务中心"
    if cat == "research_institute_head":
        return institute()
    if cat in ("tech_enterprise_head", "high_skill_talent", "engineer"):
        return company()
    if cat == "medical_worker":
        return R.choice([dn + "人民医院", dn + "中医医院", dn + "第二人民医院"])
    if cat == "teacher":
        return R.choice([dn + "第一中学", dn + "实验中学", dn + "教师发展中心", dn + "实验小学"])
    if cat == "researcher":
        return institute()
    if cat == "agri_station_head" or cat == "agri_technician":
        return dn + "农业发展服务中心"
    if cat == "official":
        return dn + "科学技术协会"
    return dn


def township_wp(cat, t):
    tn = rname(t)
    base = township_base(tn)
    street = rkind(t) == "street"
    dn = dname(district_of(t))
    if cat == "health_center_director":
        return tn + ("社区卫生服务中心" if street else "卫生院")
    if cat == "school_principal":
        if street:
            return dn + base + R.choice(["小学", "中学", "第一小学"])
        return tn + R.choice(["中学", "中心小学", "第一中学"])
    if cat == "agri_station_head":
        return tn + "农业综合服务中心"
    if cat == "social_service_center_director":
        return tn + "社会服务中心"
    if cat == "official":
        return tn + ("办事处" if street else "人民政府")
    if cat == "medical_worker":
        return tn + ("社区卫生服务中心" if street else "卫生院")
    if cat == "teacher":
        return (dn + base + "小学") if street else (tn + "中学")
    if cat == "agri_technician":
        return tn + "农业综合服务中心"
    if cat == "popularization_leader":
        return tn + ("科普志愿服务队" if street else R.choice(CROPS) + "专业合作社")
    return district_wp(cat, district_of(t))


def village_wp(cat, v):
    vn = village_short(v)
    t = REGIONS[v]["parent"]
    community = rkind(v) == "community"
    if cat == "clinic_director":
        return vn + ("卫生服务站" if community else "卫生室")
    if cat == "primary_school_principal":
        if community or chance(0.5):
            return township_wp("school_principal", t) if community else rname(t) + "中心小学"
        return vn + "小学"
    if cat == "village_official":
        return vn + ("居民委员会" if community else "村民委员会")
    if cat == "popularization_leader":
        if community:
            return vn + "科普志愿服务队"
        return vn + R.choice(CROPS) + R.choice(["种植专业合作社", "养殖专业合作社", "家庭农场"])
    if cat == "agri_technician":
        return rname(t) + "农业综合服务中心"
    return vn


# ---------------------------------------------------------------- institutions

UNIVERSITIES = [  # id, name, district, has association, attached to the city association
    ("U01", "南开大学", "120104000000", True, True),
    ("U02", "天津大学", "120104000000", True, True),
    ("U03", "天津医科大学", "120101000000", True, True),
    ("U04", "天津工业大学", "120111000000", True, False),
    ("U05", "天津科技大学", "120116000000", True, False),
    ("U06", "天津师范大学", "120111000000", True, False),
    ("U07", "天津理工大学", "120111000000", True, False),
    ("U08", "天津财经大学", "120103000000", False, False),
    ("U09", "天津中医药大学", "120118000000", True, False),
    ("U10", "中国民航大学", "120110000000", True, False),
    ("U11", "天津城建大学", "120111000000", True, False),
    ("U12", "天津商业大学", "120113000000", False, False),
    ("U13", "天津农学院", "120111000000", True, False),
    ("U14", "天津外国语大学", "120103000000", False, False),
    ("U15", "天津职业技术师范大学", "120103000000", True, False),
]
PARKS = [  # id, name, region (township_like unit where one exists, else district), has association
    ("K01", "天津经济技术开发区", "120116400000", True),
    ("K02", "天津港保税区", "120116401000", True),
    ("K03", "天津滨海高新技术产业开发区", "120116402000", True),
    ("K04", "中新天津生态城", "120116406000", True),
    ("K05", "东疆综合保税区", "120116403000", False),
    ("K06", "西青经济技术开发区", "120111450000", True),
    ("K07", "武清经济技术开发区", "120114401000", True),
    ("K08", "北辰经济技术开发区", "120113000000", False),
    ("K09", "子牙循环经济产业区", "120118402000", False),
]
for iid, name, reg, _, _ in UNIVERSITIES:
    INSTITUTIONS[iid] = dict(id=iid, name=name, kind="university", region=reg)
for iid, name, reg, _ in PARKS:
    assert reg in REGIONS, reg
    INSTITUTIONS[iid] = dict(id=iid, name=name, kind="park", region=reg)

# fictional tech enterprises, placed in townships (streets, towns, parks) of the more industrial districts
ENTERPRISE_WEIGHTS = {"120116000000": 16, "120111000000": 8, "120110000000": 7, "120113000000": 6,
                      "120114000000": 6, "120112000000": 5, "120104000000": 5, "120103000000": 4,
                      "120115000000": 3, "120118000000": 3, "120117000000": 2, "120102000000": 2,
                      "120105000000": 2, "120101000000": 1, "120106000000": 1, "120119000000": 2}
ENTERPRISES = []
n = 0
for d in DISTRICTS:
    for _ in range(ENTERPRISE_WEIGHTS[d]):
        n += 1
        iid = "E%03d" % n
        t = R.choice(TOWNSHIPS[d])
        INSTITUTIONS[iid] = dict(id=iid, name=company(), kind="enterprise", region=t)
        ENTERPRISES.append(iid)

# ---------------------------------------------------------------- organizations

CITY_ORG = add_org("A" + CITY, "天津市科学技术协会", "association", CITY, "", D("1958-11-20"))
DIST_ORG = {}
DIST_TERM = {}
for d in DISTRICTS:
    founded = rdate("2010-01-05", "2010-12-20") if d == "120116000000" else rdate("1980-03-01", "1996-12-20")
    DIST_ORG[d] = add_org("A" + d, dname(d) + "科学技术协会", "association", d, CITY_ORG, founded)
    DIST_TERM[d] = rdate("2016-05-01", "2017-12-20")   # current council term (换届)

# --- township associations: when founded
TOWN_FOUNDED = {}
nonpilot_rest = []
for d in DISTRICTS:
    counted = [t for t in TOWNSHIPS[d] if rkind(t) in COUNTED_TOWNSHIP_KINDS]
    if d in PILOT:
        for t in counted:
            TOWN_FOUNDED[t] = rdate("2018-03-01", "2018-11-30")
        continue
    cands = [t for t in counted if t not in (REEST_TOWN, SHELL_STREET, MISPLACED_STREET)]
    k = 1 if len(counted) < 8 else R.choice([1, 2, 2, 3])
    for t in R.sample(cands, k):
        TOWN_FOUNDED[t] = rdate("2018-04-01", "2018-12-15")
    nonpilot_rest += [t for t in cands if t not in TOWN_FOUNDED]
BLANK = R.sample(nonpilot_rest, 14)
LATE = BLANK[:4]   # founded in 2021, after as_of
for t in nonpilot_rest:
    if t in LATE:
        TOWN_FOUNDED[t] = rdate("2021-03-01", "2021-09-30")
    elif t in BLANK:
        continue
    elif chance(0.55):
        TOWN_FOUNDED[t] = rdate("2019-01-05", "2019-12-20")
    else:
        TOWN_FOUNDED[t] = rdate("2020-01-06", "2020-11-30")
TOWN_FOUNDED[SHELL_STREET] = D("2020-09-18")
TOWN_FOUNDED[MISPLACED_STREET] = rdate("2019-03-01", "2019-10-31")
TOWN_FOUNDED[REEST_TOWN] = D("2020-03-16")

TOWN_ORG = {}   # township id -> the association active at as_of (or founded later)
OLD_REEST = "A" + REEST_TOWN
for t in sorted(TOWN_FOUNDED):
    d = district_of(t)
    parent = DIST_ORG[MISPLACED_TO] if t == MISPLACED_STREET else DIST_ORG[d]
    oid = "A" + t
    if t == REEST_TOWN:
        add_org(OLD_REEST, rname(t) + "科学技术协会", "association", t, DIST_ORG[d], D("2009-05-12"),
                dissolved=D("2019-12-31"))
        oid = "A" + t + "-R"
    TOWN_ORG[t] = add_org(oid, rname(t) + "科学技术协会", "association", t, parent, TOWN_FOUNDED[t])


def town_ok(t):
    """A township association that exists at as_of and can carry villages."""
    return t in TOWN_ORG and TOWN_FOUNDED[t] <= D("2020-11-30") and t != SHELL_STREET


# --- village associations and popularization organizations
VILLAGE_RATE = {"120104000000": 0.31, "120116000000": 0.34, "120119000000": 0.34,
                "120101000000": 0.18, "120102000000": 0.16, "120103000000": 0.20,
                "120105000000": 0.15, "120106000000": 0.13, "120110000000": 0.14,
                "120111000000": 0.20, "120112000000": 0.17, "120113000000": 0.18,
                "120114000000": 0.22, "120115000000": 0.23, "120117000000": 0.19,
                "120118000000": 0.21}
VILL_ORG = {}
POP_ORG = {}
for d in DISTRICTS:
    for t in TOWNSHIPS[d]:
        if not town_ok(t):
            continue
        lo = max(plus(TOWN_FOUNDED[t], 30), D("2019-01-08"))
        for v in sorted(CHILDREN.get(t, [])):
            if rkind(v) not in COUNTED_VILLAGE_KINDS:
                continue
            forced = v in (STALE_VILLAGE, TYPO_VILLAGE)
            if forced or chance(VILLAGE_RATE[d]):
                if lo > D("2020-12-20"):
                    continue
                vs = village_short(v)
                name = vs + ("科协" if rkind(v) == "community" else "科普协会")
                parent = TOWN_ORG[t]
                if v == STALE_VILLAGE:
                    parent = OLD_REEST
                    fd = rdate("2019-04-01", "2019-10-31")
                else:
                    fd = rdate(lo, "2020-12-20")
                if v == TYPO_VILLAGE:
                    parent = parent[:-1]   # "A12011910400": a digit lost when typing
                VILL_ORG[v] = add_org("A" + v, name, "association", v, parent, fd)
        for v in sorted(CHILDREN.get(t, [])):
            if rkind(v) not in COUNTED_VILLAGE_KINDS:
                continue
            p = 0.08 if d in PILOT else 0.05
            if v == NOPARENT_ESTATION or chance(p):
                vs = village_short(v)
                name = vs + ("科普e站" if rkind(v) == "community" or chance(0.5) else "科普小组")
                parent = TOWN_ORG[t] if v == STALE_VILLAGE else VILL_ORG.get(v, TOWN_ORG[t])
                if v == NOPARENT_ESTATION:
                    parent = ""
                POP_ORG[v] = add_org("P" + v, name, "popularization_org", v, parent,
                                     rdate("2017-03-01", "2020-12-15"))

# --- societies
SOC_NAMES = {"medicine": ("MED", "医学会"), "engineering": ("ENG", "工程师学会"),
             "agriculture": ("AGR", "农学会")}
SOC_MISSING = {"120101000000": ["agriculture"], "120105000000": ["agriculture"],
               "120106000000": ["agriculture", "engineering"], "120117000000": ["engineering"]}
BASIC_SCIENCE = {"120101000000": "数学会", "120103000000": "物理学会", "120104000000": "数学会",
                 "120116000000": "化学化工学会", "120111000000": "数学会", "120112000000": "物理学会"}
SOCIETIES = {}
for d in DISTRICTS:
    for disc in ("medicine", "engineering", "agriculture"):
        if disc in SOC_MISSING.get(d, []):
            continue
        code, suffix = SOC_NAMES[disc]
        SOCIETIES[(d, disc)] = add_org("S%s-%s" % (d[:6], code), dname(d) + suffix, "society", d,
                                       DIST_ORG[d], rdate("1984-01-01", "2012-12-20"), discipline=disc)
    if d in BASIC_SCIENCE:
        SOCIETIES[(d, "basic_science")] = add_org("S%s-SCI" % d[:6], dname(d) + BASIC_SCIENCE[d], "society",
                                                  d, DIST_ORG[d], rdate("1988-01-01", "2015-12-20"),
                                                  discipline="basic_science")

# --- rural technical associations and their federations
FED = {}
RTA = []   # (org id, town id)
for d in AGRI:
    FED[d] = add_org("F" + d[:6], dname(d) + "农村专业技术协会联合会", "rural_tech_federation", d,
                     DIST_ORG[d], rdate("2006-01-01", "2016-12-20"))
    products = RTA_PRODUCTS[d]
    for t in TOWNSHIPS[d]:
        k = rkind(t)
        if k in ("town", "township"):
            n_rta = (2 if chance(0.2) else 1) if chance(0.86) else 0
        elif k == "street" and d == "120110000000" and t in ("120110005000", "120110003000"):
            n_rta = 1
        else:
            n_rta = 0
        for i, prod in enumerate(R.sample(products, n_rta)):
            name = rname(t) + ("农村专业技术协会" if (i == 0 and chance(0.15)) else prod + "专业技术协会")
            fd = rdate("2019-02-01", "2020-10-31") if chance(0.15) else rdate("2003-01-01", "2017-12-20")
            parent = TOWN_ORG[t] if town_ok(t) else DIST_ORG[d]
            oid = add_org("R%s-%d" % (t, i + 1), name, "rural_tech_association", t, parent, fd)
            RTA.append((oid, t))

# --- university, park and enterprise associations
UNI_ORG = {}
for iid, name, reg, has, big in UNIVERSITIES:
    if has:
        UNI_ORG[iid] = add_org("UA" + iid[1:], name + "科学技术协会", "university_association", reg,
                               CITY_ORG if big else DIST_ORG[reg], rdate("1992-01-01", "2014-12-20"),
                               institution=iid)
PARK_ORG = {}
for iid, name, reg, has in PARKS:
    if has:
        PARK_ORG[iid] = add_org("KA" + iid[1:], name + "科学技术协会", "park_association", reg,
                                DIST_ORG[district_of(reg)], rdate("2006-01-01", "2019-06-30"), institution=iid)
ENT_ORG = {}
for iid in ENTERPRISES:
    if chance(0.75):
        reg = INSTITUTIONS[iid]["region"]
        ENT_ORG[iid] = add_org("EA" + iid[1:], INSTITUTIONS[iid]["name"] + "科协", "enterprise_association",
                               reg, DIST_ORG[district_of(reg)], rdate("2010-01-01", "2020-09-30"),
                               institution=iid)
NOPARENT_ENT = sorted(ENT_ORG)[len(ENT_ORG) // 2]
ORGS[ENT_ORG[NOPARENT_ENT]]["parent"] = ""

# ---------------------------------------------------------------- persons and positions

DIST_CATS = ["hospital_director", "school_principal", "planting_center_director",
             "research_institute_head", "tech_enterprise_head", "high_skill_talent"]
TOWN_CATS = ["health_center_director", "school_principal", "agri_station_head",
             "tech_enterprise_head", "social_service_center_director"]
STREET_CATS = ["health_center_director", "school_principal", "tech_enterprise_head",
               "social_service_center_director"]
DIST_MISSING = {d: ["planting_center_director"] for d in URBAN}
DIST_MISSING["120105000000"] = ["planting_center_director", "high_skill_talent"]
DIST_MISSING["120117000000"] = ["research_institute_head"]


def pool_cats(d):
    return [c for c in DIST_CATS if c != "planting_center_director" or d in AGRI]


DPOOL = {d: [] for d in DISTRICTS}        # district-level key persons (secondment candidates)
DIST_PTVC = {d: {} for d in DISTRICTS}    # category -> person holding a part-time vice-chair
DIST_CHAIR = {}
TKP = {d: [] for d in DISTRICTS}          # (person, start) township key persons


def new_pool_person(d, cat=None, home=True):
    cat = cat or R.choice(pool_cats(d))
    pid = new_person(cat, district_wp(cat, d), d)
    DPOOL[d].append(pid)
    if home:
        soc = None
        if cat == "hospital_director":
            soc = SOCIETIES.get((d, "medicine"))
        elif cat in ("tech_enterprise_head", "high_skill_talent"):
            soc = SOCIETIES.get((d, "engineering"))
        elif cat == "planting_center_director":
            soc = SOCIETIES.get((d, "agriculture"))
        if soc and chance(0.4):
            add_pos(pid, soc, "committee", rdate("2016-01-01", "2017-12-31"))
        else:
            add_pos(pid, DIST_ORG[d], "representative", DIST_TERM[d])
    return pid


def seconded_ok(pid, start):
    """No overlapping secondment, and not pushing the person over three counting posts."""
    for p in POS_BY_PERSON.get(pid, []):
        if p["role"] == "seconded_vice_chair" and eff_end(p) > start:
            return False
    if add_years(start, 2) > AS_OF and start <= AS_OF and posts(pid) >= 3:
        return False
    return True


def second(d, oid, start):
    cands = [p for p in DPOOL[d] if seconded_ok(p, start)]
    if cands and chance(0.35):
        pid = R.choice(cands)
    else:
        pid = new_pool_person(d)
    add_pos(pid, oid, "seconded_vice_chair", start)
    return pid


# --- the city association
CITY_TERM = D("2016-11-20")
pid = new_person("researcher", "天津大学", "120104000000")
add_pos(pid, CITY_ORG, "chair", CITY_TERM)
for _ in range(3):
    add_pos(new_person("official", "天津市科学技术协会", CITY), CITY_ORG, "vice_chair", CITY_TERM)
for cat, wp, reg in [("researcher", "南开大学", "120104000000"), ("hospital_director", "天津医科大学总医院", "120101000000"),
                     ("research_institute_head", institute(), "120116000000"),
                     ("tech_enterprise_head", company(), "120116000000"),
                     ("high_skill_talent", company(), "120111000000")]:
    add_pos(new_person(cat, wp, reg), CITY_ORG, "part_time_vice_chair", CITY_TERM)
for _ in range(6):
    add_pos(new_person("official", "天津市科学技术协会", CITY), CITY_ORG, "staff", rdate("2008-01-01", "2020-06-30"))
for _ in range(8):
    cat = R.choice(["researcher", "engineer", "medical_worker", "teacher"])
    add_pos(new_person(cat, district_wp(cat, R.choice(DISTRICTS)), CITY), CITY_ORG, "committee", CITY_TERM)


def village_positions(v, oid, fd):
    t = REGIONS[v]["parent"]
    community = rkind(v) == "community"
    probs = [("clinic_director", 0.85), ("primary_school_principal", 0.65), ("village_official", 0.95),
             ("popularization_leader", 0.9)]
    if not community:
        probs.append(("agri_technician", 0.82))
    people = []
    for cat, p in probs:
        if chance(p):
            people.append((cat, new_person(cat, village_wp(cat, v), v)))
    if not people:
        cat = "village_official"
        people.append((cat, new_person(cat, village_wp(cat, v), v)))
    chair_idx = 0
    for i, (cat, _) in enumerate(people):
        if cat in ("village_official", "popularization_leader"):
            chair_idx = i
            break
    chair = None
    for i, (cat, pid) in enumerate(people):
        if i == chair_idx:
            add_pos(pid, oid, "chair", fd)
            chair = pid
        else:
            add_pos(pid, oid, R.choice(["committee", "committee", "committee", "representative", "member"]), fd)
    for _ in range(R.choice([1, 1, 2, 2, 3])):
        add_pos(new_person("popularization_volunteer", village_wp("x", v), v), oid, "volunteer",
                rdate(fd, min(plus(fd, 200), AS_OF)))
    if chance(0.45):
        add_pos(new_person("popularization_informant", village_wp("x", v), v), oid, "member", fd)
    for _ in range(R.choice([0, 0, 1, 1, 2, 3])):
        cat = R.choice(["other", "other", "teacher", "medical_worker"]) if community else \
            R.choice(["other", "other", "popularization_leader", "agri_technician"])
        add_pos(new_person(cat, village_wp(cat, v), v), oid, "member", rdate(fd, min(plus(fd, 300), AS_OF)))
    return chair, people


def pop_positions(v, oid, fd, leader=None):
    if leader is None or posts(leader) >= 3:
        leader = new_person("popularization_leader", village_wp("popularization_leader", v), v)
    add_pos(leader, oid, "chair", fd)
    if chance(0.7):
        add_pos(new_person("popularization_informant", village_wp("x", v), v), oid, "member", fd)
    for _ in range(R.choice([0, 1, 1, 2])):
        add_pos(new_person("popularization_volunteer", village_wp("x", v), v), oid, "volunteer", fd)
    return leader


def village_block(t, oid):
    """Positions of the village associations and popularization organizations of township t."""
    for v in sorted(CHILDREN.get(t, [])):
        people = []
        if v in VILL_ORG:
            vo = VILL_ORG[v]
            chair, people = village_positions(v, vo, ORGS[vo]["founded"])
            if chance(0.7):
                add_pos(chair, oid, R.choice(["member", "representative"]), ORGS[vo]["founded"])
        if v in POP_ORG:
            po = POP_ORG[v]
            leader = None
            if people and chance(0.5):
                leader = next((p for c, p in people if c == "popularization_leader"), None)
            leader = pop_positions(v, po, ORGS[po]["founded"], leader)
            if ORGS[po]["parent"] == oid and chance(0.5):
                add_pos(leader, oid, "member", ORGS[po]["founded"])


RETIRED = None
for d in DISTRICTS:
    dorg = DIST_ORG[d]
    T = DIST_TERM[d]
    # chair, full-time vice chairs, staff
    DIST_CHAIR[d] = new_person("official", dname(d) + "科学技术协会", d)
    add_pos(DIST_CHAIR[d], dorg, "chair", T)
    for _ in range(R.choice([1, 2])):
        add_pos(new_person("official", dname(d) + "科学技术协会", d), dorg, "vice_chair", T)
    for _ in range(R.randint(2, 4)):
        add_pos(new_person("official", dname(d) + "科学技术协会", d), dorg, "staff", rdate("2005-01-01", "2020-03-31"))
    # part-time vice chairs: the "N" of the district (added with the 2018 pilot)
    needed = [c for c in DIST_CATS if c not in DIST_MISSING.get(d, [])]
    ptvc_cats = R.sample(needed, min(len(needed), R.randint(3, 5)))
    ptvc_start = rdate("2018-03-01", "2018-10-31") if d in PILOT else rdate("2018-06-01", "2019-12-31")
    for cat in ptvc_cats:
        pid = new_pool_person(d, cat, home=False)
        DIST_PTVC[d][cat] = pid
        add_pos(pid, dorg, "part_time_vice_chair", ptvc_start)

    # townships
    for t in TOWNSHIPS[d]:
        if t not in TOWN_ORG:
            continue
        oid = TOWN_ORG[t]
        F = TOWN_FOUNDED[t]
        if t == SHELL_STREET:
            continue
        late = F > AS_OF
        kind = rkind(t)
        req = STREET_CATS if kind == "street" else TOWN_CATS
        tn = rname(t)
        if t == REEST_TOWN:
            # the old association (2009-2019): its people carried over to the new one
            old_start = D("2016-04-12")
            chair = new_person("official", township_wp("official", t), t)
            add_pos(chair, OLD_REEST, "chair", old_start, D("2019-12-31"))
            add_pos(chair, oid, "chair", F)
            for cat in ("agri_station_head", "health_center_director"):
                pid = new_person(cat, township_wp(cat, t), t)
                add_pos(pid, OLD_REEST, "committee", old_start, D("2019-12-31"))
                add_pos(pid, oid, "part_time_vice_chair", F)
            for cat in ("school_principal", "tech_enterprise_head"):
                add_pos(new_person(cat, township_wp(cat, t), t), oid, "committee", F)
            for _ in range(4):
                cat = R.choice(["teacher", "medical_worker", "agri_technician", "engineer"])
                add_pos(new_person(cat, township_wp(cat, t), t), oid, "committee", F)
            add_pos(new_person("official", township_wp("official", t), t), oid, "staff", F)
            village_block(t, oid)
            continue
        if late:
            # founded in 2021: people already known as representatives of the district congress
            for cat, role in [("official", "chair"), ("official", "staff"), (req[0], "part_time_vice_chair"),
                              (req[1], "committee"), (req[-1], "committee")]:
                pid = new_person(cat, township_wp(cat, t), t)
                add_pos(pid, dorg, "representative", T)
                add_pos(pid, oid, role, F)
            continue
        s0 = lambda: rdate(F, min(plus(F, 30), AS_OF))
        chair = new_person("official", township_wp("official", t), t)
        if F < D("2019-07-01") and chance(0.08):
            x = rdate("2019-09-01", "2020-06-30")
            add_pos(chair, oid, "chair", F, x)
            add_pos(chair, dorg, "representative", T)
            chair = new_person("official", township_wp("official", t), t)
            add_pos(chair, oid, "chair", plus(x, 1))
        else:
            add_pos(chair, oid, "chair", F)
        if chance(0.7):
            add_pos(chair, dorg, "representative", max(T, F))
        for _ in range(R.choice([1, 1, 2])):
            add_pos(new_person("official", township_wp("official", t), t), oid, "staff", s0())
        missing = []
        if chance(0.22):
            missing = R.sample(req, R.choice([1, 1, 1, 2]))
        keys = [c for c in req if c not in missing]
        R.shuffle(keys)
        n_pt = min(len(keys), R.choice([1, 2, 2, 3]))
        for i, cat in enumerate(keys):
            pid = new_person(cat, township_wp(cat, t), t)
            role = "part_time_vice_chair" if i < n_pt else ("standing_committee" if chance(0.15) else "committee")
            st = s0()
            if RETIRED is None and cat == "health_center_director" and F < D("2019-01-01") and d not in PILOT:
                # deliberate: the retired director (no active position left) and the successor
                add_pos(pid, oid, role, st, D("2019-06-30"))
                RETIRED = pid
                pid = new_person(cat, township_wp(cat, t), t)
                add_pos(pid, oid, role, D("2019-07-01"))
            elif role == "committee" and F < D("2019-07-01") and chance(0.2):
                # promoted: committee first, part-time vice chair since
                x = rdate("2019-09-01", "2020-06-30")
                add_pos(pid, oid, "committee", st, x)
                add_pos(pid, oid, "part_time_vice_chair", plus(x, 1))
            else:
                add_pos(pid, oid, role, st)
            if F <= D("2020-10-31"):
                TKP[d].append((pid, F))
        extra_cats = ["teacher", "medical_worker", "engineer", "popularization_leader"]
        if kind != "street":
            extra_cats += ["agri_technician", "agri_technician", "popularization_leader"]
        for _ in range(R.randint(3, 8)):
            cat = R.choice(extra_cats)
            add_pos(new_person(cat, township_wp(cat, t), t), oid, "committee", s0())
        # seconded vice chairs (district key persons seconded down, two-year term)
        if d in PILOT or F < D("2019-01-01"):
            if chance(0.9 if d in PILOT else 0.7):
                second(d, oid, s0())
            if chance(0.5 if d in PILOT else 0.4):
                second(d, oid, rdate("2020-03-01", "2020-10-31"))
        elif chance(0.6):
            second(d, oid, rdate(F, min(plus(F, 60), AS_OF)))

        village_block(t, oid)

    # district committee: missing district categories, some township key persons, others
    present = set(ptvc_cats)
    size = R.randint(10, 20)
    members = 0
    for cat in [c for c in needed if c not in present]:
        pid = new_pool_person(d, cat, home=False)
        add_pos(pid, dorg, "committee", T)
        members += 1
    cands = [x for x in TKP[d] if posts(x[0]) < 3]
    for pid, F in R.sample(cands, min(len(cands), R.randint(2, 5))):
        add_pos(pid, dorg, "committee", max(T, plus(F, R.randint(20, 120))) if F < D("2020-09-01") else F)
        members += 1
    fillers = ["engineer", "teacher", "researcher", "medical_worker", "hospital_director", "tech_enterprise_head"]
    while members < size:
        cat = R.choice(fillers)
        pid = new_person(cat, district_wp(cat, d), d)
        add_pos(pid, dorg, "committee", T)
        members += 1

    # societies of the district
    for disc in ("medicine", "engineering", "agriculture", "basic_science"):
        sid = SOCIETIES.get((d, disc))
        if not sid:
            continue
        st = rdate(max(ORGS[sid]["founded"], D("2015-06-01")), "2019-12-20")
        dom = {"medicine": (["hospital_director"], ["medical_worker", "medical_worker", "hospital_director"]),
               "engineering": (["tech_enterprise_head", "engineer"], ["engineer", "engineer", "high_skill_talent"]),
               "agriculture": (["planting_center_director", "researcher"] if d in AGRI else ["researcher"],
                               ["agri_technician", "agri_station_head", "researcher"]),
               "basic_science": (["research_institute_head", "school_principal"], ["teacher", "researcher"]),
               }[disc]
        reuse = [DIST_PTVC[d][c] for c in dom[0] if c in DIST_PTVC[d]]
        if reuse and chance(0.4) and posts(reuse[0]) < 3:
            chair = reuse[0]
        else:
            cat = R.choice(dom[0])
            chair = new_person(cat, district_wp(cat, d), d)
        add_pos(chair, sid, "chair", st)
        for _ in range(R.choice([1, 2])):
            cat = R.choice(dom[0] + dom[1])
            add_pos(new_person(cat, district_wp(cat, d), d), sid, "part_time_vice_chair", st)
        cat = dom[1][0]
        add_pos(new_person(cat, district_wp(cat, d), d), sid, "staff", st)
        for _ in range(R.randint(3, 7)):
            cat = R.choice(dom[1])
            add_pos(new_person(cat, district_wp(cat, d), d), sid, "committee", st)
        if disc == "medicine":
            hc = [p for p, _ in TKP[d] if PERSONS[p]["category"] == "health_center_director" and posts(p) < 3]
            for p in R.sample(hc, min(len(hc), R.randint(0, 2))):
                add_pos(p, sid, "committee", max(st, D("2019-06-01")))
        for _ in range(R.randint(0, 5)):
            cat = dom[1][0]
            add_pos(new_person(cat, district_wp(cat, d), d), sid, "member", rdate(st, "2020-12-20"))

    # federation and rural technical associations
    if d in FED:
        fid = FED[d]
        fst = rdate(max(ORGS[fid]["founded"], D("2016-01-01")), "2019-06-30")
        if "planting_center_director" in DIST_PTVC[d] and chance(0.5):
            fchair = DIST_PTVC[d]["planting_center_director"]
        else:
            fchair = new_person("planting_center_director", district_wp("planting_center_director", d), d)
        add_pos(fchair, fid, "chair", fst)
        for _ in range(R.choice([1, 2])):
            add_pos(new_person("agri_technician", district_wp("agri_technician", d), d), fid,
                    "part_time_vice_chair", fst)
        add_pos(new_person("official", dname(d) + "科学技术协会", d), fid, "staff", fst)
        rta_chairs = []
        for rid, t in RTA:
            if district_of(t) != d:
                continue
            fd = ORGS[rid]["founded"]
            st = fd if fd > D("2015-01-01") else rdate("2015-01-01", "2019-12-20")
            cat = "popularization_leader" if chance(0.6) else "agri_technician"
            ch = new_person(cat, township_wp(cat, t), t)
            add_pos(ch, rid, "chair", st)
            rta_chairs.append((ch, st))
            if ORGS[rid]["parent"] == TOWN_ORG.get(t) and chance(0.5):
                add_pos(ch, TOWN_ORG[t], "member", max(st, TOWN_FOUNDED[t]))
            cat = R.choice(["agri_technician", "popularization_leader"])
            add_pos(new_person(cat, township_wp(cat, t), t), rid, "part_time_vice_chair", st)
            heads = [p for p, _ in TKP[d] if PERSONS[p]["category"] == "agri_station_head"
                     and PERSONS[p]["region"] == t and posts(p) < 3]
            if heads and chance(0.4):
                add_pos(heads[0], rid, "committee", max(st, D("2019-03-01")))
            for _ in range(R.randint(1, 3)):
                cat = R.choice(["agri_technician", "popularization_leader", "engineer"])
                add_pos(new_person(cat, township_wp(cat, t), t), rid, "committee", st)
            for _ in range(R.randint(3, 8)):
                cat = R.choice(["other", "other", "popularization_leader", "agri_technician"])
                add_pos(new_person(cat, township_wp(cat, t), t), rid, "member", rdate(st, "2020-12-20"))
        for ch, st in R.sample(rta_chairs, min(len(rta_chairs), R.randint(3, 6))):
            add_pos(ch, fid, "committee", max(st, fst))

# --- university, park and enterprise associations
for iid, oid in UNI_ORG.items():
    reg = INSTITUTIONS[iid]["region"]
    uname = INSTITUTIONS[iid]["name"]
    st = rdate(max(ORGS[oid]["founded"], D("2016-01-01")), "2019-12-20")
    ch = new_person("researcher", uname, reg)
    add_pos(ch, oid, "chair", st)
    if ORGS[oid]["parent"] == CITY_ORG:
        add_pos(ch, CITY_ORG, "committee", max(st, CITY_TERM))
    add_pos(new_person("official", uname, reg), oid, "vice_chair", st)
    for _ in range(R.randint(5, 10)):
        add_pos(new_person(R.choice(["researcher", "researcher", "teacher", "engineer"]), uname, reg), oid,
                "committee", st)
    for _ in range(R.choice([1, 2])):
        add_pos(new_person("official", uname, reg), oid, "staff", st)
    if ORGS[oid]["parent"] != CITY_ORG and chance(0.5):
        # a professor who also sits on the committee of the district association
        p = new_person("researcher", uname, reg)
        add_pos(p, oid, "committee", st)
        add_pos(p, DIST_ORG[reg], "committee", max(st, DIST_TERM[reg]))

for iid, oid in PARK_ORG.items():
    reg = INSTITUTIONS[iid]["region"]
    pname = INSTITUTIONS[iid]["name"]
    st = rdate(max(ORGS[oid]["founded"], D("2016-01-01")), "2019-12-20")
    add_pos(new_person("official", pname + "管理委员会", reg), oid, "chair", st)
    add_pos(new_person("official", pname + "管理委员会", reg), oid, "vice_chair", st)
    for _ in range(R.randint(4, 8)):
        cat = R.choice(["tech_enterprise_head", "engineer", "engineer", "high_skill_talent", "researcher"])
        add_pos(new_person(cat, company() if cat != "researcher" else institute(), reg), oid, "committee", st)
    for _ in range(R.choice([1, 2])):
        add_pos(new_person("official", pname + "管理委员会", reg), oid, "staff", st)

for iid, oid in ENT_ORG.items():
    reg = INSTITUTIONS[iid]["region"]
    ename = INSTITUTIONS[iid]["name"]
    st = rdate(max(ORGS[oid]["founded"], D("2017-01-01")), "2020-12-20")
    add_pos(new_person("tech_enterprise_head", ename, reg), oid, "chair", st)
    for _ in range(R.randint(2, 4)):
        add_pos(new_person(R.choice(["engineer", "engineer", "high_skill_talent"]), ename, reg), oid, "committee", st)
    add_pos(new_person("engineer", ename, reg), oid, "staff", st)
    for _ in range(R.randint(2, 6)):
        add_pos(new_person("engineer", ename, reg), oid, "member", rdate(st, "2020-12-20"))

# --- district chairs in the city association
for i, d in enumerate(DISTRICTS):
    role = "standing_committee" if d in PILOT or i % 4 == 0 else "committee"
    add_pos(DIST_CHAIR[d], CITY_ORG, role, max(CITY_TERM, DIST_TERM[d]))

# --- a few deliberately overloaded persons (counting-role posts in more than 3 organizations)
OVERLOADED = []


def overload(pid, extra, spare):
    """Give pid the extra posts, then committee seats in spare organizations until it has more than 3."""
    for oid, role, st in extra + [(o, "committee", D("2019-10-08")) for o in spare]:
        if posts(pid) > 3:
            break
        if oid and all(p["organization"] != oid for p in POS_BY_PERSON[pid]):
            add_pos(pid, oid, role, st)
    assert posts(pid) > 3, pid
    OVERLOADED.append(pid)


def town_orgs(d, kinds):
    return [TOWN_ORG[t] for t in TOWNSHIPS[d] if town_ok(t) and t != MISPLACED_STREET and rkind(t) in kinds]


jz, nk, bh, bd, xq = "120119000000", "120104000000", "120116000000", "120115000000", "120111000000"
p = DIST_PTVC[jz].get("hospital_director") or new_pool_person(jz, "hospital_director")
tw = town_orgs(jz, ("town",))
overload(p, [(SOCIETIES[(jz, "medicine")], "part_time_vice_chair", D("2018-05-10")),
             (tw[3], "committee", D("2019-03-18")), (tw[8], "committee", D("2019-04-02"))], tw[10:16])
p = DIST_PTVC[nk].get("tech_enterprise_head") or new_pool_person(nk, "tech_enterprise_head")
tw = town_orgs(nk, ("street",))
ent = [o for i, o in ENT_ORG.items() if district_of(INSTITUTIONS[i]["region"]) == nk]
overload(p, [(SOCIETIES[(nk, "engineering")], "part_time_vice_chair", D("2018-09-03")),
             (tw[1], "committee", D("2018-10-15")), (tw[5], "committee", D("2019-05-20")),
             (ent[0] if ent else None, "standing_committee", D("2019-08-01"))], tw[7:11])
p = DIST_PTVC[bh].get("research_institute_head") or new_pool_person(bh, "research_institute_head")
tw = town_orgs(bh, ("street",))
overload(p, [(CITY_ORG, "committee", D("2018-06-12")), (SOCIETIES[(bh, "basic_science")], "chair", D("2019-01-20")),
             (tw[2], "seconded_vice_chair", D("2020-04-08"))], tw[6:10])
tkp = [q for q, _ in TKP[bd] if PERSONS[q]["category"] == "agri_station_head"]
p = tkp[0]
t = PERSONS[p]["region"]
overload(p, [(FED[bd], "committee", D("2019-05-06")), (DIST_ORG[bd], "committee", D("2019-05-06"))]
         + [(rid, "chair", D("2019-05-06")) for rid, tt in RTA if tt == t][:1]
         + [(o, "committee", D("2019-09-09")) for o in town_orgs(bd, ("town",)) if o != "A" + t][:1],
         town_orgs(bd, ("town",))[5:9])
p = next(q for q in POS_BY_PERSON if any(x["organization"] == UNI_ORG["U04"] and x["role"] == "chair"
                                         for x in POS_BY_PERSON[q]))
overload(p, [(CITY_ORG, "committee", D("2018-03-30")), (DIST_ORG[xq], "part_time_vice_chair", D("2018-07-01")),
             (SOCIETIES[(xq, "engineering")], "committee", D("2019-04-15"))], town_orgs(xq, ("street",)))

# --- remaining deliberate anomalies
# a volunteer whose only appointment was typed with a digit missing in the person id
dangle_village = min(v for v in VILL_ORG if v.startswith("120119104") and v != TYPO_VILLAGE)
dangle_org = VILL_ORG[dangle_village]
NEVER_APPOINTED = new_person("popularization_volunteer", village_wp("x", dangle_village), dangle_village)
dangling = add_pos(NEVER_APPOINTED, dangle_org, "committee", D("2020-05-06"))
dangling["person"] = "p%05d" % int(NEVER_APPOINTED[1:])   # typed with a digit missing
POS_BY_PERSON[NEVER_APPOINTED].remove(dangling)

# ---------------------------------------------------------------- links

# urban district -> rural district whose towns its streets pair with (对接帮扶)
DPAIR = [("120101000000", "120119000000"), ("120102000000", "120117000000"), ("120103000000", "120115000000"),
         ("120104000000", "120118000000"), ("120105000000", "120114000000"), ("120106000000", "120114000000"),
         ("120110000000", "120115000000"), ("120116000000", "120119000000")]
for a, b in DPAIR:
    add_link(DIST_ORG[a], DIST_ORG[b], "cooperates", rdate("2018-03-01", "2018-12-20"))
    streets = [t for t in TOWNSHIPS[a] if town_ok(t) and t != MISPLACED_STREET]
    towns = [t for t in TOWNSHIPS[b] if town_ok(t) and rkind(t) in ("town", "township") and t != REEST_TOWN]
    R.shuffle(towns)
    for s, t in zip(streets, towns):
        if chance(0.85):
            st = rdate(max(TOWN_FOUNDED[s], TOWN_FOUNDED[t]), min(plus(max(TOWN_FOUNDED[s], TOWN_FOUNDED[t]), 150), AS_OF))
            end = rdate("2020-03-01", "2020-11-30") if chance(0.06) and st < D("2020-01-01") else None
            add_link(TOWN_ORG[s], TOWN_ORG[t], "pairs_with", st, end, "0.8" if chance(0.08) else "")
for a, b in [("120116000000", "120110000000"), ("120111000000", "120104000000"),
             ("120112000000", "120103000000"), ("120113000000", "120105000000")]:
    add_link(DIST_ORG[a], DIST_ORG[b], "cooperates", rdate("2018-01-01", "2020-06-30"))
UNI_COOP = {"U13": ["120119000000", "120115000000", "120117000000"], "U09": ["120118000000"],
            "U10": ["120110000000"], "U05": ["120116000000", "120112000000"], "U04": ["120111000000"],
            "U01": ["120104000000", "120116000000"], "U02": ["120104000000", "120112000000"],
            "U03": ["120101000000"], "U11": ["120111000000"], "U06": ["120111000000"], "U15": ["120103000000"]}
for iid in sorted(UNI_COOP):
    for d in UNI_COOP[iid]:
        add_link(UNI_ORG[iid], DIST_ORG[d], "cooperates", rdate("2017-01-01", "2020-09-30"),
                 weight="1.0" if iid == "U13" and d == "120119000000" else "")
# a cooperation agreement recorded with the 天津外国语大学 association, which does not exist
add_link(DIST_ORG["120103000000"], "UA14", "cooperates", D("2019-09-10"))
for (d, disc), sid in sorted(SOCIETIES.items()):
    if chance(0.8):
        add_link(sid, DIST_ORG[d], "group_member", max(ORGS[sid]["founded"], D("2016-01-01")))
for iid, oid in sorted(ENT_ORG.items()):
    if ORGS[oid]["parent"] and chance(0.7):
        add_link(oid, ORGS[oid]["parent"], "group_member", ORGS[oid]["founded"],
                 weight="0.6" if chance(0.05) else "")
for rid, t in RTA:
    fid = FED[district_of(t)]
    add_link(rid, fid, "federation_member", max(ORGS[rid]["founded"], ORGS[fid]["founded"]),
             weight="1.0" if chance(0.03) else "")

# ---------------------------------------------------------------- write


def write(name, header, rows):
    with open(os.path.join(HERE, name), "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


write("institutions.csv", ["id", "name", "kind", "region"],
      sorted([i["id"], i["name"], i["kind"], i["region"]] for i in INSTITUTIONS.values()))
write("organizations.csv", ["id", "name", "type", "region", "parent", "institution", "discipline", "founded",
                            "dissolved"],
      sorted([o["id"], o["name"], o["type"], o["region"], o["parent"], o["institution"], o["discipline"],
              iso(o["founded"]), iso(o["dissolved"])] for o in ORGS.values()))
write("persons.csv", ["id", "name", "category", "sector", "workplace", "region"],
      sorted([p["id"], p["name"], p["category"], p["sector"], p["workplace"], p["region"]]
             for p in PERSONS.values()))
write("positions.csv", ["person", "organization", "role", "start", "end"],
      sorted([p["person"], p["organization"], p["role"], iso(p["start"]), iso(p["end"])] for p in POSITIONS))
write("links.csv", ["from", "to", "kind", "weight", "start", "end"],
      sorted([l["frm"], l["to"], l["kind"], l["weight"], iso(l["start"]), iso(l["end"])] for l in LINKS))

print("organizations %d, persons %d, positions %d, links %d, institutions %d"
      % (len(ORGS), len(PERSONS), len(POSITIONS), len(LINKS), len(INSTITUTIONS)))

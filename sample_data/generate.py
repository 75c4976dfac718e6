"""Demo exports for the CRM OKR dashboard: Northwind Trading / 北风贸易.

One fictional company (B2B + B2C office equipment, CNY, regions East/North/South/West) seen through
eight exports in the shapes real CRMs write: Salesforce, HubSpot, 纷享销客 (Fxiaoke), Zoho Desk,
简道云 (Jiandaoyun), Dynamics 365 and a hand-made spend sheet.  Data runs from 2024-07-01 to 2026-08-16,
so 2026-Q3 is the running quarter.

    .venv/bin/python sample_data/generate.py            # rewrites the files next to this script

Deterministic: every random draw comes from ``random.Random`` streams seeded with a fixed string, all
dates are fixed (no clock), and xlsx files are zipped with fixed timestamps and document properties,
so the bytes are identical on every run.  ``generate(out_dir)`` is the entry point used by the tests.
"""

from __future__ import annotations

import base64
import csv
import io
import math
import uuid
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from random import Random

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.writer.excel import ExcelWriter

SEED = "northwind-2026"
START = datetime(2024, 7, 1)
END = datetime(2026, 8, 16, 23, 59)  # the last moment with data
HORIZON = datetime(2027, 2, 28)  # conversions are simulated past END so recent leads look in flight
EXPORTED = datetime(2026, 8, 17, 9, 12)
SPAN_DAYS = (END - START).total_seconds() / 86400
MONTH_DAYS = 30.44

FILES = (
    "deals_salesforce_report.csv",
    "leads_hubspot.csv",
    "客户列表_纷享销客.xlsx",
    "销售订单_纷享销客.xlsx",
    "tickets_zoho_desk.csv",
    "nps_survey_jiandaoyun.csv",
    "activities_dynamics365.xlsx",
    "marketing_spend.xlsx",
)

REGIONS = ("East", "North", "South", "West")
REGION_WEIGHTS = (0.34, 0.22, 0.26, 0.18)
REGION_PAIRS = tuple(zip(REGIONS, REGION_WEIGHTS, strict=True))
SALES_REPS = {
    "East": ("Wang Fang", "Emily Zhou"),
    "North": ("Li Wei", "David Liu"),
    "South": ("Zhang Min", "Sarah Lin"),
    "West": ("Chen Jing", "Kevin Xu"),
}
AGENTS = {
    "East": ("Li Na", "Grace Wu"),
    "North": ("Zhao Lei",),
    "South": ("Huang Ting", "Tom Sun"),
    "West": ("Liu Yang",),
}
CITIES = {
    "East": ("上海", "杭州", "南京", "苏州", "宁波", "合肥"),
    "North": ("北京", "天津", "济南", "青岛", "石家庄", "太原"),
    "South": ("广州", "深圳", "厦门", "福州", "东莞", "南宁"),
    "West": ("成都", "重庆", "西安", "昆明", "贵阳", "兰州"),
}

# Channels: HubSpot "Original Source" labels, used as-is in every file.  转介绍 = referral without a lead.
ORGANIC, PAID, REFERRALS, SOCIAL, OFFLINE, EMAIL = (
    "Organic Search", "Paid Search", "Referrals", "Social Media", "Offline Sources", "Email Marketing",
)
CHANNELS = (ORGANIC, PAID, REFERRALS, SOCIAL, OFFLINE, EMAIL)
REFERRAL_CN = "转介绍"
# Trade shows (Offline Sources): big spend in the show month, revenue 1-2 months later.
SHOWS = (
    date(2024, 9, 11), date(2024, 11, 20), date(2025, 3, 19), date(2025, 6, 18),
    date(2025, 9, 17), date(2025, 11, 19), date(2026, 3, 18), date(2026, 6, 17),
)
# The quarter's stories (README "The running quarter"): the Paid Search budget was cut at the end of June 2026,
# so that channel's leads dried up; the South service team moved to a split shift on 1 July 2026 and answers
# far sooner since.
PAID_CUT = datetime(2026, 7, 1)
PAID_AFTER_CUT = 0.12  # the share of Paid Search's usual leads still arriving (ads already paid, old links)
SOUTH_SHIFT = datetime(2026, 7, 1)
SOUTH_SHIFT_FACTOR = 0.4  # first response time of the South team after the new shift

SURNAMES = (
    ("王", "Wang"), ("李", "Li"), ("张", "Zhang"), ("刘", "Liu"), ("陈", "Chen"), ("杨", "Yang"),
    ("黄", "Huang"), ("赵", "Zhao"), ("吴", "Wu"), ("周", "Zhou"), ("徐", "Xu"), ("孙", "Sun"),
    ("马", "Ma"), ("朱", "Zhu"), ("胡", "Hu"), ("郭", "Guo"), ("何", "He"), ("林", "Lin"),
    ("高", "Gao"), ("罗", "Luo"), ("郑", "Zheng"), ("梁", "Liang"), ("谢", "Xie"), ("宋", "Song"),
    ("唐", "Tang"), ("韩", "Han"), ("冯", "Feng"), ("邓", "Deng"), ("曹", "Cao"), ("彭", "Peng"),
    ("曾", "Zeng"), ("肖", "Xiao"), ("田", "Tian"), ("董", "Dong"), ("潘", "Pan"), ("袁", "Yuan"),
    ("蔡", "Cai"), ("蒋", "Jiang"), ("余", "Yu"), ("叶", "Ye"),
)
GIVEN = (
    ("伟", "Wei"), ("芳", "Fang"), ("娜", "Na"), ("敏", "Min"), ("静", "Jing"), ("丽", "Li"),
    ("强", "Qiang"), ("磊", "Lei"), ("洋", "Yang"), ("艳", "Yan"), ("勇", "Yong"), ("军", "Jun"),
    ("杰", "Jie"), ("娟", "Juan"), ("涛", "Tao"), ("明", "Ming"), ("超", "Chao"), ("霞", "Xia"),
    ("平", "Ping"), ("刚", "Gang"), ("婷", "Ting"), ("浩", "Hao"), ("宇", "Yu"), ("欣", "Xin"),
    ("秀英", "Xiuying"), ("桂英", "Guiying"), ("思琪", "Siqi"), ("子涵", "Zihan"), ("雨桐", "Yutong"),
    ("俊杰", "Junjie"), ("志强", "Zhiqiang"), ("建华", "Jianhua"), ("海燕", "Haiyan"),
    ("晓东", "Xiaodong"), ("文博", "Wenbo"), ("嘉怡", "Jiayi"), ("一鸣", "Yiming"), ("子轩", "Zixuan"),
    ("欣怡", "Xinyi"), ("浩然", "Haoran"), ("梦洁", "Mengjie"), ("国栋", "Guodong"), ("丽华", "Lihua"),
    ("晓燕", "Xiaoyan"), ("振宇", "Zhenyu"), ("佳琪", "Jiaqi"), ("志明", "Zhiming"), ("雪梅", "Xuemei"),
    ("宏伟", "Hongwei"), ("春华", "Chunhua"), ("凯", "Kai"), ("琳", "Lin"), ("颖", "Ying"), ("斌", "Bin"),
)
ENGLISH_FIRST = (
    "Jason", "Cathy", "Tony", "Vivian", "Eric", "Grace", "Jack", "Helen", "Leo", "Amy", "Frank", "Iris",
    "Peter", "Coco", "Alan", "Bella", "Ryan", "Joyce",
)
COMPANY_CORES = (
    ("明达", "mingda"), ("华信", "huaxin"), ("盛源", "shengyuan"), ("恒通", "hengtong"), ("博远", "boyuan"),
    ("鑫泰", "xintai"), ("金桥", "jinqiao"), ("瑞丰", "ruifeng"), ("永安", "yongan"), ("宏图", "hongtu"),
    ("天成", "tiancheng"), ("新锐", "xinrui"), ("启航", "qihang"), ("睿智", "ruizhi"), ("嘉禾", "jiahe"),
    ("东升", "dongsheng"), ("联创", "lianchuang"), ("卓越", "zhuoyue"), ("信诚", "xincheng"),
    ("远航", "yuanhang"), ("九州", "jiuzhou"), ("锦程", "jincheng"), ("合众", "hezhong"), ("海川", "haichuan"),
    ("普华", "puhua"), ("兴业", "xingye"), ("立信", "lixin"), ("宏达", "hongda"), ("正源", "zhengyuan"),
    ("安泰", "antai"), ("德润", "derun"), ("方圆", "fangyuan"), ("弘毅", "hongyi"), ("精诚", "jingcheng"),
    ("鼎盛", "dingsheng"), ("万和", "wanhe"), ("百川", "baichuan"), ("泰和", "taihe"), ("骏腾", "junteng"),
    ("云帆", "yunfan"), ("星河", "xinghe"), ("晨光", "chenguang"), ("蓝海", "lanhai"), ("致远", "zhiyuan"),
)
INDUSTRIES = (
    ("科技有限公司", "tech"), ("贸易有限公司", "trade"), ("信息技术有限公司", "it"),
    ("建筑设计有限公司", "design"), ("物流有限公司", "logistics"), ("医疗器械有限公司", "med"),
    ("教育咨询有限公司", "edu"), ("文化传媒有限公司", "media"), ("会计师事务所", "cpa"),
    ("律师事务所", "law"), ("电子商务有限公司", "ec"), ("机械制造有限公司", "mfg"),
    ("餐饮管理有限公司", "food"), ("生物科技有限公司", "bio"), ("人力资源服务有限公司", "hr"),
)
MAIL_DOMAINS = ("qq.com", "163.com", "126.com", "gmail.com", "outlook.com", "sina.com")

# Order items: list price in CNY (Fxiaoke product names).
PRICES = {
    "彩色数码复合机": 28800, "激光打印机": 1899, "多功能一体机": 2899, "会议平板": 15800, "投影仪": 3999,
    "升降办公桌": 2599, "人体工学椅": 1199, "碎纸机": 699, "考勤机": 699, "硒鼓": 359, "A4复印纸（箱）": 149,
}
# Salesforce products -> order lines (item, quantity range for segment A, for segment B).
BUNDLES = {
    "Color MFP Copier": (("彩色数码复合机", (3, 7), (1, 2)), ("硒鼓", (10, 30), (4, 10))),
    "Laser Printer Fleet": (("激光打印机", (15, 45), (4, 12)), ("硒鼓", (20, 60), (6, 20))),
    "Meeting Room Display": (("会议平板", (3, 8), (1, 2)), ("投影仪", (0, 4), (0, 1))),
    "Office Furniture Package": (("升降办公桌", (20, 60), (6, 16)), ("人体工学椅", (20, 60), (6, 16))),
    "Managed Print Supplies": (("硒鼓", (60, 180), (20, 60)), ("A4复印纸（箱）", (100, 360), (30, 100))),
    "Attendance & Security": (("考勤机", (4, 12), (1, 4)), ("碎纸机", (3, 10), (1, 3))),
}
BUNDLE_WEIGHTS = (0.22, 0.2, 0.14, 0.2, 0.16, 0.08)
BUNDLE_PAIRS = tuple(zip(BUNDLES, BUNDLE_WEIGHTS, strict=True))
B2C_ITEMS = (
    ("激光打印机", 0.14, (1, 1)), ("多功能一体机", 0.12, (1, 1)), ("人体工学椅", 0.15, (1, 2)),
    ("升降办公桌", 0.09, (1, 1)), ("碎纸机", 0.06, (1, 1)), ("硒鼓", 0.24, (1, 4)),
    ("A4复印纸（箱）", 0.14, (1, 5)), ("投影仪", 0.06, (1, 1)),
)
B2B_REORDER_ITEMS = (
    ("硒鼓", 0.36, (5, 40)), ("A4复印纸（箱）", 0.34, (10, 80)), ("激光打印机", 0.1, (1, 4)),
    ("人体工学椅", 0.1, (2, 10)), ("碎纸机", 0.05, (1, 3)), ("考勤机", 0.05, (1, 2)),
)

OPEN_STAGES = ("Prospecting", "Qualification", "Needs Analysis", "Proposal/Price Quote", "Negotiation/Review")
MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


# --------------------------------------------------------------------------------------------- helpers
def rng_for(name: str) -> Random:
    """An independent, fixed random stream per entity (tuning one file never shifts another)."""
    return Random(f"{SEED}:{name}")


def frac(x: datetime) -> float:
    """Position of ``x`` in the data window, 0 at START and 1 at END (clamped)."""
    return min(1.0, max(0.0, (x - START).total_seconds() / 86400 / SPAN_DAYS))


def lerp(a: float, b: float, x: float) -> float:
    return a + (b - a) * x


def add_months(d: date, n: int) -> date:
    y, m = divmod(d.month - 1 + n, 12)
    return date(d.year + y, m + 1, 1)


def months(first: date, last: date) -> list[date]:
    out, m = [], date(first.year, first.month, 1)
    while m <= last:
        out.append(m)
        m = add_months(m, 1)
    return out


def quarter_index(d: date | datetime) -> int:
    """0 for 2024-Q3, 1 for 2024-Q4, ..."""
    return (d.year - 2024) * 4 + (d.month - 1) // 3 - 2


def quarter_start(d: date | datetime) -> datetime:
    return datetime(d.year, 3 * ((d.month - 1) // 3) + 1, 1)


def weighted(rng: Random, pairs) -> object:
    total = sum(w for _, w in pairs)
    r = rng.random() * total
    for value, w in pairs:
        r -= w
        if r < 0:
            return value
    return pairs[-1][0]


def work_time(rng: Random, day: date, *, weekdays: bool = True, late: bool = False) -> datetime:
    """A plausible time of day on ``day`` (moved off weekends when ``weekdays``)."""
    if weekdays and day.weekday() >= 5 and rng.random() < 0.9:
        day = day + timedelta(days=7 - day.weekday())
    hour = rng.choice((9, 9, 10, 10, 10, 11, 11, 13, 14, 14, 15, 15, 16, 16, 17, 18))
    if late:
        hour = rng.choice((8, 9, 10, 11, 12, 13, 14, 15, 16, 19, 20, 20, 21, 21, 22))
    return datetime(day.year, day.month, day.day, hour, rng.randrange(60))


def random_day(rng: Random, first: datetime, last: datetime) -> date:
    span = max(0, (last.date() - first.date()).days)
    return first.date() + timedelta(days=rng.randint(0, span))


class Smooth:
    """Bernoulli draws by error diffusion: successes track the running sum of probabilities, so a rate's
    trend shows in quarterly aggregates without binomial noise drowning it."""

    def __init__(self, rng: Random):
        self.acc = rng.random()

    def __call__(self, p: float) -> bool:
        self.acc += p
        if self.acc >= 1.0:
            self.acc -= 1.0
            return True
        return False


def gamma_days(rng: Random, mean: float, shape: float, lo: float, hi: float) -> float:
    return min(hi, max(lo, rng.gammavariate(shape, mean / shape)))


def poisson_times(rng: Random, start: datetime, end: datetime, per_month, max_per_month: float):
    """Event times of a Poisson process with time-varying rate ``per_month(t)`` (thinning)."""
    out, t = [], start
    if end <= start:
        return out
    while True:
        t = t + timedelta(days=rng.expovariate(max_per_month / MONTH_DAYS))
        if t >= end:
            return out
        if rng.random() * max_per_month < per_month(t):
            out.append(t)


def sf_date(d: datetime | date) -> str:
    return f"{d.month}/{d.day}/{d.year}"


def hub_time(d: datetime) -> str:
    return d.strftime("%Y-%m-%d %H:%M")


def zoho_time(d: datetime) -> str:
    return f"{d.day:02d} {MONTH_ABBR[d.month - 1]}, {d.year} {d.hour:02d}:{d.minute:02d}:{d.second:02d}"


def jdy_time(d: datetime) -> str:
    return f"{d.year}/{d.month}/{d.day} {d.hour}:{d.minute:02d}"


def money(x: float) -> float:
    return round(x + 1e-9, 2)


# ------------------------------------------------------------------------------------------ the model
@dataclass
class Person:
    hanzi: str
    first: str
    last: str
    email: str


@dataclass
class Customer:
    name: str
    contact: Person
    region: str
    owner: str
    segment: str  # A / B (business accounts) or C (consumers and micro-businesses)
    channel: str
    created: datetime
    legacy: bool = False
    first_deal_created: datetime | None = None
    churned_at: datetime | None = None
    cid: str = ""
    lead: Lead | None = None

    @property
    def b2b(self) -> bool:
        return self.segment in ("A", "B")

    def active_until(self) -> datetime:
        return min(self.churned_at or END, END)


@dataclass
class Lead:
    created: datetime
    channel: str
    person: Person
    region: str
    owner: str
    converted_at: datetime | None = None  # may lie after END: the lead is still in flight
    b2b: bool = False
    deal_created: datetime | None = None
    customer: Customer | None = None
    record_id: int = 0


@dataclass
class Deal:
    customer: Customer
    product: str
    lines: list[tuple[str, int, float]]
    created: datetime
    close: datetime
    outcome: str  # won | lost | open
    stage: str
    oid: str = ""

    @property
    def amount(self) -> float:
        return money(sum(q * p for _, q, p in self.lines))


@dataclass
class Order:
    customer: Customer
    at: datetime
    lines: list[tuple[str, int, float]]
    status: str = "已完成"
    refund_share: float = 0.0
    number: str = ""


@dataclass
class World:
    customers: list[Customer] = field(default_factory=list)
    leads: list[Lead] = field(default_factory=list)
    deals: list[Deal] = field(default_factory=list)
    orders: list[Order] = field(default_factory=list)


class Names:
    """Unique people and company names."""

    def __init__(self, rng: Random):
        self.rng = rng
        self.used: set[str] = set()

    def person(self, *, company_domain: str | None = None) -> Person:
        rng = self.rng
        sur, sur_py = rng.choice(SURNAMES)
        giv, giv_py = rng.choice(GIVEN)
        hanzi = sur + giv
        style = rng.random()
        if style < 0.7:
            first, last = giv, sur
        elif style < 0.85:
            first, last = giv_py, sur_py
        else:
            first, last = rng.choice(ENGLISH_FIRST), sur_py
        local = f"{first.lower() if first.isascii() else giv_py.lower()}.{sur_py.lower()}"
        if company_domain:
            email = f"{local}@{company_domain}"
        else:
            email = f"{local}{rng.randint(1, 999)}@{rng.choice(MAIL_DOMAINS)}"
        return Person(hanzi, first, last, email)

    def consumer(self) -> Person:
        for _ in range(50):
            p = self.person()
            if p.hanzi not in self.used:
                self.used.add(p.hanzi)
                return p
        p = self.person()
        p.hanzi += "（个人）"
        self.used.add(p.hanzi)
        return p

    def company(self, region: str) -> tuple[str, str]:
        rng = self.rng
        while True:
            core, core_py = rng.choice(COMPANY_CORES)
            ind, ind_py = rng.choice(INDUSTRIES)
            name = rng.choice(CITIES[region]) + core + ind
            if name not in self.used:
                self.used.add(name)
                return name, f"{core_py}{ind_py}.com"


SEGMENT_BY_CHANNEL = {
    OFFLINE: (("A", 0.15), ("B", 0.85)),
    REFERRALS: (("A", 0.14), ("B", 0.44), ("C", 0.42)),
    REFERRAL_CN: (("A", 0.14), ("B", 0.44), ("C", 0.42)),
    ORGANIC: (("A", 0.08), ("B", 0.3), ("C", 0.62)),
    PAID: (("A", 0.05), ("B", 0.27), ("C", 0.68)),
    SOCIAL: (("A", 0.02), ("B", 0.13), ("C", 0.85)),
    EMAIL: (("A", 0.05), ("B", 0.3), ("C", 0.65)),
}
# Lead-to-customer conversion rate by channel (before the time trend).
CONVERSION = {REFERRALS: 0.34, ORGANIC: 0.14, PAID: 0.105, SOCIAL: 0.08, EMAIL: 0.095}
NEW_CUSTOMERS_BASE = 108.0  # new customers in 2024-Q3; +5% a quarter, +15% in Q4
LEGACY_CUSTOMERS = 420


def other_channel_weights(x: float, month: datetime | None = None):
    paid = lerp(0.23, 0.19, x) * (PAID_AFTER_CUT if month is not None and month >= PAID_CUT else 1.0)
    return (
        (REFERRAL_CN, lerp(0.07, 0.13, x)), (REFERRALS, lerp(0.12, 0.2, x)), (ORGANIC, 0.25),
        (PAID, paid), (SOCIAL, lerp(0.19, 0.15, x)), (EMAIL, 0.12),
    )


def after_paid_cut(n: int, x: float, month: datetime) -> int:
    """The month's new customers of the other channels once Paid Search's share has mostly gone."""
    before = sum(w for _, w in other_channel_weights(x))
    return round(n * sum(w for _, w in other_channel_weights(x, month)) / before)


def conversion_rate(channel: str, x: float) -> float:
    return CONVERSION[channel] * lerp(0.8, 1.25, x)


def sales_cycle_mean(x: float) -> float:
    return lerp(53.0, 38.0, x)


def allocate(rng: Random, n: int, weights, carry: dict[str, float]) -> list[str]:
    """``n`` labels split by ``weights`` with carried remainders (smooth shares), in random order."""
    total = sum(w for _, w in weights)
    expected = {label: n * w / total + carry.get(label, 0.0) for label, w in weights}
    counts = {label: max(0, int(v)) for label, v in expected.items()}
    by_remainder = sorted(expected, key=lambda label: (counts[label] - expected[label], label))
    for label in by_remainder[:max(0, n - sum(counts.values()))]:
        counts[label] += 1
    for label in expected:
        carry[label] = expected[label] - counts[label]
    out = [label for label, _ in weights for _ in range(counts[label])]
    rng.shuffle(out)
    return out


def monthly_targets() -> dict[date, int]:
    out, cum, given = {}, 0.0, 0
    for m in months(START.date(), HORIZON.date()):
        per_quarter = NEW_CUSTOMERS_BASE * 1.05 ** quarter_index(m) * (1.15 if m.month >= 10 else 1.0)
        cum += per_quarter / 3
        out[m] = round(cum) - given
        given += out[m]
    return out


def build_customers_and_leads(world: World) -> None:
    rng = rng_for("customers")
    names = Names(rng_for("names"))
    targets = monthly_targets()
    pending: list[Customer] = []  # converts at ``created`` (possibly after END)

    def owner_of(region: str) -> str:
        return rng.choice(SALES_REPS[region])

    def new_customer(channel: str, segment: str, region: str, owner: str, at: datetime,
                     contact: Person | None = None) -> Customer:
        if segment == "C":
            person = contact or names.consumer()
            name = person.hanzi
        else:
            name, domain = names.company(region)
            person = contact or names.person(company_domain=domain)
        return Customer(name, person, region, owner, segment, channel, at)

    # Offline Sources: trade-show leads (a burst over the show days) plus a trickle of small events.
    offline_leads: list[Lead] = []
    for show in SHOWS:
        x = frac(datetime.combine(show, datetime.min.time()))
        n = round(lerp(120, 150, x)) + rng.randint(-8, 8)
        for _ in range(n):
            day = show + timedelta(days=weighted(rng, ((0, 0.35), (1, 0.35), (2, 0.2), (3, 0.06), (6, 0.04))))
            offline_leads.append(Lead(work_time(rng, day), OFFLINE, Person("", "", "", ""), "", ""))
    for m in months(START.date(), END.date()):
        for _ in range(rng.randint(5, 10)):
            day = random_day(rng, datetime.combine(m, datetime.min.time()),
                             datetime.combine(add_months(m, 1), datetime.min.time()) - timedelta(days=1))
            if datetime.combine(day, datetime.min.time()) <= END:
                offline_leads.append(Lead(work_time(rng, day), OFFLINE, Person("", "", "", ""), "", ""))
    offline_leads.sort(key=lambda lead: lead.created)
    # Exactly the planned share of each show's leads converts (a quota keeps the shows comparable).
    converting: set[int] = set()
    for show in SHOWS:
        batch = [i for i, lead in enumerate(offline_leads) if 0 <= (lead.created.date() - show).days <= 6]
        x = frac(datetime.combine(show, datetime.min.time()))
        converting.update(rng.sample(batch, round(len(batch) * lerp(0.14, 0.17, x))))
    offline_converted: dict[date, int] = {}
    for i, lead in enumerate(offline_leads):
        lead.region = weighted(rng, REGION_PAIRS)
        lead.owner = owner_of(lead.region)
        x = frac(lead.created)
        is_show = any(0 <= (lead.created.date() - s).days <= 6 for s in SHOWS)
        if i in converting or (not is_show and rng.random() < 0.09):
            segment = weighted(rng, SEGMENT_BY_CHANNEL[OFFLINE])
            deal_created = lead.created + timedelta(days=rng.uniform(2, 6))
            cycle = gamma_days(rng, lerp(57, 45, x), 8.0, 15, 130)  # trade-show buyers take a little longer
            conv = work_time(rng, (deal_created + timedelta(days=cycle)).date(), weekdays=False)
            cust = new_customer(OFFLINE, segment, lead.region, lead.owner, conv)
            cust.first_deal_created = deal_created
            lead.person, lead.converted_at, lead.b2b, lead.deal_created = cust.contact, conv, True, deal_created
            lead.customer = cust
            cust.lead = lead
            pending.append(cust)
            key = date(conv.year, conv.month, 1)
            offline_converted[key] = offline_converted.get(key, 0) + 1
        else:
            lead.person = names.person(company_domain=names.company(lead.region)[1]) if rng.random() < 0.8 \
                else names.person()
        world.leads.append(lead)

    # Every other channel, top-down: the month's new customers, then the leads they came from.
    carry: dict[str, float] = {}
    for m, target in targets.items():
        m_start = datetime.combine(m, datetime.min.time())
        m_end = datetime.combine(add_months(m, 1), datetime.min.time()) - timedelta(minutes=1)
        n_other = max(0, target - offline_converted.get(m, 0))
        x_mid = frac(m_start + timedelta(days=15))
        n_other = after_paid_cut(n_other, x_mid, m_start)
        for channel in allocate(rng, n_other, other_channel_weights(x_mid, m_start), carry):
            conv = work_time(rng, random_day(rng, m_start, m_end))
            x = frac(conv)
            segment = weighted(rng, SEGMENT_BY_CHANNEL[channel])
            region = weighted(rng, REGION_PAIRS)
            owner = owner_of(region)
            cust = new_customer(channel, segment, region, owner, conv)
            lead_at = deal_created = None
            if cust.b2b:
                deal_created = conv - timedelta(days=gamma_days(rng, sales_cycle_mean(x), 4.0, 6, 150))
                cust.first_deal_created = deal_created
                lead_at = deal_created - timedelta(days=rng.uniform(1, 12))
            else:
                lag = min(60.0, 0.1 + rng.expovariate(1 / (16 if channel == EMAIL else 9)))
                lead_at = conv - timedelta(days=lag)
            if channel != REFERRAL_CN:
                lead = Lead(lead_at, channel, cust.contact, region, owner, conv, cust.b2b, deal_created, cust)
                cust.lead = lead
                world.leads.append(lead)
            pending.append(cust)
        # Leads of the month that never convert, sized by each channel's conversion rate.
        if m_start > END:
            continue
        x = frac(m_start + timedelta(days=15))
        for channel, w in other_channel_weights(x, m_start):
            if channel == REFERRAL_CN:
                continue
            r = conversion_rate(channel, x)
            expected = target * 0.77 * w * (1 - r) / r
            for _ in range(int(expected) + (rng.random() < expected - int(expected))):
                at = work_time(rng, random_day(rng, m_start, min(m_end, END)), weekdays=False, late=True)
                if at > END:
                    at = work_time(rng, END.date(), weekdays=False)
                region = weighted(rng, REGION_PAIRS)
                company = rng.random() < (0.2 if channel == SOCIAL else 0.45)
                person = names.person(company_domain=names.company(region)[1]) if company else names.person()
                world.leads.append(Lead(at, channel, person, region, owner_of(region)))

    # Customers who already existed in Fxiaoke before the window (no HubSpot lead).
    legacy_rng = rng_for("legacy")
    for _ in range(LEGACY_CUSTOMERS):
        at = START - timedelta(days=1277 * legacy_rng.random() ** 1.6 + 1)
        at = work_time(legacy_rng, at.date())
        channel = weighted(legacy_rng, ((ORGANIC, 0.22), (PAID, 0.15), (REFERRAL_CN, 0.18), (REFERRALS, 0.08),
                                        (OFFLINE, 0.22), (SOCIAL, 0.07), (EMAIL, 0.08)))
        segment = weighted(legacy_rng, (("A", 0.13), ("B", 0.35), ("C", 0.52)))
        region = weighted(legacy_rng, REGION_PAIRS)
        cust = new_customer(channel, segment, region, legacy_rng.choice(SALES_REPS[region]), at)
        cust.legacy = True
        pending.append(cust)

    # Churn: a quarterly hazard, lower in the quarter a customer joins.
    churn_rng = rng_for("churn")
    real = sorted((c for c in pending if c.created <= END), key=lambda c: c.created)
    for cust in real:
        q = quarter_start(cust.created)
        while q <= END and cust.churned_at is None:
            q_end = datetime.combine(add_months(q.date(), 3), datetime.min.time())
            hazard = lerp(0.082, 0.064, frac(q)) if q >= START else 0.08
            if cust.created > q:
                hazard *= 0.35 * (q_end - cust.created) / (q_end - q)
            if churn_rng.random() < hazard:
                lo, hi = max(q, cust.created + timedelta(days=10)), min(q_end, END)
                if lo < hi:
                    cust.churned_at = (lo + (hi - lo) * churn_rng.random()).replace(second=0, microsecond=0)
            q = q_end
    for i, cust in enumerate(real, start=1):
        cust.cid = f"C{i:06d}"
    world.customers = real
    # HubSpot only holds contacts created since the CRM went live on 2024-07-01.
    world.leads = sorted((lead for lead in world.leads if START <= lead.created <= END),
                         key=lambda lead: lead.created)
    record = 20_450_000
    id_rng = rng_for("hubspot-ids")
    for lead in world.leads:
        record += id_rng.randint(1, 120)
        lead.record_id = record


# ---------------------------------------------------------------------------------------- deals, orders
def deal_lines(rng: Random, product: str, segment: str, x: float) -> list[tuple[str, int, float]]:
    lines = []
    for item, qty_a, qty_b in BUNDLES[product]:
        lo, hi = qty_a if segment == "A" else qty_b
        qty = rng.randint(lo, hi)
        if qty:
            price = round(PRICES[item] * lerp(1.0, 1.05, x) * rng.uniform(0.82, 0.97) / 10) * 10
            lines.append((item, qty, float(price)))
    return lines


def build_deals(world: World) -> None:
    rng = rng_for("deals")
    products = BUNDLE_PAIRS

    def add(cust: Customer, created: datetime, close: datetime, outcome: str, stage: str) -> None:
        product = weighted(rng, products)
        lines = deal_lines(rng, product, cust.segment, frac(close))
        world.deals.append(Deal(cust, product, lines, created, close, outcome, stage))

    expansion_start = datetime(2024, 1, 1)
    expansions: list[tuple[datetime, str, datetime, Customer]] = []
    for cust in world.customers:
        if not cust.b2b:
            continue
        if cust.first_deal_created is not None:
            add(cust, cust.first_deal_created, cust.created, "won", "Closed Won")
            for _ in range(weighted(rng, ((0, 0.4), (1, 0.35), (2, 0.25)))):  # quotes the prospect turned down
                created = cust.first_deal_created - timedelta(days=rng.uniform(40, 200))
                close = created + timedelta(days=gamma_days(rng, 30, 3.0, 5, 90))
                if START <= close < cust.first_deal_created:
                    add(cust, created, close, "lost", "Closed Lost")
        rate = 0.56 if cust.segment == "A" else 0.23
        begin = max(cust.created + timedelta(days=21), expansion_start)
        for created in poisson_times(rng, begin, cust.active_until(), lambda t, r=rate: r, rate):
            cycle = gamma_days(rng, sales_cycle_mean(frac(created)), 4.0, 5, 160)
            expansions.append((created + timedelta(days=cycle), cust.cid, created, cust))
    # Expansion deals in close-date order; outcomes by error diffusion so the win rate trend is smooth.
    wins = Smooth(rng)
    for close, _, created, cust in sorted(expansions, key=lambda e: e[:2]):
        if close > END:
            progress = (END - created) / (close - created)
            add(cust, created, close, "open", OPEN_STAGES[min(4, int(progress * 5))])
            continue
        won = wins(lerp(0.135, 0.2, frac(created)))
        if cust.churned_at is not None and close > cust.churned_at:
            won, close = False, cust.churned_at
        if close < START:
            continue
        if not won and close > END - timedelta(days=120) and rng.random() < 0.04:
            add(cust, created, close, "open", rng.choice(OPEN_STAGES[3:]))  # stale: close date passed
        else:
            add(cust, created, close, "won" if won else "lost", "Closed Won" if won else "Closed Lost")
    world.deals.sort(key=lambda d: (d.created, d.customer.cid))
    n = 0
    for deal in world.deals:
        n += rng.randint(1, 900)
        body = "0065g00000" + _base62(n + 1_000_000, 5)
        deal.oid = body + _sf_suffix(body)


def _base62(n: int, width: int) -> str:
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
    out = ""
    while n:
        n, r = divmod(n, 62)
        out = alphabet[r] + out
    return out.rjust(width, "0")[-width:]


def _sf_suffix(id15: str) -> str:
    """The 3-character case-safe suffix Salesforce appends to 15-character ids."""
    table = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"
    out = ""
    for chunk in range(3):
        bits = sum(1 << i for i, ch in enumerate(id15[chunk * 5:chunk * 5 + 5]) if "A" <= ch <= "Z")
        out += table[bits]
    return out


def build_orders(world: World) -> None:
    rng = rng_for("orders")
    for deal in world.deals:
        if deal.outcome == "won" and deal.close <= END:
            world.orders.append(Order(deal.customer, deal.close, list(deal.lines)))

    def basket(items, n_lines: int, x: float, b2c: bool) -> list[tuple[str, int, float]]:
        lines, seen = [], set()
        for _ in range(n_lines):
            item, _, (lo, hi) = weighted(rng, tuple(((i, w, q), w) for i, w, q in items))
            if item in seen:
                continue
            seen.add(item)
            base = PRICES[item] * lerp(1.0, 1.06, x)
            price = (round(base * rng.uniform(0.9, 1.0) / 10) * 10 - 1) if b2c and base > 100 else \
                round(base * rng.uniform(0.86, 0.96))
            qty = rng.randint(lo, hi) if b2c else round(rng.randint(lo, hi) * lerp(1.0, 1.3, x)) or 1
            lines.append((item, qty, float(price)))
        return lines

    for cust in world.customers:
        start = max(cust.created, START)
        if cust.segment == "C":
            if cust.created >= START:
                n = weighted(rng, ((1, 0.78), (2, 0.18), (3, 0.04)))
                world.orders.append(Order(cust, cust.created, basket(B2C_ITEMS, n, frac(cust.created), True)))
                start = cust.created + timedelta(days=3)
            rate = lambda t: lerp(0.23, 0.42, frac(t))  # noqa: E731
            peak = 0.42
        else:
            lo, hi = (0.6, 0.85) if cust.segment == "A" else (0.36, 0.54)
            rate = lambda t, lo=lo, hi=hi: lerp(lo, hi, frac(t))  # noqa: E731
            peak = hi
            if cust.created >= START:
                start = cust.created + timedelta(days=10)
        for at in poisson_times(rng, start, cust.active_until(), rate, peak):
            x = frac(at)
            if cust.segment == "C":
                lines = basket(B2C_ITEMS, weighted(rng, ((1, lerp(0.78, 0.62, x)), (2, 0.22), (3, 0.06))), x, True)
                at = work_time(rng, at.date(), weekdays=False, late=True)
            else:
                lines = basket(B2B_REORDER_ITEMS, weighted(rng, ((1, 0.55), (2, 0.33), (3, 0.12))), x, False)
                at = work_time(rng, at.date())
            if at <= END and at >= START:
                world.orders.append(Order(cust, at, lines))
    world.orders.sort(key=lambda o: (o.at, o.customer.cid))
    per_day: dict[date, int] = {}
    for order in world.orders:
        r = rng.random()
        if r < 0.03:
            order.status = "已取消"
        elif r < 0.055:
            order.status, order.refund_share = "已退款", (1.0 if rng.random() < 0.8 else 0.5)
        day = order.at.date()
        per_day[day] = per_day.get(day, 0) + 1
        order.number = f"SO{day:%Y%m%d}{per_day[day]:04d}"


# ------------------------------------------------------------------------------------------- writers
def save_xlsx(wb: Workbook, path: Path) -> None:
    """Save with fixed document properties and fixed zip timestamps: identical bytes on every run."""
    wb.properties.creator = "Northwind Trading"
    wb.properties.lastModifiedBy = "Northwind Trading"
    wb.properties.created = EXPORTED
    wb.properties.modified = EXPORTED
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_STORED) as archive:  # compressed once, below
        ExcelWriter(wb, archive).save()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw.getvalue())) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2026, 8, 17, 9, 12, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.create_system = 0
            fixed.external_attr = 0
            dst.writestr(fixed, src.read(info.filename), compresslevel=9)
    path.write_bytes(out.getvalue())


def write_csv(path: Path, header, rows, *, encoding="utf-8", newline="\r\n", quote_all=False,
              prefix: bytes = b"", footer: str = "") -> None:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator=newline, quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL)
    writer.writerow(header)
    writer.writerows(rows)
    path.write_bytes(prefix + (buf.getvalue() + footer).encode(encoding))


def write_deals(world: World, out: Path) -> int:
    rows = []
    for d in world.deals:
        c = d.customer
        rows.append([
            d.oid, f"{c.name} - {d.product}", c.cid, c.name, c.owner, f"Sales - {c.region}", c.region,
            d.product, d.stage, f"{d.amount:.2f}", "CNY", sf_date(d.created), sf_date(d.close),
            REFERRALS if c.channel == REFERRAL_CN else c.channel,
        ])
    footer = "\r\n".join([
        "", f'"Grand Totals ({len(rows)} records)"', '""', '"Confidential Information - Do Not Distribute"', '""',
        '"Copyright (c) 2000-2026 salesforce.com, inc. All rights reserved."', '""',
        '"Generated By:  Wang Fang  8/17/2026 9:12 AM"', '"Northwind Trading"', "",
    ])
    header = ["Opportunity ID", "Opportunity Name", "Account ID", "Account Name", "Opportunity Owner", "Owner Role",
              "Region", "Product", "Stage", "Amount", "Opportunity Currency", "Created Date", "Close Date",
              "Lead Source"]
    write_csv(out / FILES[0], header, rows, quote_all=True, footer=footer)
    return len(rows)


def write_leads(world: World, out: Path) -> int:
    rng = rng_for("lead-status")
    rows = []
    for lead in world.leads:
        converted = lead.converted_at is not None and lead.converted_at <= END and lead.customer is not None
        age = (END - lead.created).days
        if converted:
            stage, status = "customer", rng.choice(("", "", "", "Connected", "Open Deal"))
        elif lead.converted_at is not None:  # converts after the export: in flight
            if lead.deal_created is not None and lead.deal_created <= END:
                stage, status = "opportunity", "Open Deal"
            elif lead.b2b:
                stage, status = "salesqualifiedlead", rng.choice(("In Progress", "Connected"))
            else:
                stage, status = "marketingqualifiedlead", rng.choice(("Open", "In Progress", "Attempted to Contact"))
        elif age < 30:
            stage = weighted(rng, (("lead", 0.5), ("marketingqualifiedlead", 0.35), ("salesqualifiedlead", 0.15)))
            status = rng.choice(("New", "New", "Open", "In Progress", "Attempted to Contact"))
        else:
            stage = weighted(rng, (("lead", 0.55), ("marketingqualifiedlead", 0.3), ("salesqualifiedlead", 0.12),
                                   ("opportunity", 0.03)))
            status = weighted(rng, (("Unqualified", 0.35), ("Bad timing", 0.2), ("Attempted to Contact", 0.2),
                                    ("Connected", 0.1), ("Open", 0.1), ("", 0.05)))
        p = lead.person
        rows.append([
            lead.record_id, p.first, p.last, p.email, hub_time(lead.created), lead.channel, stage, status,
            lead.owner, hub_time(lead.converted_at) if converted else "",
            lead.customer.cid if converted else "", lead.region,
        ])
    header = ["Record ID", "First Name", "Last Name", "Email", "Create Date", "Original Source", "Lifecycle Stage",
              "Lead Status", "Contact owner", "Became a Customer Date", "Associated Company ID", "Region"]
    write_csv(out / FILES[1], header, rows, prefix=b"\xef\xbb\xbf", newline="\n")
    return len(rows)


def write_customers(world: World, out: Path) -> int:
    orders_per_customer: dict[str, int] = {}
    for o in world.orders:
        if o.status != "已取消":
            orders_per_customer[o.customer.cid] = orders_per_customer.get(o.customer.cid, 0) + 1
    wb = Workbook()
    ws = wb.active
    ws.title = "客户"
    header = ["客户编号", "客户名称", "客户来源", "所属区域", "客户级别", "负责人", "创建时间", "成交状态", "客户状态",
              "流失日期"]
    ws.append(["客户列表（导出时间：2026-08-17）"])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    ws["A1"].font = Font(bold=True, size=14)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws.append([])
    ws.append(header)
    fill = PatternFill("solid", fgColor="DDEBF7")
    for cell in ws[3]:
        cell.font, cell.fill = Font(bold=True), fill
    for c in world.customers:
        deals_done = "多次成交" if orders_per_customer.get(c.cid, 0) >= 2 else "已成交"
        ws.append([
            c.cid, c.name, c.channel, c.region, c.segment, c.owner, c.created.strftime("%Y-%m-%d %H:%M:00"),
            deals_done, "已流失" if c.churned_at else "正常",
            c.churned_at.strftime("%Y-%m-%d") if c.churned_at else None,
        ])
    for col, width in zip("ABCDEFGHIJ", (12, 34, 16, 10, 10, 12, 20, 10, 10, 12), strict=True):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "A4"
    save_xlsx(wb, out / FILES[2])
    return len(world.customers)


def write_orders(world: World, out: Path) -> int:
    wb = Workbook()
    ws = wb.active
    ws.title = "销售订单"
    header = ["销售订单编号", "订单行号", "客户编号", "下单日期", "产品名称", "数量", "单价", "订单金额", "订单状态",
              "退款金额", "所属区域", "成交渠道"]
    ws.append(header)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    n = qty_sum = amount_sum = refund_sum = 0
    for o in world.orders:
        for line_no, (item, qty, price) in enumerate(o.lines, start=1):
            amount = money(qty * price)
            refund = money(amount * o.refund_share)
            ws.append([o.number, line_no, o.customer.cid, o.at.date(), item, qty, price, amount, o.status, refund,
                       o.customer.region, o.customer.channel])
            n += 1
            qty_sum += qty
            amount_sum += amount
            refund_sum += refund
    ws.append(["合计", None, None, None, None, qty_sum, None, money(amount_sum), None, money(refund_sum), None, None])
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
    for row in ws.iter_rows(min_row=2, min_col=4, max_col=10):
        row[0].number_format = "yyyy-mm-dd"
        row[3].number_format = row[4].number_format = row[6].number_format = "#,##0.00"
    for col, width in zip("ABCDEFGHIJKL", (18, 8, 10, 12, 16, 8, 12, 14, 10, 12, 10, 16), strict=True):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "A2"
    doc = wb.create_sheet("字段说明")
    doc.append(["字段", "说明"])
    for row in (
        ("销售订单编号", "系统生成，SO+下单日期+流水号；一个订单可有多行"), ("订单行号", "订单内的产品行序号"),
        ("客户编号", "对应客户列表中的客户编号"), ("下单日期", "客户下单日期"), ("产品名称", "产品目录中的名称"),
        ("数量", "购买数量"), ("单价", "成交单价（元，含税）"), ("订单金额", "本行金额 = 数量 × 单价（元）"),
        ("订单状态", "已完成 / 已取消 / 已退款"), ("退款金额", "已退款订单的退款金额（元）"),
        ("所属区域", "East / North / South / West"), ("成交渠道", "客户来源渠道"),
    ):
        doc.append(list(row))
    doc.sheet_state = "hidden"
    save_xlsx(wb, out / FILES[3])
    return n


TICKET_SUBJECTS = {
    "Question": (
        ("Consumables", "硒鼓型号咨询"), ("Consumables", "耗材续订流程咨询"), ("Billing", "增值税专用发票如何申请"),
        ("Delivery", "物流进度查询"), ("Delivery", "能否预约周末送货"), ("Printers", "打印机如何设置双面打印"),
        ("Copiers", "复合机扫描到邮箱怎么设置"), ("Furniture", "升降桌高度记忆功能怎么用"),
    ),
    "Problem": (
        ("Printers", "打印机卡纸"), ("Printers", "打印机无法连接WiFi"), ("Printers", "打印颜色偏淡"),
        ("Copiers", "复合机报错代码 E-302"), ("Copiers", "复合机需要上门保养"), ("Furniture", "升降桌电机异响"),
        ("Furniture", "办公椅气压棒下沉"), ("Installation", "会议平板安装调试"), ("Installation", "投影仪无信号"),
        ("Consumables", "复印纸到货数量不符"),
    ),
    "Complaint": (
        ("Delivery", "投诉：送货延迟三天"), ("Installation", "投诉：安装师傅迟到"), ("Billing", "投诉：发票迟迟未开"),
        ("Billing", "投诉：重复扣款"), ("Delivery", "投诉：收到的商品有划痕"), ("Copiers", "投诉：维修后问题依旧"),
        ("Printers", "投诉：客服电话无人接听"),
    ),
    "Feature Request": (
        ("Billing", "希望支持电子发票批量下载"), ("Consumables", "建议增加耗材自动补货提醒"),
        ("Delivery", "希望支持微信查询物流"), ("Printers", "希望提供驱动一键安装包"),
    ),
}
TICKET_DETAILS = ("客户补充：型号 HP M428fdw", "客户补充：已重启两次无效", "联系人电话已更新", "附件为现场照片",
                  "客户补充：急用，请尽快处理")


def write_tickets(world: World, out: Path) -> int:
    rng = rng_for("tickets")
    tickets = []
    for cust in world.customers:
        seg_factor = 1.15 if cust.b2b else 0.9
        rate = lambda t, f=seg_factor: f * (0.285 + 0.3 * (1 - frac(t)) ** 2)  # noqa: E731
        for at in poisson_times(rng, max(cust.created, START), cust.active_until(), rate, 0.585 * seg_factor):
            created = work_time(rng, at.date())
            if created > END:  # a weekend ticket at the very end stays on its weekend
                created = work_time(rng, at.date(), weekdays=False)
            tickets.append((created + timedelta(seconds=rng.randrange(60)), cust))
    tickets.sort(key=lambda t: (t[0], t[1].cid))
    rows = []
    complaints, top_complaint, top_other = Smooth(rng), Smooth(rng), Smooth(rng)
    ticket_id = 7_421_000_000_104_000
    for created, cust in tickets:
        x = frac(created)
        ticket_id += rng.randint(1, 40)
        if complaints(0.235 * 0.3 ** x):
            ttype = "Complaint"
        else:
            ttype = weighted(rng, (("Question", 0.45), ("Problem", 0.4), ("Feature Request", 0.15)))
        category, subject = rng.choice(TICKET_SUBJECTS[ttype])
        if rng.random() < 0.015:
            subject = f"{subject}\n{rng.choice(TICKET_DETAILS)}"
        priority = weighted(rng, (("High", 0.45), ("Medium", 0.45), ("Low", 0.1)) if ttype == "Complaint"
                            else (("High", 0.12), ("Medium", 0.55), ("Low", 0.33)))
        channel = weighted(rng, (("Email", lerp(0.4, 0.3, x)), ("Phone", 0.3), ("Web", 0.18),
                                 ("Chat", lerp(0.12, 0.22, x))))
        agent = rng.choice(AGENTS[cust.region])
        frt = math.exp(rng.gauss(math.log(34 * 0.36 ** x), 0.75)) * (0.7 if priority == "High" else 1.0)
        if cust.region == "South" and created >= SOUTH_SHIFT:
            frt *= SOUTH_SHIFT_FACTOR
        frt = max(0.05, frt)
        responded = created + timedelta(hours=frt) <= END
        resolution = frt + math.exp(rng.gauss(math.log(lerp(40, 20, x)), 0.8))
        closed_at = created + timedelta(hours=resolution)
        resolved = rng.random() >= lerp(0.2, 0.04, x) and closed_at <= END
        if resolved:
            status = "Closed"
        else:
            status = "On Hold" if rng.random() < (0.6 if created < END - timedelta(days=30) else 0.25) else "Open"
        rating = ""
        if resolved and rng.random() < 0.6:
            if ttype == "Complaint":
                top = top_complaint(lerp(0.76, 0.895, x) - 0.28)
            else:
                top = top_other(min(1.0, lerp(0.76, 0.895, x) + (0.04 if frt < 8 else 0.0)))
            if top:
                rating = "5" if rng.random() < 0.55 else "4"
            else:
                rating = weighted(rng, (("3", 0.6), ("2", 0.25), ("1", 0.15)))
        rows.append([
            ticket_id, subject, cust.contact.hanzi, cust.cid, status, priority, channel, ttype, category, agent,
            f"Service - {cust.region}", cust.region, zoho_time(created), f"{frt:.2f}" if responded else "",
            f"{resolution:.2f}" if resolved else "", zoho_time(closed_at) if resolved else "", rating,
        ])
    header = ["Ticket Id", "Subject", "Contact Name", "Account Id", "Status", "Priority", "Channel", "Type",
              "Category", "Ticket Owner", "Team", "Region", "Created Time", "First Response Time (in hours)",
              "Resolution Time (in hours)", "Closed Time", "Satisfaction Rating"]
    write_csv(out / FILES[4], header, rows, newline="\n")
    return len(rows)


NPS_COMMENTS = {
    "promoter": ("服务很专业，送货也快", "打印机质量稳定，会推荐给朋友", "销售顾问很耐心", "售后响应比以前快多了",
                 "价格合理, 发票也开得及时", "会议平板效果很好，同事都说好用", "一站式采购很省心"),
    "passive": ("整体还行，价格可以再优惠一些", "希望售后响应再快一点", "产品不错，物流一般", "安装预约有点难约",
                "耗材价格偏高"),
    "detractor": ("售后响应太慢，等了两天才有人回复", "送货延迟，包装破损", "发票开具太慢", "维修后问题依旧，体验很差",
                  "客服电话经常打不通", "价格偏高, 不如网上直营店"),
}


def write_nps(world: World, out: Path) -> int:
    rng = rng_for("nps")
    responses = []
    while len(responses) < 1200:
        day = random_day(rng, START, END)
        at = work_time(rng, day, weekdays=False, late=True)
        cust = rng.choice(world.customers)
        if cust.created <= at <= cust.active_until():
            responses.append((at, cust))
    responses.sort(key=lambda r: (r[0], r[1].cid))
    rows = []
    owed = {"promoter": rng.random(), "passive": rng.random(), "detractor": rng.random()}
    for at, cust in responses:
        x = frac(at)
        # The band most "owed" by its running share (smooth trend), then a score inside the band.
        shares = {"promoter": lerp(0.38, 0.55, x), "detractor": lerp(0.27, 0.13, x)}
        shares["passive"] = 1 - shares["promoter"] - shares["detractor"]
        for key in owed:
            owed[key] += shares[key]
        band = max(owed, key=lambda key: (owed[key], key))
        owed[band] -= 1
        score = rng.choice({"promoter": (9, 10, 10), "passive": (7, 8, 8),
                            "detractor": (0, 2, 3, 4, 5, 5, 6, 6, 6)}[band])
        comment = rng.choice(NPS_COMMENTS[band]) if rng.random() < 0.45 else ""
        if comment and rng.random() < 0.02:
            comment += "\n另外希望增加线上下单渠道"
        rows.append([jdy_time(at), cust.contact.hanzi, cust.cid, score, comment])
    write_csv(out / FILES[5], ["提交时间", "提交人", "客户编号", "推荐意愿(0-10分)", "意见与建议"], rows,
              encoding="gb18030")
    return len(rows)


ACTIVITY_SUBJECTS = {
    "Phone Call": ("电话跟进：{p}", "回访客户使用情况", "确认交付时间", "Follow-up call: {p}", "电话沟通报价细节"),
    "Appointment": ("上门拜访", "产品演示：{p}", "商务洽谈", "季度业务回顾", "Site visit"),
    "Email": ("发送报价单：{p}", "合同条款确认", "Quote follow-up: {p}", "发送产品资料", "发送样机试用协议"),
    "Task": ("准备投标文件", "更新客户资料", "安排样机试用：{p}", "提交特价申请", "Prepare proposal: {p}"),
}
AFTER_SALES = "after-sales"
ACTIVITY_TYPES = (("Phone Call", 0.38), ("Email", 0.3), ("Appointment", 0.2), ("Task", 0.12))


def write_activities(world: World, out: Path) -> int:
    rng = rng_for("activities")
    acts = []
    for deal in world.deals:
        lo, hi = max(deal.created, START), min(deal.close, END)
        if hi <= lo:
            continue
        n = 1 + min(10, int(rng.expovariate(1 / (0.75 + (hi - lo).days / 34))))
        for _ in range(n):
            at = lo + (hi - lo) * rng.random()
            acts.append((at, deal.customer, deal.product))
    for cust in world.customers:  # account management of business customers
        if not cust.b2b:
            continue
        rate = 0.24 if cust.segment == "A" else 0.1
        for at in poisson_times(rng, max(cust.created, START), cust.active_until(), lambda t, r=rate: r, rate):
            acts.append((at, cust, None))
    follow_up = Smooth(rng)  # after-sales calls to consumers, a growing habit
    for order in world.orders:
        if order.customer.segment == "C" and follow_up(lerp(0.08, 0.3, frac(order.at))):
            acts.append((order.at + timedelta(days=rng.uniform(1, 6)), order.customer, AFTER_SALES))
    rows = []
    for at, cust, product in acts:
        at = work_time(rng, at.date())
        if at > END:
            at = work_time(rng, END.date(), weekdays=False)
        if product == AFTER_SALES:
            kind = weighted(rng, (("Phone Call", 0.75), ("Email", 0.25)))
            subject = rng.choice(("购买回访", "使用情况回访", "Satisfaction call", "耗材使用提醒"))
            rows.append([at, kind, subject, cust, cust.owner])
            continue
        kind = weighted(rng, ACTIVITY_TYPES)
        template = rng.choice(ACTIVITY_SUBJECTS[kind])
        subject = template.format(p=product or weighted(rng, BUNDLE_PAIRS))
        rows.append([at, kind, subject, cust, cust.owner])
    rows.sort(key=lambda r: (r[0], r[3].cid, r[1]))
    wb = Workbook()
    ws = wb.active
    ws.title = "Activities"
    header = ["(Do Not Modify) Activity", "(Do Not Modify) Row Checksum", "(Do Not Modify) Modified On",
              "Activity Type", "Subject", "Regarding", "Owner", "Actual End", "Team"]
    ws.append(header)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for at, kind, subject, cust, owner in rows:
        guid = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        checksum = base64.b64encode(rng.getrandbits(96).to_bytes(12, "big")).decode()
        modified = min(END, at + timedelta(minutes=rng.randint(5, 60 * 24 * 3)))
        ws.append([guid, checksum, modified, kind, subject, cust.name, owner, at, f"Sales - {cust.region}"])
    for row in ws.iter_rows(min_row=2, min_col=3, max_col=8):
        row[0].number_format = row[5].number_format = "yyyy-mm-dd hh:mm"
    for col in "ABC":
        ws.column_dimensions[col].hidden = True
    for col, width in zip("DEFGHI", (14, 32, 34, 14, 18, 14), strict=True):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "D2"
    meta = wb.create_sheet("hiddenSheet")
    meta.append(["activitypointer", "Mo+4PQ0BhBQ3xYkGR7LQdA==:activityid=%28Do%20Not%20Modify%29%20Activity"])
    meta.sheet_state = "veryHidden"
    save_xlsx(wb, out / FILES[6])
    return len(rows)


def write_spend(world: World, out: Path) -> int:
    rng = rng_for("spend")
    lead_counts: dict[tuple[date, str], int] = {}
    for lead in world.leads:
        key = (date(lead.created.year, lead.created.month, 1), lead.channel)
        lead_counts[key] = lead_counts.get(key, 0) + 1
    # Offline cohort revenue: completed orders of customers whose Offline lead was created in month T.
    cohort: dict[date, list[tuple[datetime, float]]] = {}
    for o in world.orders:
        lead = o.customer.lead
        if lead is None or lead.channel != OFFLINE or o.status == "已取消" or lead.created < START:
            continue
        amount = sum(q * p for _, q, p in o.lines) * (1 - o.refund_share)
        cohort.setdefault(date(lead.created.year, lead.created.month, 1), []).append((o.at, amount))
    show_months = {date(s.year, s.month, 1) for s in SHOWS}
    rows = []
    for m in months(START.date(), END.date()):
        x = frac(datetime.combine(m, datetime.min.time()))
        share = 16 / 31 if m == date(2026, 8, 1) else 1.0  # August 2026: spend booked to date
        spend = {
            ORGANIC: 18000 * lerp(1.0, 1.1, x) * rng.uniform(0.95, 1.05),
            PAID: 58000 * rng.uniform(0.97, 1.03) * (0.05 if m >= PAID_CUT.date() else 1.0),
            REFERRALS: 1800 * lerp(1.0, 1.3, x) * rng.uniform(0.9, 1.1),
            SOCIAL: 26000 * lerp(1.0, 1.3, x) * rng.uniform(0.95, 1.05),
            EMAIL: 8000 * rng.uniform(0.95, 1.05),
            OFFLINE: 12000 * rng.uniform(0.8, 1.2),
        }
        spend = {k: round(v * share, -2) for k, v in spend.items()}
        if m in show_months:
            # Big up front, paid back by the cohort's revenue in T+2 (not yet by the end of T+1).
            end1 = datetime.combine(add_months(m, 2), datetime.min.time())
            end2 = datetime.combine(add_months(m, 3), datetime.min.time())
            r1 = sum(a for at, a in cohort.get(m, []) if at < end1)
            r2 = sum(a for at, a in cohort.get(m, []) if at < end2)
            budget = round(380_000 * lerp(1.0, 1.2, x) * rng.uniform(0.92, 1.08), -3)
            margin = 0.15 * (r2 - r1)
            spend[OFFLINE] = round(min(max(budget, r1 + margin), r2 - margin), -3)
        for channel in CHANNELS:
            rows.append((m, channel, float(spend[channel])))
    wb = Workbook()
    ws = wb.active
    ws.title = "Spend"
    ws.append(["Month", "Channel", "Spend (CNY)"])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for m, channel, amount in rows:
        ws.append([m, channel, amount])
    for row in ws.iter_rows(min_row=2):
        row[0].number_format = "yyyy-mm"
        row[2].number_format = "#,##0"
    ws.column_dimensions["A"].width = 10
    ws.column_dimensions["B"].width = 18
    ws.column_dimensions["C"].width = 14
    save_xlsx(wb, out / FILES[7])
    return len(rows)


def generate(out_dir: Path) -> dict[str, int]:
    """Write every demo export into ``out_dir``; return the data rows written per file."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    world = World()
    build_customers_and_leads(world)
    build_deals(world)
    build_orders(world)
    return {
        FILES[0]: write_deals(world, out_dir),
        FILES[1]: write_leads(world, out_dir),
        FILES[2]: write_customers(world, out_dir),
        FILES[3]: write_orders(world, out_dir),
        FILES[4]: write_tickets(world, out_dir),
        FILES[5]: write_nps(world, out_dir),
        FILES[6]: write_activities(world, out_dir),
        FILES[7]: write_spend(world, out_dir),
    }


if __name__ == "__main__":
    counts = generate(Path(__file__).resolve().parent)
    for name, n in counts.items():
        print(f"{n:>7}  {name}")

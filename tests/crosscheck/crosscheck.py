#!/usr/bin/env python3
"""Independent cross-check of the whole Deflect metric catalogue.

Writes data sets (the built-in sample via `deflect sample`, and a generated one with the
awkward cases: unknown customers, DST, business time with split shifts and holidays, survey
files, every abandon stage, missing values), runs `deflect report --json` on them, recomputes
every metric row here from METRICS.md and the readings stated in the catalogue, and compares.

Standard library only. Usage:

    python3 tests/crosscheck/crosscheck.py --deflect target/debug/deflect [--keep DIR]

Exit status 0 when every row agrees, 1 otherwise (each difference is printed).
"""

import argparse
import bisect
import csv
import datetime as dt
import io
import json
import math
import os
import random
import subprocess
import sys
import tempfile
from collections import defaultdict
from zoneinfo import ZoneInfo

UTC = dt.timezone.utc
EPOCH = dt.datetime(1970, 1, 1, tzinfo=UTC)
SECOND, MINUTE, HOUR, DAY = 1000, 60_000, 3_600_000, 86_400_000
WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
CHANNELS = ["phone", "email", "chat", "messaging", "social", "web_form", "other"]
KINDS = ["help_center", "faq", "portal", "chatbot", "ivr", "community"]
NONE_GROUP = "(none)"


# ------------------------------------------------------------------------------------------
# Reading canonical files (mirrors the documented ingestion rules the metrics rely on)


def ms_of(text):
    if not text:
        return None
    t = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    return (t - EPOCH) // dt.timedelta(milliseconds=1)


def secs(text):
    return None if text in (None, "") else round(float(text) * 1000)


def boolean(text):
    t = (text or "").strip().lower()
    if t in ("true", "yes", "y", "1"):
        return True
    if t in ("false", "no", "n", "0"):
        return False
    return None


def count(text):
    return None if text in (None, "") else int(text)


def csat_scale(values):
    nums = [float(v) for v in values if v not in ("", None)]
    if not nums:
        return "1-5"
    lo, hi = min(nums), max(nums)
    if hi > 10 or lo < 0:
        return "freshdesk_103"
    if hi > 5 or lo == 0:
        return "0-10"
    return "1-5"


def customer_key(text):
    t = (text or "").strip()
    return t.lower() if "@" in t else t


def read_files(paths):
    contacts, sessions, surveys = [], [], []
    for file_no, path in enumerate(paths):
        with open(path, newline="", encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        header = rows[0].keys() if rows else []
        if "started" in header and "kind" in header:
            for line, r in enumerate(rows, start=2):
                sessions.append(
                    dict(
                        id=r.get("id", ""),
                        customer=customer_key(r.get("customer", "")),
                        kind=r["kind"],
                        started=ms_of(r["started"]),
                        query=r.get("query", "") or "",
                        outcome=r.get("outcome", "") or "unknown",
                        contact_id=(r.get("contact_id", "") or "").strip(),
                        not_demand=False,
                    )
                )
        elif "contact_id" in header and "score" in header:
            scale = csat_scale([r["score"] for r in rows])
            for r in rows:
                if r["score"] == "":
                    continue
                surveys.append(dict(contact_id=r["contact_id"].strip(), score=float(r["score"]), scale=scale))
        else:
            scale = csat_scale([r.get("csat", "") for r in rows])
            for line, r in enumerate(rows, start=2):
                c = dict(
                    file=file_no,
                    line=line,
                    id=r.get("id", "").strip(),
                    customer=customer_key(r.get("customer", "")),
                    channel=r.get("channel", "") or "other",
                    created=ms_of(r["created"]),
                    first_response=ms_of(r.get("first_response", "")),
                    resolved=ms_of(r.get("resolved", "")),
                    closed=ms_of(r.get("closed", "")),
                    status=(r.get("status", "") or "").strip(),
                    priority=(r.get("priority", "") or "").strip(),
                    direction=(r.get("direction", "") or "").strip(),
                    agent=(r.get("agent", "") or "").strip(),
                    team=(r.get("team", "") or "").strip(),
                    issue_type=(r.get("issue_type", "") or "").strip(),
                    reopens=count(r.get("reopens", "")),
                    agent_replies=count(r.get("agent_replies", "")),
                    escalated=boolean(r.get("escalated", "")),
                    csat=None if (r.get("csat", "") or "") == "" else dict(score=float(r["csat"]), scale=scale),
                    queue_wait=secs(r.get("queue_wait_s", "")),
                    talk=secs(r.get("talk_s", "")),
                    hold=secs(r.get("hold_s", "")),
                    after_work=secs(r.get("after_work_s", "")),
                    answered=boolean(r.get("answered", "")),
                    abandoned=boolean(r.get("abandoned", "")),
                    abandon_stage=(r.get("abandon_stage", "") or "") or None,
                    abandon_wait=secs(r.get("abandon_wait_s", "")),
                    self_service_session=(r.get("self_service_session", "") or "").strip(),
                    left_out_fr=False,
                    left_out_res=False,
                )
                complete(c)
                contacts.append(c)
    return contacts, sessions, surveys


def complete(c):
    """Ingestion's completion of implied fields (sink.rs `complete_contact`) and its
    left-out rule for a response or resolution before creation."""
    for field, flag in (("first_response", "left_out_fr"), ("resolved", "left_out_res")):
        if c[field] is not None and c[field] < c["created"]:
            c[field] = None
            c[flag] = True
    live = c["channel"] in ("phone", "chat")
    if live and c["answered"] is False and c["abandoned"] is None:
        c["abandoned"] = True
    if c["abandoned"] is True and c["answered"] is None and c["abandon_stage"] != "hold":
        c["answered"] = False
    if c["abandoned"] is True and c["abandon_stage"] is None:
        c["abandon_stage"] = "unknown"
    if live and c["answered"] is None and c["first_response"] is not None and c["abandoned"] is not True:
        c["answered"] = True
    if live and c["answered"] is True and c["first_response"] is None and c["queue_wait"] is not None:
        c["first_response"] = c["created"] + c["queue_wait"]
    if c["abandoned"] is True and c["abandon_wait"] is None and c["abandon_stage"] in ("queue", "ringing", "unknown"):
        c["abandon_wait"] = c["queue_wait"]
    c["not_demand"] = c["direction"] == "outbound" or c["status"].lower() in ("spam", "deleted", "merged", "test", "trash")


# ------------------------------------------------------------------------------------------
# Time


class Clock:
    def __init__(self, p):
        self.tz = UTC if p["time_zone"] == "UTC" else ZoneInfo(p["time_zone"])
        self.week = [[] for _ in range(7)]
        for part in (p["business_hours"] or "").split(";"):
            part = part.strip()
            if not part:
                continue
            day, spans = part.split(" ", 1)
            i = WEEKDAYS.index(day)
            for span in spans.split(","):
                a, b = span.split("-")
                self.week[i].append((hm(a), hm(b)))
        self.holidays = {dt.date.fromisoformat(d) for d in p["holidays"]}
        self.business = p["time_basis"] == "business"

    def local(self, ms):
        return (EPOCH + dt.timedelta(milliseconds=ms)).astimezone(self.tz)

    def instant(self, date, minute):
        if minute >= 1440:
            date, minute = date + dt.timedelta(days=1), 0
        # fold=0: a skipped time moves forward, a repeated one takes the earlier instant.
        t = dt.datetime(date.year, date.month, date.day, minute // 60, minute % 60, tzinfo=self.tz)
        return (t - EPOCH) // dt.timedelta(milliseconds=1)

    def day_start(self, date):
        return self.instant(date, 0)

    def business_ms(self, a, b):
        if b <= a:
            return 0
        total = 0
        d, last = self.local(a).date(), self.local(b).date()
        while d <= last:
            if d not in self.holidays:
                for s, e in self.week[d.weekday()]:
                    lo, hi = max(a, self.instant(d, s)), min(b, self.instant(d, e))
                    if hi > lo:
                        total += hi - lo
            d += dt.timedelta(days=1)
        return total

    def duration(self, a, b):
        if not self.business:
            return b - a
        return self.business_ms(a, b) if b >= a else -self.business_ms(b, a)

    def is_open(self, t):
        l = self.local(t)
        if l.date() in self.holidays:
            return False
        m = l.hour * 60 + l.minute
        return any(s <= m < e for s, e in self.week[l.weekday()])

    def open_ms_on_dates(self, first, last):
        total, d = 0, first
        while d <= last:
            if d not in self.holidays:
                for s, e in self.week[d.weekday()]:
                    total += max(self.instant(d, e) - self.instant(d, s), 0)
            d += dt.timedelta(days=1)
        return total


def hm(s):
    h, m = s.split(":")
    return int(h) * 60 + int(m)


def iso_week(d):
    y, w, _ = d.isocalendar()
    return f"{y:04d}-W{w:02d}"


# ------------------------------------------------------------------------------------------
# Rows


def row(id, **kw):
    r = {"id": id}
    r.update({k: v for k, v in kw.items() if v is not None})
    return r


def rate(id, num, den, **kw):
    if den == 0:
        return row(id, unavailable=True, **kw)
    return row(id, value=num / den, num=num, den=den, **kw)


def summary(id, values, **kw):
    if not values:
        return row(id, unavailable=True, **kw)
    v = sorted(values)
    n = len(v)
    med = float(v[n // 2]) if n % 2 else (float(v[n // 2 - 1]) + float(v[n // 2])) / 2.0
    return row(id, median=med / 1000.0, mean=sum(v) / n / 1000.0, p90=nearest(v, 90) / 1000.0, n=n, **kw)


def nearest(sorted_values, p):
    n = len(sorted_values)
    return sorted_values[min(max(math.ceil(p * n / 100), 1), n) - 1]


def by(r, b, g):
    r["by"], r["group"] = b, g
    return r


def label(x):
    return x if x else NONE_GROUP


# ------------------------------------------------------------------------------------------
# The catalogue, recomputed


class Model:
    def __init__(self, contacts, sessions, surveys, p):
        self.p = p
        self.clock = Clock(p)
        self.W = p["deflection_window_s"] * 1000
        self.R = p["repeat_window_s"] * 1000
        self.raw_contacts = contacts
        self.all = sorted([c for c in contacts if not c["not_demand"]], key=lambda c: (c["created"], c["file"], c["line"]))
        self.all_sessions = sorted([s for s in sessions if not s["not_demand"]], key=lambda s: s["started"])
        self.surveys = surveys
        c = self.clock
        start = c.day_start(dt.date.fromisoformat(p["period_start"])) if p["period_start"] else None
        end = c.day_start(dt.date.fromisoformat(p["period_end"]) + dt.timedelta(days=1)) if p["period_end"] else None
        inp = lambda t: (start is None or t >= start) and (end is None or t < end)
        self.contacts = [x for x in self.all if inp(x["created"])]
        self.sessions = [s for s in self.all_sessions if inp(s["started"])]
        if end is not None:
            self.as_of = end
        else:
            times = [x["created"] for x in contacts] + [s["started"] for s in sessions]
            self.as_of = max(times) if times else 0
        self.by_customer = defaultdict(list)
        for x in self.all:
            if x["customer"]:
                self.by_customer[x["customer"]].append(x)
        self.times = {k: [x["created"] for x in v] for k, v in self.by_customer.items()}
        self.linked = defaultdict(list)
        for x in self.all:
            if x["self_service_session"]:
                self.linked[x["self_service_session"]].append(x)
        self.launch = dt.date.fromisoformat(p["launch_date"]) if p["launch_date"] else None
        self.deflected = [self.is_deflected(s) for s in self.sessions]

    # -- helpers
    def window(self, customer, a, b):
        if not customer or b <= a or customer not in self.by_customer:
            return []
        t = self.times[customer]
        return self.by_customer[customer][bisect.bisect_right(t, a) : bisect.bisect_right(t, b)]

    def side(self, t):
        return "after" if self.clock.local(t).date() >= self.launch else "before"

    def dims(self):
        out = ["channel"]
        for d in ("agent", "team", "issue_type", "priority"):
            if any(x[d] for x in self.contacts):
                out.append(d)
        return out

    @staticmethod
    def key(x, d):
        return x["channel"] if d == "channel" else label(x[d])

    def groups(self, items, d, contact=lambda x: x):
        g = defaultdict(list)
        for it in items:
            g[self.key(contact(it), d)].append(it)
        return g

    def rate_rows(self, id, classify, dims=None):
        elig = [(x, h) for x in self.contacts for h in [classify(x)] if h is not None]
        out = [rate(id, sum(1 for _, h in elig if h), len(elig))]
        if elig:
            for d in dims if dims is not None else self.dims():
                for g, xs in self.groups(elig, d, lambda e: e[0]).items():
                    out.append(by(rate(id, sum(1 for _, h in xs if h), len(xs)), d, g))
        return out

    # -- self-service
    def is_deflected(self, s):
        if s["started"] + self.W > self.as_of:
            return None
        if s["outcome"] in ("handoff", "ticket_created") or s["contact_id"] or (s["id"] and self.linked.get(s["id"])):
            return False
        if not s["customer"]:
            return True
        return not self.window(s["customer"], s["started"], s["started"] + self.W)

    def tally(self, keep=lambda s: True):
        t = dict(judged=0, deflected=0, censored=0)
        for s, d in zip(self.sessions, self.deflected):
            if not keep(s):
                continue
            if d is None:
                t["censored"] += 1
            else:
                t["judged"] += 1
                t["deflected"] += int(d)
        return t

    def sessions_missing(self, t):
        return not self.all_sessions or t["judged"] == 0

    def ssr_counts(self, side=None):
        ok = lambda t: side is None or self.side(t) == side
        t = self.tally(lambda s: ok(s["started"]))
        kept = sum(1 for x in self.contacts if ok(x["created"]) and x["created"] + self.W <= self.as_of)
        return t, kept

    def selfservice(self):
        out = []
        t, kept = self.ssr_counts()
        missing = self.sessions_missing(t)
        if missing:
            for id in ("self_service_rate", "self_service_ratio", "self_service_deflection_rate", "case_deflection_rate", "unanswered_questions"):
                out.append(row(id, unavailable=True))
        else:
            out.append(rate("self_service_rate", t["deflected"], t["deflected"] + kept))
            if self.launch:
                for side in ("before", "after"):
                    ts, ks = self.ssr_counts(side)
                    out.append(by(rate("self_service_rate", ts["deflected"], ts["deflected"] + ks), "period", side))
            num, den = t["deflected"], t["deflected"] + kept
            if den == 0:
                out.append(row("self_service_ratio", unavailable=True))
            else:
                r = (200 * num + den) // (2 * den)
                out.append(row("self_service_ratio", value=r, counts={"self_service": r, "assisted": 100 - r}))
            out.append(rate("self_service_deflection_rate", t["deflected"], t["judged"]))
            out.append(rate("case_deflection_rate", t["deflected"], t["judged"]))
            for k in KINDS:
                tk = self.tally(lambda s: s["kind"] == k)
                if tk["judged"] + tk["censored"] > 0:
                    out.append(by(rate("case_deflection_rate", tk["deflected"], tk["judged"]), "kind", k))
            out.extend(self.unanswered())
        tb = self.tally(lambda s: s["kind"] == "chatbot")
        if not self.all_sessions or tb["judged"] == 0:
            out.append(row("bot_containment_rate", unavailable=True))
        else:
            out.append(rate("bot_containment_rate", tb["deflected"], tb["judged"]))
        sc = {s["customer"] for s in self.sessions if s["customer"]}
        cc = {x["customer"] for x in self.contacts if x["customer"]}
        if not self.sessions or not sc or not cc:
            out.append(row("self_service_score", unavailable=True))
        else:
            out.append(row("self_service_score", value=len(sc) / len(cc), num=len(sc), den=len(cc)))
        out.extend(
            self.rate_rows(
                "resolved_without_escalation_rate",
                lambda x: (not x["escalated"]) if x["resolved"] is not None and x["escalated"] is not None else None,
            )
        )
        out.extend(self.contacts_per_customer())
        return out

    def contacts_per_customer(self):
        id = "contacts_per_customer"
        if not self.launch:
            return [row(id, unavailable=True)]
        acc = {"before": defaultdict(int), "after": defaultdict(int)}
        span = {}
        for x in self.contacts:
            if not x["customer"]:
                continue
            s = self.side(x["created"])
            acc[s][x["customer"]] += 1
            d = self.clock.local(x["created"]).date()
            lo, hi = span.get(s, (d, d))
            span[s] = (min(lo, d), max(hi, d))
        sides, rows = {}, []
        for s in ("before", "after"):
            if s not in span:
                rows.append(by(row(id, unavailable=True), "period", s))
                continue
            per = [acc[s][k] for k in sorted(acc[s])]
            days = (span[s][1] - span[s][0]).days + 1
            sides[s] = (per, days)
            rows.append(by(row(id, value=sum(per) / len(per) / (days / 30.0), counts={"contacts": sum(per), "customers": len(per), "days": days}), "period", s))
        if len(sides) < 2:
            return [row(id, unavailable=True)] + rows
        rate30 = lambda per, days: sum(per) / len(per) / (days / 30.0)
        diff = rate30(*sides["after"]) - rate30(*sides["before"])
        rng = SplitMix64(42)
        diffs = []
        for _ in range(2000):
            vals = []
            for s in ("before", "after"):
                per, days = sides[s]
                n = len(per)
                total = sum(per[rng.next() % n] for _ in range(n))
                vals.append(total / n / (days / 30.0))
            diffs.append(vals[1] - vals[0])
        diffs.sort()
        lo, hi = diffs[math.ceil(25 * 2000 / 1000) - 1], diffs[math.ceil(975 * 2000 / 1000) - 1]
        return [row(id, value=diff, lo=lo, hi=hi)] + rows

    def unanswered(self):
        id = "unanswered_questions"
        stats = {}
        for s, d in zip(self.sessions, self.deflected):
            if d is None:
                continue
            q = " ".join(s["query"].split()).lower()
            if not q:
                continue
            st = stats.setdefault(q, [0, 0, set()])
            st[0] += 1
            st[1] += int((not d) or s["outcome"] in ("no_result", "handoff", "ticket_created"))
            if s["contact_id"]:
                st[2].add(s["contact_id"])
            for x in self.linked.get(s["id"], []) if s["id"] else []:
                st[2].add(x["id"] or ("at", x["file"], x["line"]))
            for x in self.window(s["customer"], s["started"], s["started"] + self.W):
                st[2].add(x["id"] or ("at", x["file"], x["line"]))
        ranked = sorted(stats.items(), key=lambda kv: (-kv[1][1], -kv[1][0], kv[0]))
        out = [rate(id, sum(v[1] for v in stats.values()), sum(v[0] for v in stats.values()))]
        for q, (n, f, cs) in ranked[:10]:
            out.append(by(rate(id, f, n, counts={"sessions": n, "failures": f, "contacts_followed": len(cs)}), "query", q))
        return out

    # -- resolution
    def resolution(self):
        R, as_of = self.R, self.as_of

        def fcr(x):
            t = x["resolved"]
            if t is None or not x["customer"] or t + R > as_of:
                return None
            follow = [f for f in self.window(x["customer"], t, t + R) if not x["issue_type"] or not f["issue_type"] or f["issue_type"] == x["issue_type"]]
            return not follow

        def repeat(x):
            if not x["customer"] or x["created"] + R > as_of:
                return None
            return bool(self.window(x["customer"], x["created"], x["created"] + R))

        out = []
        out += self.rate_rows("first_contact_resolution_rate", fcr)
        out += self.rate_rows(
            "one_touch_resolution_rate",
            lambda x: (x["agent_replies"] <= 1 and x["reopens"] == 0) if x["resolved"] is not None and x["agent_replies"] is not None and x["reopens"] is not None else None,
        )
        out += self.rate_rows("escalation_rate", lambda x: x["escalated"])
        out += self.rate_rows("reopen_rate", lambda x: (x["reopens"] >= 1) if x["resolved"] is not None and x["reopens"] is not None else None)
        out += self.rate_rows("repeat_contact_rate", repeat)
        per = defaultdict(list)
        for x in self.contacts:
            if x["customer"]:
                per[x["customer"]].append(x)
        num = den = 0
        for xs in per.values():
            if len(xs) < 2:
                continue
            den += 1
            # Brute force over all pairs: the engine's adjacent-pair shortcut is checked here.
            if any(a["channel"] != b["channel"] and abs(a["created"] - b["created"]) <= R for i, a in enumerate(xs) for b in xs[i + 1 :]):
                num += 1
        out.append(rate("channel_switch_rate", num, den))
        return out

    # -- speed
    def frt(self, x):
        return None if x["first_response"] is None else self.clock.duration(x["created"], x["first_response"])

    def res(self, x):
        return None if x["resolved"] is None else self.clock.duration(x["created"], x["resolved"])

    def buckets(self, xs, f, flag):
        edges = [("<1h", 0, HOUR), ("1-2h", HOUR, 2 * HOUR), ("2-6h", 2 * HOUR, 6 * HOUR), ("6-12h", 6 * HOUR, 12 * HOUR), ("12-24h", 12 * HOUR, 24 * HOUR), (">24h", 24 * HOUR, float("inf"))]
        counts = {k: 0 for k, _, _ in edges}
        counts["none"] = 0
        for x in xs:
            if x[flag]:
                continue
            d = f(x)
            if d is None:
                counts["none"] += 1
            else:
                d = max(d, 0)
                counts[next(k for k, lo, hi in edges if lo <= d < hi)] += 1
        return counts

    def speed(self):
        out, p = [], self.p
        targets = {ch: p[f"frt_target_{ch}_s"] * 1000 for ch in CHANNELS if p.get(f"frt_target_{ch}_s") is not None}
        out.append(summary("first_response_time", [d for x in self.contacts for d in [self.frt(x)] if d is not None]))
        for d in self.dims():
            for g, xs in self.groups(self.contacts, d).items():
                out.append(by(summary("first_response_time", [v for x in xs for v in [self.frt(x)] if v is not None]), d, g))
        if not self.contacts:
            out.append(row("first_response_buckets", unavailable=True))
        else:
            out.append(row("first_response_buckets", counts=self.buckets(self.contacts, self.frt, "left_out_fr")))
            for g, xs in self.groups(self.contacts, "channel").items():
                out.append(by(row("first_response_buckets", counts=self.buckets(xs, self.frt, "left_out_fr")), "channel", g))

        def target(xs):
            n = d = 0
            for x in xs:
                if x["channel"] not in targets or x["left_out_fr"]:
                    continue
                v = self.frt(x)
                if v is not None:
                    d += 1
                    n += int(v <= targets[x["channel"]])
                elif self.clock.duration(x["created"], self.as_of) > targets[x["channel"]]:
                    d += 1
            return n, d

        out.append(rate("first_response_target_rate", *target(self.contacts)))
        for g, xs in self.groups(self.contacts, "channel").items():
            if g in targets:
                out.append(by(rate("first_response_target_rate", *target(xs)), "channel", g))

        def res_row(xs):
            r = summary("resolution_time", [v for x in xs for v in [self.res(x)] if v is not None])
            if "unavailable" not in r:
                r["counts"] = self.buckets(xs, self.res, "left_out_res")
            return r

        out.append(res_row(self.contacts))
        for d in self.dims():
            for g, xs in self.groups(self.contacts, d).items():
                out.append(by(res_row(xs), d, g))

        def asa(xs):
            w = [x["queue_wait"] for x in xs if x["answered"] is True and x["queue_wait"] is not None]
            return (len(w), sum(w) / len(w) / 1000.0) if w else (0, None)

        n, v = asa(self.contacts)
        out.append(row("average_speed_of_answer", value=v, n=n) if n else row("average_speed_of_answer", unavailable=True))
        if n:
            for g, xs in self.groups(self.contacts, "channel").items():
                n2, v2 = asa(xs)
                if n2:
                    out.append(by(row("average_speed_of_answer", value=v2, n=n2), "channel", g))

        def sl(ch, T):
            n = d = 0
            for x in self.contacts:
                if x["channel"] != ch:
                    continue
                if x["answered"] is True:
                    if x["queue_wait"] is not None:
                        d += 1
                        n += int(x["queue_wait"] <= T)
                elif is_abandon(x) and stage(x) in ("queue", "ringing", "unknown") and not self.short(x):
                    d += 1
            return n, d

        ph = sl("phone", p["service_level_phone_s"] * 1000)
        chat = sl("chat", p["service_level_chat_s"] * 1000)
        out.append(rate("service_level", ph[0] + chat[0], ph[1] + chat[1]))
        for name, (n, d) in (("phone", ph), ("chat", chat)):
            if d > 0:
                out.append(by(rate("service_level", n, d), "channel", name))
        return out

    # -- abandonment
    def short(self, x):
        w = x["abandon_wait"] if x["abandon_wait"] is not None else (x["queue_wait"] if x["abandon_stage"] == "queue" else None)
        return is_abandon(x) and w is not None and w < self.p["short_abandon_s"] * 1000

    def abandonment(self):
        calls = [x for x in self.contacts if x["channel"] == "phone"]
        offered = [x for x in calls if not self.short(x)]
        ab = lambda xs: sum(1 for x in xs if is_abandon(x))
        out = []
        if not offered:
            return [row(i, unavailable=True) for i in ("abandonment_rate", "abandonment_by_weekday", "abandonment_by_hour", "abandonment_by_stage", "time_to_abandon")]
        out.append(rate("abandonment_rate", ab(offered), len(offered)))
        for d in ("team", "issue_type", "priority"):
            if any(x[d] for x in offered):
                for g, xs in self.groups(offered, d).items():
                    out.append(by(rate("abandonment_rate", ab(xs), len(xs)), d, g))
        for name, f, labels in (
            ("abandonment_by_weekday", lambda x: WEEKDAYS[self.clock.local(x["created"]).weekday()], WEEKDAYS),
            ("abandonment_by_hour", lambda x: str(self.clock.local(x["created"]).hour), [str(h) for h in range(24)]),
        ):
            g = self.groups_by(offered, f)
            for lab in labels:
                xs = g.get(lab, [])
                out.append(by(rate(name, ab(xs), len(xs)), name.split("_")[-1], lab))
        total = ab(offered)
        at = lambda st: sum(1 for x in offered if is_abandon(x) and stage(x) == st)
        queue_den = sum(1 for x in offered if x["answered"] is True or x["queue_wait"] is not None or (is_abandon(x) and stage(x) in ("queue", "ringing")))
        ring_den = sum(1 for x in offered if x["answered"] is True or (is_abandon(x) and stage(x) == "ringing"))
        for st, den in (("welcome", len(offered)), ("ivr", len(offered)), ("queue", queue_den), ("ringing", ring_den), ("unknown", len(offered))):
            n = at(st)
            if st == "unknown" and n == 0:
                continue
            r = by(rate("abandonment_by_stage", n, den), "stage", st)
            if total > 0:
                r["share"] = n / total
            out.append(r)
        on_hold = sum(1 for x in offered if x["answered"] is True and ((x["hold"] or 0) > 0 or x["abandon_stage"] == "hold"))
        hung = sum(1 for x in offered if x["answered"] is True and x["abandoned"] is True and x["abandon_stage"] == "hold")
        out.append(by(rate("abandonment_by_stage", hung, on_hold), "stage", "hold"))
        abandons = [x for x in offered if is_abandon(x)]
        wait = lambda x: x["abandon_wait"] if x["abandon_wait"] is not None else (x["queue_wait"] if x["abandon_stage"] == "queue" else None)

        def tta(xs):
            r = summary("time_to_abandon", [wait(x) for x in xs if wait(x) is not None])
            if "median" in r:
                r["value"] = r["median"]
            return r

        out.append(tta(abandons))
        if any(wait(x) is not None for x in abandons):
            for st in ("welcome", "ivr", "queue", "ringing", "unknown"):
                xs = [x for x in abandons if stage(x) == st]
                if any(wait(x) is not None for x in xs):
                    out.append(by(tta(xs), "stage", st))
        return out

    @staticmethod
    def groups_by(items, f):
        g = defaultdict(list)
        for x in items:
            g[f(x)].append(x)
        return g

    # -- volume
    def volume(self):
        out, cl = [], self.clock
        out.append(row("contact_volume", value=len(self.contacts)))
        for d in self.dims():
            for g, xs in self.groups(self.contacts, d).items():
                out.append(by(row("contact_volume", value=len(xs)), d, g))
        for name, f in (("day", lambda x: cl.local(x["created"]).date().isoformat()), ("week", lambda x: iso_week(cl.local(x["created"]).date()))):
            for g, xs in self.groups_by(self.contacts, f).items():
                out.append(by(row("contact_volume", value=len(xs)), name, g))
        hours = self.groups_by(self.contacts, lambda x: cl.local(x["created"]).hour)
        for h in range(24):
            out.append(by(row("volume_by_hour", value=len(hours.get(h, []))), "hour", str(h)))
        wds = self.groups_by(self.contacts, lambda x: cl.local(x["created"]).weekday())
        for i, w in enumerate(WEEKDAYS):
            out.append(by(row("volume_by_weekday", value=len(wds.get(i, []))), "weekday", w))
        heat = {f"{w} {h:02d}": 0 for w in WEEKDAYS for h in range(24)}
        for x in self.contacts:
            l = cl.local(x["created"])
            heat[f"{WEEKDAYS[l.weekday()]} {l.hour:02d}"] += 1
        out.append(row("volume_heatmap", counts=heat))
        share = lambda xs: rate("out_of_hours_share", sum(1 for x in xs if not cl.is_open(x["created"])), len(xs))
        out.append(share(self.contacts))
        if self.contacts:
            for g, xs in self.groups(self.contacts, "channel").items():
                out.append(by(share(xs), "channel", g))
        out.extend(self.backlog())
        out.extend(self.channel_mix())
        return out

    def backlog(self):
        a = self.as_of
        closed_words = {"solved", "closed", "resolved", "done", "completed", "complete", "risolto", "chiuso", "resolvido", "fechado", "concluído", "resuelto", "cerrado", "4", "5"}
        open_ = [
            x
            for x in self.all
            if x["channel"] != "phone"
            and x["created"] <= a
            and (x["resolved"] is None or x["resolved"] > a)
            and (x["closed"] is None or x["closed"] > a)
            and not (x["resolved"] is None and x["closed"] is None and x["status"].strip().lower() in closed_words)
        ]
        edges = [("<1d", 0, DAY), ("1-3d", DAY, 3 * DAY), ("3-7d", 3 * DAY, 7 * DAY), ("7-30d", 7 * DAY, 30 * DAY), (">30d", 30 * DAY, float("inf"))]

        def bucket(xs):
            c = {k: 0 for k, _, _ in edges}
            for x in xs:
                age = a - x["created"]
                c[next((k for k, lo, hi in edges if lo <= age < hi), "<1d")] += 1
            return c

        out = [row("open_backlog", value=len(open_), counts=bucket(open_))]
        for d in ("channel", "team", "priority"):
            if d == "priority" and not any(x["priority"] for x in open_):
                continue
            for g, xs in self.groups(open_, d).items():
                out.append(by(row("open_backlog", value=len(xs), counts=bucket(xs)), d, g))
        return out

    def channel_mix(self):
        weeks, total = defaultdict(lambda: defaultdict(int)), defaultdict(int)
        for x in self.contacts:
            w = iso_week(self.clock.local(x["created"]).date())
            weeks[w][x["channel"]] += 1
            total[x["channel"]] += 1
        dfl = 0
        for s, d in zip(self.sessions, self.deflected):
            if d:
                weeks[iso_week(self.clock.local(s["started"]).date())]["self_service"] += 1
                dfl += 1
        if dfl:
            total["self_service"] = dfl
        s = sum(total.values())
        if s == 0:
            return [row("channel_mix", unavailable=True)]
        out = [row("channel_mix", value=s, counts=dict(total))]
        for k, v in total.items():
            out.append(by(rate("channel_mix", v, s), "channel", k))
        for w, c in weeks.items():
            out.append(by(row("channel_mix", value=sum(c.values()), counts=dict(c)), "week", w))
        return out

    # -- handling
    def handling(self):
        out = []
        handle = lambda x: None if x["answered"] is not True or x["talk"] is None else x["talk"] + (x["hold"] or 0) + (x["after_work"] or 0)
        handled = [x for x in self.contacts if handle(x) is not None]
        aht = lambda xs: row("average_handle_time", value=sum(handle(x) for x in xs) / len(xs) / 1000.0, n=len(xs)) if xs else row("average_handle_time", unavailable=True)
        out.append(aht(handled))
        if handled:
            for d in self.dims():
                for g, xs in self.groups(handled, d).items():
                    out.append(by(aht(xs), d, g))
        if not self.contacts:
            out.append(row("service_rate", unavailable=True))
        else:
            dates = [self.clock.local(x["created"]).date() for x in self.contacts]
            first = dt.date.fromisoformat(self.p["period_start"]) if self.p["period_start"] else min(dates)
            last = dt.date.fromisoformat(self.p["period_end"]) if self.p["period_end"] else max(dates)
            open_ms = self.clock.open_ms_on_dates(first, last)
            if open_ms <= 0:
                out.append(row("service_rate", unavailable=True))
            else:
                hours = open_ms / HOUR
                served = lambda xs: sum(1 for x in xs if (x["answered"] is True if x["channel"] == "phone" else x["resolved"] is not None))
                out.append(row("service_rate", value=served(self.contacts) / hours, num=served(self.contacts), den=hours))
                for g, xs in self.groups(self.contacts, "channel").items():
                    out.append(by(row("service_rate", value=served(xs) / hours, num=served(xs), den=hours), "channel", g))
        if not any(x["agent"] for x in self.contacts):
            out.append(row("contacts_per_agent", unavailable=True))
        else:
            out.append(row("contacts_per_agent", value=len(self.contacts)))
            for g, xs in self.groups(self.contacts, "agent").items():
                out.append(by(row("contacts_per_agent", value=len(xs)), "agent", g))
        return out

    # -- satisfaction
    def satisfied(self, r):
        p = self.p
        return r["score"] >= {"1-5": p["csat_min_5"], "0-10": p["csat_min_10"], "freshdesk_103": p["csat_min_freshdesk"]}[r["scale"]]

    def satisfaction(self):
        sv = defaultdict(list)
        for s in self.surveys:
            if s["contact_id"]:
                sv[s["contact_id"]].append(s)
        resp = lambda x: sv[x["id"]] if x["id"] and x["id"] in sv else ([x["csat"]] if x["csat"] else [])
        rated = [(x, resp(x)) for x in self.contacts if resp(x)]
        tot = lambda xs: (sum(sum(1 for r in rs if self.satisfied(r)) for _, rs in xs), sum(len(rs) for _, rs in xs))
        out = [rate("csat", *tot(rated))]
        if rated:
            for d in self.dims():
                for g, xs in self.groups(rated, d, lambda e: e[0]).items():
                    out.append(by(rate("csat", *tot(xs)), d, g))
        if not self.surveys and not any(x["csat"] for x in self.all):
            out.append(row("survey_response_rate", unavailable=True))
        else:
            out += self.rate_rows("survey_response_rate", lambda x: bool(resp(x)) if x["resolved"] is not None else None)
        return out

    # -- cost
    def cost(self):
        p = self.p
        ids = ("cost_per_contact", "total_cost", "deflection_savings", "target_mix_savings")
        n = defaultdict(int)
        for x in self.contacts:
            n[x["channel"]] += 1
        costs = {ch: p[f"cost_{ch}"] for ch in CHANNELS if p.get(f"cost_{ch}") is not None}
        if not n or any(ch not in costs for ch in n):
            return [row(i, unavailable=True) for i in ids]
        total = 0.0
        for ch in CHANNELS:
            if ch in n:
                total += costs[ch] * n[ch]
        contacts = sum(n.values())
        cpc = total / contacts
        out = [row("cost_per_contact", value=cpc, n=contacts)]
        ss = p["cost_self_service"]
        if self.all_sessions and ss is None:
            return out + [row(i, unavailable=True) for i in ids[1:]]
        ss_total = (ss * len(self.sessions)) if self.all_sessions else 0.0
        out.append(row("total_cost", value=total + ss_total))
        for ch in n:
            out.append(by(row("total_cost", value=costs[ch] * n[ch], n=n[ch]), "channel", ch))
        if self.all_sessions:
            out.append(by(row("total_cost", value=ss_total, n=len(self.sessions)), "channel", "self_service"))
        t = self.tally()
        if not self.all_sessions or t["judged"] == 0:
            return out + [row("deflection_savings", unavailable=True), row("target_mix_savings", unavailable=True)]
        out.append(row("deflection_savings", value=t["deflected"] * (cpc - ss), n=t["deflected"]))
        share = p["target_self_service_pct"] / 100.0
        D = t["deflected"] + contacts
        today = contacts * cpc + t["deflected"] * ss
        target = D * share * ss + D * (1.0 - share) * cpc
        out.append(row("target_mix_savings", value=today - target, n=D))
        return out

    def all_rows(self):
        return self.selfservice() + self.resolution() + self.speed() + self.abandonment() + self.volume() + self.handling() + self.satisfaction() + self.cost()


def is_abandon(x):
    flagged = x["abandoned"] if x["abandoned"] is not None else x["answered"] is False
    return bool(flagged) and x["answered"] is not True and x["abandon_stage"] != "hold"


def stage(x):
    return x["abandon_stage"] or "unknown"


class SplitMix64:
    def __init__(self, seed):
        self.s = seed

    def next(self):
        m = (1 << 64) - 1
        self.s = (self.s + 0x9E3779B97F4A7C15) & m
        z = self.s
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & m
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & m
        return z ^ (z >> 31)


# ------------------------------------------------------------------------------------------
# A generated data set with the awkward cases


def generate(dirpath, seed=7):
    rnd = random.Random(seed)
    t0 = ms_of("2026-02-02T00:00:00Z")
    days = 84  # to 2026-04-27: across the 2026-03-29 DST change
    customers = [f"user{i:03d}@example.org" for i in range(500)]
    agents = ["Ana", "Bruno", "Chiara", "Diego", "Elena", ""]
    teams = ["Tier 1", "Tier 2", "Billing", ""]
    issues = ["billing", "login", "delivery", "refund", ""]
    prios = ["low", "normal", "high", ""]
    iso = lambda ms: (EPOCH + dt.timedelta(milliseconds=ms)).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
    opt = lambda p, v: v if rnd.random() < p else ""
    cols = ["id", "customer", "channel", "created", "first_response", "resolved", "closed", "status", "priority", "direction", "agent", "team", "issue_type", "reopens", "agent_replies", "escalated", "csat", "queue_wait_s", "talk_s", "hold_s", "after_work_s", "answered", "abandoned", "abandon_stage", "abandon_wait_s", "self_service_session"]
    contacts, sessions, surveys = [], [], []
    n = 0
    for day in range(days):
        for _ in range(rnd.randint(25, 45)):
            n += 1
            created = t0 + day * DAY + rnd.randrange(DAY // SECOND) * SECOND
            ch = rnd.choices(["email", "web_form", "chat", "phone", "messaging", "social", "other"], [30, 10, 20, 30, 4, 3, 3])[0]
            r = {k: "" for k in cols}
            r.update(id=f"G{n:05d}", customer=rnd.choice(customers) if rnd.random() < 0.9 else "", channel=ch, created=iso(created))
            r.update(priority=rnd.choice(prios), agent=rnd.choice(agents), team=rnd.choice(teams), issue_type=rnd.choice(issues))
            r["direction"] = "outbound" if rnd.random() < 0.02 else rnd.choice(["inbound", ""])
            r["status"] = "spam" if rnd.random() < 0.01 else rnd.choice(["open", "solved", "closed", "pending"])
            r["escalated"] = opt(0.8, rnd.choice(["true", "false", "false", "false"]))
            if ch == "phone":
                st = rnd.choices(["answered", "welcome", "ivr", "queue", "ringing", "unknown", "blank"], [70, 4, 6, 10, 3, 3, 4])[0]
                wait = rnd.choice([1, 2, 3, 4, 5, 6, 8, 12, 20, 30, 45, 60, 90, 180, 400])
                if st == "answered":
                    r.update(answered="true", abandoned="false", queue_wait_s=str(wait), first_response=iso(created + wait * SECOND))
                    r.update(talk_s=opt(0.95, str(rnd.randint(30, 900))), hold_s=opt(0.8, str(rnd.choice([0, 0, 0, 20, 75]))), after_work_s=opt(0.85, str(rnd.randint(0, 200))))
                    if r["hold_s"] not in ("", "0") and rnd.random() < 0.15:
                        r.update(abandoned="true", abandon_stage="hold")
                    r["csat"] = opt(0.3, str(rnd.randint(1, 5)))
                else:
                    r.update(answered="false", abandoned="true")
                    if st not in ("blank",):
                        r["abandon_stage"] = st
                    if st in ("queue", "ringing"):
                        r["queue_wait_s"] = str(wait)
                        if st == "ringing" or rnd.random() < 0.5:
                            r["abandon_wait_s"] = str(wait + (5 if st == "ringing" else 0))
                    else:
                        r["abandon_wait_s"] = opt(0.8, str(wait))
            elif ch == "chat":
                wait = rnd.randint(1, 300)
                r["queue_wait_s"] = str(wait)
                if rnd.random() < 0.85:
                    r.update(answered="true", abandoned="false", first_response=iso(created + wait * SECOND), talk_s=str(rnd.randint(60, 1200)), after_work_s=opt(0.5, "30"))
                    r.update(resolved=opt(0.9, iso(created + (wait + 600) * SECOND)), agent_replies=str(rnd.randint(1, 6)), reopens="0")
                else:
                    r.update(answered="false", abandoned="true", abandon_stage="queue", abandon_wait_s=opt(0.5, str(wait)))
            else:
                if rnd.random() < 0.9:
                    frt = rnd.choice([5, 30, 59, 60, 61, 119, 120, 180, 360, 719, 720, 1439, 1440, 1441, 3000]) * MINUTE + rnd.randrange(MINUTE)
                    if rnd.random() < 0.01:
                        frt = -HOUR  # a response before creation: left out at ingestion
                    r["first_response"] = iso(created + frt)
                    if rnd.random() < 0.8:
                        res = max(frt, 0) + rnd.choice([10 * MINUTE, 2 * HOUR, 20 * HOUR, 3 * DAY, 9 * DAY])
                        if rnd.random() < 0.01:
                            res = -2 * HOUR
                        r["resolved"] = iso(created + res)
                        if rnd.random() < 0.5:
                            r["closed"] = iso(created + res + 4 * DAY)
                        r["csat"] = opt(0.4, str(rnd.randint(1, 5)))
                r.update(agent_replies=opt(0.9, str(rnd.choice([0, 1, 1, 2, 3]))), reopens=opt(0.9, str(rnd.choice([0, 0, 0, 1, 2]))))
            contacts.append(r)
        if day >= 21:
            for _ in range(rnd.randint(15, 30)):
                k = len(sessions) + 1
                started = t0 + day * DAY + rnd.randrange(DAY // SECOND) * SECOND
                kind = rnd.choice(["help_center", "help_center", "faq", "portal", "chatbot", "chatbot", "ivr", "community"])
                out = rnd.choice(["resolved", "resolved", "no_result", "handoff", "ticket_created", "abandoned", "unknown"])
                q = rnd.choice(["Reset password", "reset  password ", "RESET PASSWORD", "invoice", "Invoice copy", "refund status", "where is my order", "", "app crash", "delete account", "two factor", "cancel", "address change", "opening hours"])
                cust = rnd.choice(customers) if rnd.random() < 0.75 else ""
                s = dict(id=f"SS{k:05d}", customer=cust, kind=kind, started=iso(started), ended="", query=q, articles_viewed="", outcome=out, contact_id="")
                if out in ("handoff", "ticket_created") and rnd.random() < 0.7:
                    s["contact_id"] = rnd.choice(contacts)["id"] if rnd.random() < 0.8 else f"MISSING{k}"
                if rnd.random() < 0.25 and cust:
                    # The customer gets in touch soon after, sometimes exactly at the window's edge.
                    n += 1
                    gap = rnd.choice([30 * MINUTE, 3 * HOUR, 23 * HOUR, DAY, DAY + SECOND, 3 * DAY])
                    c = {k2: "" for k2 in cols}
                    c.update(id=f"G{n:05d}", customer=cust, channel="email", created=iso(started + gap), status="open", issue_type=rnd.choice(issues))
                    if rnd.random() < 0.3:
                        c["self_service_session"] = s["id"]
                    contacts.append(c)
                sessions.append(s)
    for c in rnd.sample(contacts, 250):
        surveys.append(dict(contact_id=c["id"], answered_at="", score=str(rnd.randint(1, 5))))
    for i in range(10):
        surveys.append(dict(contact_id=f"NOPE{i}", answered_at="", score="5"))
    os.makedirs(dirpath, exist_ok=True)
    files = []
    for name, rows, header in (("contacts.csv", contacts, cols), ("sessions.csv", sessions, ["id", "customer", "kind", "started", "ended", "query", "articles_viewed", "outcome", "contact_id"]), ("surveys.csv", surveys, ["contact_id", "answered_at", "score"])):
        path = os.path.join(dirpath, name)
        with open(path, "w", newline="", encoding="utf-8") as f:
            w = csv.DictWriter(f, fieldnames=header, lineterminator="\n")
            w.writeheader()
            w.writerows(rows)
        files.append(path)
    return files


# ------------------------------------------------------------------------------------------
# Comparison


FIELDS = ("value", "num", "den", "share", "median", "mean", "p90", "n", "counts", "lo", "hi")


def same(a, b):
    if isinstance(a, dict) or isinstance(b, dict):
        return isinstance(a, dict) and isinstance(b, dict) and a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, int) and isinstance(b, int):
        return a == b
    return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-9)


def compare(name, engine_rows, mine):
    key = lambda r: (r["id"], r.get("by"), r.get("group"))
    e = {key(r): r for r in engine_rows}
    m = {key(r): r for r in mine}
    problems = []
    for k in sorted(set(e) | set(m), key=str):
        if k not in e:
            problems.append(f"{name}: row {k} missing from deflect")
            continue
        if k not in m:
            problems.append(f"{name}: row {k} not expected: {e[k]}")
            continue
        a, b = e[k], m[k]
        if ("unavailable" in a) != ("unavailable" in b):
            problems.append(f"{name}: {k} availability differs: deflect {a} / cross-check {b}")
            continue
        for f in FIELDS:
            if not same(a.get(f), b.get(f)):
                problems.append(f"{name}: {k} field {f}: deflect {a.get(f)!r} / cross-check {b.get(f)!r}")
    order_e = [r["group"] for r in engine_rows if r["id"] == "unanswered_questions" and r.get("by") == "query"]
    order_m = [r["group"] for r in mine if r["id"] == "unanswered_questions" and r.get("by") == "query"]
    if order_e != order_m:
        problems.append(f"{name}: unanswered_questions ranking differs: {order_e} / {order_m}")
    ids = {r["id"] for r in engine_rows}
    return problems, len(e), len(ids)


def run(deflect, args):
    out = subprocess.run([deflect, "report", "--json", *args], check=True, capture_output=True, text=True)
    return json.loads(out.stdout)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--deflect", required=True, help="path of the deflect binary")
    ap.add_argument("--keep", help="write the data sets here and keep them")
    a = ap.parse_args()
    work = a.keep or tempfile.mkdtemp(prefix="deflect-crosscheck-")
    sample_dir = os.path.join(work, "sample")
    os.makedirs(sample_dir, exist_ok=True)
    subprocess.run([a.deflect, "sample", sample_dir], check=True, capture_output=True)
    sample = sorted(os.path.join(sample_dir, f) for f in os.listdir(sample_dir))
    gen = generate(os.path.join(work, "generated"))
    rome = [
        "--tz", "Europe/Rome",
        "--param", "time_basis=business",
        "--param", "business_hours=Mon-Fri 08:00-12:00,13:00-17:30; Sat 09:00-13:00; Sun 00:00-03:00",
        "--param", "holidays=2026-03-19,2026-04-06",
        "--param", "period_start=2026-02-16",
        "--param", "period_end=2026-04-20",
        "--param", "launch_date=2026-03-16",
        "--param", "deflection_window_s=86400",
        "--param", "repeat_window_s=259200",
        "--param", "short_abandon_s=8",
        "--param", "service_level_phone_s=30",
        "--param", "frt_target_other_s=7200",
        "--param", "csat_min_5=5",
        "--param", "target_self_service_pct=65",
    ] + [x for ch, c in (("phone", 7), ("email", 5), ("chat", 3.5), ("web_form", 4), ("messaging", 3), ("social", 6), ("other", 6)) for x in ("--param", f"cost_{ch}={c}")] + ["--param", "cost_self_service=0.4"]
    cases = [
        ("sample (UTC, sample parameters)", ["--sample"], sample),
        ("generated (Europe/Rome, business time, period, launch)", rome + gen, gen),
        ("generated (UTC defaults, launch 2026-03-01, no costs)", ["--param", "launch_date=2026-03-01"] + gen, gen),
    ]
    problems, total_rows = [], 0
    for name, args, files in cases:
        report = run(a.deflect, args)
        contacts, sessions, surveys = read_files(files)
        model = Model(contacts, sessions, surveys, report["parameters"])
        p, n_rows, n_ids = compare(name, report["metrics"], model.all_rows())
        problems += p
        total_rows += n_rows
        print(f"{name}: {n_rows} rows of {n_ids} metric ids compared, {len(p)} differences")
    for line in problems[:200]:
        print(line)
    if not a.keep:
        import shutil

        shutil.rmtree(work, ignore_errors=True)
    print("crosscheck:", "OK" if not problems else f"{len(problems)} differences", f"({total_rows} rows)")
    return 0 if not problems else 1


if __name__ == "__main__":
    sys.exit(main())

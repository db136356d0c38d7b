"""Writes a calendar of random but valid recurring events, for the differential corpus.

    python3 random_rules.py SEED COUNT OUT.ics

The corpus files random-rules-*.ics were made with this (seeds 11, 12, 13; 60 events each).
Mixed plain and ordinal BYDAY lists are never generated: python-dateutil intersects the two
kinds instead of uniting them (see dateutil-divergences.ics), which would flood the comparison.
"""
import random, sys
seed=int(sys.argv[1]); n=int(sys.argv[2]); out=sys.argv[3]
r=random.Random(seed)
zones=["Europe/Berlin","America/New_York","Australia/Lord_Howe","Asia/Kolkata","America/Sao_Paulo","Pacific/Auckland","UTC",None]
def lst(lo,hi,k,signed=False):
    v=set()
    for _ in range(k):
        x=r.randint(lo,hi)
        if signed and r.random()<0.3: x=-x
        v.add(x)
    return ",".join(map(str,sorted(v)))
days=["MO","TU","WE","TH","FR","SA","SU"]
lines=["BEGIN:VCALENDAR","VERSION:2.0","PRODID:-//rand//EN"]
for i in range(n):
    freq=r.choice(["YEARLY","MONTHLY","WEEKLY","DAILY","DAILY","WEEKLY","HOURLY"])
    parts=[f"FREQ={freq}"]
    if r.random()<0.4: parts.append(f"INTERVAL={r.randint(1,4)}")
    if freq in("YEARLY","MONTHLY") and r.random()<0.5:
        ordd = r.random()<0.5; parts.append("BYDAY="+",".join((str(r.choice([1,2,3,-1,-2]))+d if ordd else d) for d in r.sample(days,r.randint(1,3))))
    elif r.random()<0.4:
        parts.append("BYDAY="+",".join(r.sample(days,r.randint(1,4))))
    if freq in("YEARLY","MONTHLY","DAILY") and r.random()<0.3: parts.append("BYMONTHDAY="+lst(1,31,r.randint(1,3),True))
    if freq=="YEARLY" and r.random()<0.4: parts.append("BYMONTH="+lst(1,12,r.randint(1,3)))
    if freq=="YEARLY" and r.random()<0.15: parts.append("BYYEARDAY="+lst(1,366,r.randint(1,3),True))
    if freq in("DAILY","WEEKLY") and r.random()<0.3: parts.append("BYHOUR="+lst(0,23,r.randint(1,2)))
    if freq in("MONTHLY","YEARLY") and r.random()<0.2 and any(p.startswith("BYDAY") for p in parts): parts.append("BYSETPOS="+r.choice(["1","-1","2","1,-1"]))
    if freq=="HOURLY": parts.append(f"BYHOUR={lst(0,23,4)}")
    if r.random()<0.3: parts.append(f"COUNT={r.randint(1,60)}")
    elif r.random()<0.3: parts.append(f"UNTIL=2026{r.randint(1,12):02d}{r.randint(1,28):02d}T000000Z")
    if r.random()<0.3: parts.append("WKST="+r.choice(days))
    y=r.choice([2024,2025,2026]); mo=r.randint(1,12); d=r.randint(1,28)
    h=r.choice([0,1,2,3,9,12,23]); mi=r.choice([0,15,30,45])
    tz=r.choice(zones)
    allday = r.random()<0.1 and freq != "HOURLY"
    lines+=["BEGIN:VEVENT",f"UID:e{i}",f"SUMMARY:{';'.join(parts)}","DTSTAMP:20260101T000000Z"]
    if allday:
        lines.append(f"DTSTART;VALUE=DATE:{y}{mo:02d}{d:02d}")
        parts=[p for p in parts if not p.startswith("BYHOUR") and not p.startswith("UNTIL")]
    elif tz is None: lines.append(f"DTSTART:{y}{mo:02d}{d:02d}T{h:02d}{mi:02d}00")
    elif tz=="UTC": lines.append(f"DTSTART:{y}{mo:02d}{d:02d}T{h:02d}{mi:02d}00Z")
    else: lines.append(f"DTSTART;TZID={tz}:{y}{mo:02d}{d:02d}T{h:02d}{mi:02d}00")
    if tz is None and not allday: parts=[p[:-1] if p.startswith("UNTIL") and p.endswith("Z") else p for p in parts]
    lines.append("DURATION:P1D" if allday else f"DURATION:PT{r.choice([15,30,60,90])}M")
    lines.append("RRULE:"+";".join(parts))
    lines.append("END:VEVENT")
lines.append("END:VCALENDAR")
open(out,"w").write("\r\n".join(lines)+"\r\n")

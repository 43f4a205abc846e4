# 职级晋升 of the reference policy (客服部任职发展管理制度 §8), in Rego: the peer that rung is
# measured against. input: {"as_of": "YYYY-MM-DD", "record": {...}}; data.calendar, prepared
# by the host from the holiday calendar: {"workday_ordinal": {date: n}} (which working day of
# its month a working day is) and {"first_workday": {month index: date}} (the month index is
# year * 12 + month - 1). `result` holds the decision's outcome fields as `rung eval --format
# json` writes them.
package rung.promotion

import rego.v1

rungs := [
	"实习生客服",
	"初级客服(一般)", "初级客服(良好)", "初级客服(优秀)",
	"中(一)级客服(一般)", "中(一)级客服(良好)", "中(一)级客服(优秀)",
	"中(二)级客服(一般)", "中(二)级客服(良好)", "中(二)级客服(优秀)",
	"高级客服(一般)", "高级客服(良好)", "高级客服(优秀)",
	"客服主任(一般)", "客服主任(良好)", "客服主任(优秀)",
]

r := input.record

as_of := input.as_of

post := r["岗位"]

# ── dates and months ──

# A number of two digits or more, possibly with a leading zero ("07").
num(x) := to_number(trim_left(x, "0"))

ymd(s) := [num(substring(s, 0, 4)), num(substring(s, 5, 2)), num(substring(s, 8, 2))]

date_str(y, m, d) := sprintf("%04d-%02d-%02d", [y, m, d])

leap(y) if {
	y % 4 == 0
	y % 100 != 0
}

leap(y) if y % 400 == 0

days_in_month(y, m) := 29 if {
	m == 2
	leap(y)
}

days_in_month(y, m) := 28 if {
	m == 2
	not leap(y)
}

days_in_month(_, m) := 30 if m in {4, 6, 9, 11}

days_in_month(_, m) := 31 if m in {1, 3, 5, 7, 8, 10, 12}

# The same day n months later, clamped to the month's last day.
add_months(s, n) := date_str(y, m, min([d0, days_in_month(y, m)])) if {
	[y0, m0, d0] := ymd(s)
	t := ((y0 * 12) + m0) - 1 + n
	y := floor(t / 12)
	m := (t - (y * 12)) + 1
}

eval_month := ((to_number(substring(as_of, 0, 4)) * 12) + to_number(trim_left(substring(as_of, 5, 2), "0"))) - 1

# ── 8.1, 8.5.1: the window ──

cycle := {1} if {
	post == "班组长"
} else := {1, 7}

default in_window := false

in_window if {
	post != "主管"
	ymd(as_of)[1] in cycle
	data.calendar.workday_ordinal[as_of] <= 5
}

default next_window := null

next_window := d if {
	not in_window
	post != "主管"
	d := min({fw |
		some mi in numbers.range(eval_month, eval_month + 12)
		(mi % 12) + 1 in cycle
		fw := data.calendar.first_workday[format_int(mi, 10)]
		fw > as_of
	})
}

# ── 8.4, 8.2.1, 8.2.2: 资格 ──

base := d if {
	d := r["最近定级日期"]
} else := r["转正日期"]

default eligible := false

eligible if {
	post in {"客服", "客服助理", "质检专员", "班组长"}
	r["转正日期"] <= as_of
	as_of >= add_months(base, 3)
}

# ── grades and complaints ──

month_str(mi) := sprintf("%04d-%02d", [floor(mi / 12), (mi % 12) + 1])

# The windows "前6个月" and "前一年" as months `YYYY-MM`, compared as text.
last := month_str(eval_month - 1)

from6 := month_str(eval_month - 6)

from12 := month_str(eval_month - 12)

six := [g | some k, g in r["考核"]; k >= from6; k <= last]

year := [g | some k, g in r["考核"]; k >= from12; k <= last]

# How many grades of a window are at each grade or better.
at_least(gs) := {"S": s, "A": s + a, "B": (s + a) + b, "CD": c} if {
	s := count([x | some x in gs; x == "S"])
	a := count([x | some x in gs; x == "A"])
	b := count([x | some x in gs; x == "B"])
	c := count([x | some x in gs; x in {"C", "D"}])
}

n6 := at_least(six)

n12 := at_least(year)

personal(c) if {
	c["成立"] == true
	c["原因"] in {"服务态度", "其他个人原因"}
}

complaint6 if {
	some c in r["投诉"]
	personal(c)
	m := substring(c["日期"], 0, 7)
	m >= from6
	m <= last
}

complaint12 if {
	some c in r["投诉"]
	personal(c)
	m := substring(c["日期"], 0, 7)
	m >= from12
	m <= last
}

# ── 小级数 ──

normalized(s) := replace(replace(s, "（", "("), "）", ")")

current := i if {
	some i, name in rungs
	name == normalized(r["当前职级"])
}

has_current if r["当前职级"]

agents if post in {"客服", "客服助理", "质检专员"}

ok6 if {
	eligible
	agents
	n6.CD == 0
}

# 8.4.1.2.A, B, C and 8.4.1.3 for 客服 and 质检 by their rung; 8.4.2 for 班组长.
grade_steps contains ["below", 1] if {
	ok6
	n6.B >= 6
	not complaint6
}

grade_steps contains ["below", 2] if {
	ok6
	n6.A >= 3
}

grade_steps contains ["below", 2] if {
	ok6
	n6.S >= 1
	n6.A >= 2
}

grade_steps contains ["below", 3] if {
	ok6
	n6.S >= 2
	n6.A >= 4
}

grade_steps contains ["above", 1] if {
	ok6
	n6.A >= 2
	not complaint6
}

grade_steps contains ["above", 1] if {
	ok6
	n6.S >= 1
	not complaint6
}

lead_grades if n12.A >= 4

lead_grades if n12.S >= 2

lead_grades if {
	n12.S >= 1
	n12.A >= 3
}

lead if {
	eligible
	post == "班组长"
	lead_grades
	n12.CD == 0
	not complaint12
}

fired contains n if {
	some ["below", n] in grade_steps
	current < 7
}

fired contains n if {
	some ["above", n] in grade_steps
	current >= 7
}

fired contains 1 if lead

default raw_steps := 0

raw_steps := max(fired) if count(fired) > 0

# Without 当前职级 a step that could beat the known ones leaves 小级数 open.
steps_open if {
	not has_current
	some [_, n] in grade_steps
	n > raw_steps
}

caps contains c if {
	post in {"客服助理", "质检专员"}
	c := max([0, 9 - current])
}

caps contains c if c := 15 - current

default steps := null

steps := min(caps | {raw_steps}) if not steps_open

default target := null

target := rungs[min([current + steps, 15])] if {
	not steps_open
	has_current
}

# ── 方式 ──

default mode := "无"

mode := null if {
	steps_open
} else := "评审答辩" if {
	steps > 0
	post == "班组长"
} else := "评审答辩" if {
	steps > 0
	current + steps >= 7
} else := "直接晋级" if {
	steps > 0
	current + steps < 7
	post != "班组长"
}

# ── 8.4.1.1, 8.3.4, 12.2 ──

default special := false

special := true if r["特殊晋级申请"] == true

default review_score := null

review_score := (((3 * p["直属上级"]) + (3 * p["部门负责人"])) + (2 * p["业务关联部门"]) + (2 * p["人力资源部"])) / 10 if {
	p := r["评审评分"]
}

default review_passed := null

review_passed := review_score >= 80 if review_score != null

result := {
	"评定窗口": in_window,
	"下次窗口": next_window,
	"资格": eligible,
	"小级数": steps,
	"目标职级": target,
	"方式": mode,
	"特殊晋级": special,
	"评审得分": review_score,
	"评审通过": review_passed,
	"薪资生效日期": pay_from,
}

default pay_from := null

pay_from := concat("", [substring(as_of, 0, 8), "01"]) if {
	in_window
	steps > 0
}

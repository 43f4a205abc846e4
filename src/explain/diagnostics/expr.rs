//! Explain stage: the words for the checker's errors in expressions and calls.

use crate::calendar::PeriodKind;
use crate::check::error::{CheckErrorKind, Literal, NameFix, Operation, OperationHint, Wanted};
use crate::program::ir::Builtin;

use super::{Words, Words3};

/// The message, label and help of an error in an expression, a call or a rule.
pub(super) fn error_words(kind: &CheckErrorKind, w: &Words) -> Words3 {
    use CheckErrorKind as K;
    match kind {
        K::BadLiteral { text, literal } => {
            let (zh, en) = match literal {
                Literal::Number => ("数", "number"),
                Literal::Percent => ("百分数", "percentage"),
                Literal::Date => ("日期", "date"),
                Literal::Month => ("月份", "month"),
                Literal::Quarter => ("季度", "quarter"),
            };
            (
                w.t(
                    format!("`{text}` 不是有效的{zh}"),
                    format!("`{text}` is not a valid {en}"),
                ),
                w.t("无效的值", "invalid value"),
                Some(w.t(
                    "日期写作 `2026-07-03`,月份写作 `2026-07`,季度写作 `2026-Q1`,数最多六位小数",
                    "dates are written `2026-07-03`, months `2026-07`, quarters `2026-Q1`; numbers have at most six decimals",
                )),
            )
        }
        K::NotWholeQuarters { months } => (
            w.t(
                format!("季度只能加减整季度,{months} 个月不是 3 的倍数"),
                format!("a quarter moves by whole quarters; {months} months is not a multiple of 3"),
            ),
            w.t("不是整季度", "not whole quarters"),
            Some(w.t(
                "写 `1个季度`(3 个月)或 `1年`;要按月计算,先取月份:`月份(日期) + 2个月`",
                "write `1 quarter` (3 months) or `1 year`; to count in months, use a month: `month_of(date) + 2 months`",
            )),
        ),
        K::FractionalDuration { amount } => (
            w.t(
                format!("时长 `{amount}` 必须是整数"),
                format!("duration `{amount}` must be a whole number"),
            ),
            w.here(),
            Some(w.t("半年写作 `6个月`", "write half a year as `6 months`")),
        ),
        K::Mismatch { wanted, found } => {
            let (zh, en) = match wanted {
                Wanted::Number => ("数值".to_string(), "a number".to_string()),
                Wanted::Condition => ("条件(布尔)".to_string(), "a condition (bool)".to_string()),
                Wanted::KeyOrRange(PeriodKind::Month) => (
                    "月份或月份区间(如 `评估月 - 6个月 .. 评估月 - 1个月`)".to_string(),
                    "a month or a range of months".to_string(),
                ),
                Wanted::KeyOrRange(PeriodKind::Quarter) => (
                    "季度或季度区间(如 `2026-Q1 .. 2026-Q4`)".to_string(),
                    "a quarter or a range of quarters (such as `2026-Q1 .. 2026-Q4`)".to_string(),
                ),
                Wanted::KeyOrRange(PeriodKind::Year) => (
                    "年份或年份区间(如 `2025 .. 2026`)".to_string(),
                    "a year or a range of years (such as `2025 .. 2026`)".to_string(),
                ),
                Wanted::Type(t) => (w.ty(t), w.ty(t)),
                Wanted::Duration => ("时长(如 `3个月`)".to_string(), "a duration (such as `3 months`)".to_string()),
                Wanted::Deadline => ("日期或日期范围".to_string(), "a date or a range of dates".to_string()),
                Wanted::Summable => (
                    "数值或时长(合计只能加数值或时长)".to_string(),
                    "a number or a duration (a sum adds only those)".to_string(),
                ),
                Wanted::Ordered => (
                    "有大小之分的值(数值、时长、日期、月份、等级或职级)".to_string(),
                    "a value with an order (a number, duration, date, month, grade or rung)".to_string(),
                ),
            };
            (
                w.t(format!("这里应为{zh}"), format!("expected {en}")),
                w.this_is(found),
                key_help(wanted, w),
            )
        }
        K::Branches { second, .. } => (
            w.t("两个分支的类型不同", "the branches have different types"),
            w.this_is(second),
            None,
        ),
        K::UnknownField {
            ty,
            field,
            suggestion,
        } => {
            let s = w.ty(ty);
            (
                w.t(
                    format!("`{s}` 没有字段 `{field}`"),
                    format!("`{s}` has no field `{field}`"),
                ),
                w.t("没有这个字段", "no such field"),
                w.suggestion(suggestion.as_ref()),
            )
        }
        K::NoFields { ty, field } => {
            let s = w.ty(ty);
            (
                w.t(
                    format!("{s} 没有字段 `{field}`"),
                    format!("{s} has no field `{field}`"),
                ),
                w.this_is(ty),
                None,
            )
        }
        K::UnknownOutcomeField {
            decision,
            field,
            suggestion,
            in_effect,
        } => {
            let declare = in_effect.then(|| {
                w.t(
                    format!("先在决定中声明它,如 `{field}: 整数 = 0`"),
                    format!("declare it in the decision first, as in `{field}: int = 0`"),
                )
            });
            (
                w.t(
                    format!("决定 `{decision}` 没有结果字段 `{field}`"),
                    format!("decision `{decision}` has no field `{field}`"),
                ),
                w.t("没有这个字段", "no such field"),
                w.suggestion(suggestion.as_ref()).or(declare),
            )
        }
        K::NotIndexable { found } => (
            w.t(
                "只有按月、季度或年份的映射可以用 `[…]` 取值",
                "only a map by month, quarter or year can be indexed with `[…]`",
            ),
            w.this_is(found),
            None,
        ),
        K::MixedList { found } => (
            w.t("列表中的值类型不同", "list items have different types"),
            w.this_is(found),
            None,
        ),
        K::ListNotConstant => (
            w.t("列表中只能写固定值", "a list may only hold constants"),
            w.t("这个值要按记录计算", "this depends on the record"),
            Some(w.t(
                "用 `或` 连接几个比较,如 `x = a 或 x = b`",
                "join comparisons with `or`, as in `x = a or x = b`",
            )),
        ),
        K::LetCycle { name } => (
            w.t(
                format!("定义 `{name}` 引用了自身"),
                format!("definition `{name}` refers to itself"),
            ),
            w.t("循环引用", "circular reference"),
            Some(w.t(
                "定义之间不能循环引用:每个值都必须能算出来",
                "definitions cannot refer to each other in a circle",
            )),
        ),
        K::NotIn { item, collection } => {
            let (a, b) = (w.ty(item), w.ty(collection));
            (
                w.t(
                    format!("不能判断 {a} 是否属于 {b}"),
                    format!("cannot test whether {a} is in {b}"),
                ),
                w.this_is(collection),
                Some(w.t(
                    "`属于` 的右边是列表 `[a, b]`、区间 `a .. b` 或映射(按月份、季度或年份,键的种类须相同)",
                    "the right of `in` is a list `[a, b]`, a range `a .. b` or a map by month, quarter or year (of the same kind as the left)",
                )),
            )
        }
        K::CompareNone => (
            w.t(
                "与 `空` 比较永远不成立",
                "a comparison with `none` never holds",
            ),
            w.here(),
            Some(w.t(
                "判断是否有值请写 `有 x` 或 `非 有 x`",
                "test for a value with `has x` or `not has x`",
            )),
        ),
        K::Operation {
            op,
            left,
            right,
            hint,
            ..
        } => {
            let (a, b) = (w.ty(left), w.ty(right));
            let (zh_op, en_op) = match op {
                Operation::Add => ("相加", "add"),
                Operation::Sub => ("相减", "subtract"),
                Operation::Mul => ("相乘", "multiply"),
                Operation::Div => ("相除", "divide"),
                Operation::Otherwise => ("互为替补", "use one in place of the other for"),
                Operation::Range => ("组成区间", "make a range of"),
                Operation::Compare => ("比较", "compare"),
            };
            let help = hint.map(|h| match h {
                OperationHint::DurationUnit => w.t(
                    "给日期加减时长要写单位,如 `3个月`、`10天`、`5个工作日`",
                    "add a duration with its unit to a date, such as `3 months`, `10 days`, `5 working days`",
                ),
                OperationHint::RungArithmetic => w.t(
                    "职级只能与职级比较;`职级 + 2` 是高两个小级的职级,`职级 - 职级` 是相差的小级数",
                    "a rung compares with a rung; `rung + 2` is two 小级 up, `rung - rung` is the number of 小级 between",
                ),
                OperationHint::MonthDuration => w.t(
                    "月份只能加减 `个月` 或 `年`",
                    "a month only takes durations in months or years",
                ),
            });
            (
                w.t(
                    format!("不能把 {a} 与 {b} {zh_op}"),
                    format!("cannot {en_op} {a} and {b}"),
                ),
                w.this_is(right),
                help,
            )
        }
        K::NotAWindow { found } => (
            w.t("这里应为若干月的考核成绩", "expected a window of grades"),
            w.this_is(found),
            Some(w.t(
                "成绩模式用于按月成绩的区间,如 `考核[评估月 - 6个月 .. 评估月 - 1个月] 达到 3A`",
                "patterns apply to a window of monthly grades, such as `考核[评估月 - 6个月 .. 评估月 - 1个月] meets 3A`",
            )),
        ),
        K::UnknownGrade {
            grade,
            scale,
            levels,
        } => (
            w.t(
                format!("`{grade}` 不是 `{scale}` 的等级"),
                format!("`{grade}` is not a level of `{scale}`"),
            ),
            w.t("没有这个等级", "no such level"),
            Some(w.t(
                format!("等级有:{}", levels.join("、")),
                format!("the levels are: {}", levels.join(", ")),
            )),
        ),
        K::PatternOrder => (
            w.t(
                "成绩模式中的等级应从高到低书写",
                "a pattern lists grades from best to worst",
            ),
            w.t(
                "这个等级不低于前一个",
                "this grade is not below the one before",
            ),
            Some(w.t(
                "如 `1S+2A`:先写较好的等级",
                "as in `1S+2A`: the better grade first",
            )),
        ),
        K::NotIterable { found } => (
            w.t(
                "这里应为列表、区间或若干月的成绩",
                "expected a list, a range or a window of months",
            ),
            w.this_is(found),
            None,
        ),
        K::TableAsValue { name } => (
            w.t(
                format!("`{name}` 是表,要用键来取值"),
                format!("`{name}` is a table: read it with a key"),
            ),
            w.t("这里需要一个值", "a value is needed here"),
            Some(w.t(
                format!("写 `{name}[键]`,如 `{name}[考核[评估月]]`"),
                format!("write `{name}[key]`"),
            )),
        ),
        K::TableNotConstant => (
            w.t("表的键和值必须是固定值", "a table's keys and values must be constants"),
            w.t("这不是一个固定值", "this is not a single constant"),
            Some(w.t(
                "写一个值(如 `5`、`2026-02-01`、`「中(二)级客服(一般)」`)或一个参数",
                "write one value (`5`, `2026-02-01`, a rung) or a parameter",
            )),
        ),
        K::TableKeyTwice { key, .. } => (
            w.t(
                format!("表中键 `{key}` 出现了两次"),
                format!("the table lists key `{key}` twice"),
            ),
            w.t("重复的键", "duplicate key"),
            Some(w.t("每个键只写一次", "list each key once")),
        ),
        K::TableMissingKeys { table, missing } => (
            w.t(
                format!("表 `{table}` 缺少键 {}", quoted(missing, "、")),
                format!("table `{table}` lacks the keys {}", quoted(missing, ", ")),
            ),
            w.t("这个键可能不在表中", "this key may not be in the table"),
            Some(w.t(
                format!("在表 `{table}` 中补上这些键,或写 `否则 = 值` 给其余的键一个值"),
                format!("list them in `{table}`, or give every other key a value with `else = value`"),
            )),
        ),
        K::DecisionAsValue { name } => (
            w.t(
                format!("`{name}` 是决定,不是值"),
                format!("`{name}` is a decision, not a value"),
            ),
            w.t("这里需要一个值", "a value is needed here"),
            Some(w.t(
                format!("引用决定的结果字段,如 `{name}.职级`"),
                format!("refer to one of its fields, as in `{name}.职级`"),
            )),
        ),
        K::UnknownName { name, fix } => (
            w.t(format!("未知名称 `{name}`"), format!("unknown name `{name}`")),
            w.t("没有这个名称", "not defined"),
            fix.as_ref().map(|f| match f {
                NameFix::Similar(s) => super::did_you_mean(s, w.lang),
                NameFix::Spacing { keyword, fixed } => w.t(
                    format!("关键字 `{keyword}` 要与名称用空格隔开:`{fixed}`"),
                    format!("the keyword `{keyword}` must stand apart from names: `{fixed}`"),
                ),
            }),
        ),
        K::AmbiguousName { name, options } => {
            let options: Vec<String> = options
                .iter()
                .map(|t| format!("`{}.{name}`", w.ty(t)))
                .collect();
            (
                w.t(
                    format!("`{name}` 有多种含义"),
                    format!("`{name}` is ambiguous"),
                ),
                w.t("不能确定指哪一个", "cannot tell which is meant"),
                Some(w.t(
                    format!("写明所属类型:{}", options.join("、")),
                    format!("name its type: {}", options.join(", ")),
                )),
            )
        }
        K::UnknownMember {
            ty,
            member,
            suggestion,
        } => (
            w.t(
                format!("`{member}` 不是 `{ty}` 的成员"),
                format!("`{member}` is not a member of `{ty}`"),
            ),
            w.t("没有这个成员", "no such member"),
            w.suggestion(suggestion.as_ref()),
        ),
        K::UnknownFunction {
            name,
            suggestion,
            known,
        } => (
            w.t(
                format!("未知函数 `{name}`"),
                format!("unknown function `{name}`"),
            ),
            w.t("没有这个函数", "no such function"),
            w.suggestion(suggestion.as_ref()).or_else(|| {
                Some(w.t(
                    format!("内置函数有:{}", known.join("、")),
                    format!("the built-in functions are: {}", known.join(", ")),
                ))
            }),
        ),
        K::UnknownFestival {
            name,
            suggestion,
            known,
            calendar,
        } => (
            w.t(
                format!("日历中没有节日 `{name}`"),
                format!("the calendar lists no festival `{name}`"),
            ),
            w.t("没有这个节日", "no such festival"),
            w.suggestion(suggestion.as_ref()).or_else(|| {
                Some(match calendar {
                    None => w.t(
                        "节日的日期来自日历文件:请用 `日历 \"…\"` 指定一个列出节日的日历",
                        "festivals' dates come from the calendar file: name one with `calendar \"…\"`",
                    ),
                    Some(_) if known.is_empty() => w.t(
                        "日历文件的第三列(festival)没有写节日名称",
                        "the calendar file names no festival in its third column (festival)",
                    ),
                    Some(_) => w.t(
                        format!("日历中的节日有:{}", known.join("、")),
                        format!("the calendar's festivals are: {}", known.join(", ")),
                    ),
                })
            }),
        ),
        K::FestivalNotNamed => (
            w.t("这里应为节日名称", "expected a festival's name"),
            w.t("节日名称", "a festival's name"),
            Some(w.t(
                "写节日的名称,如 `节日(\"春节\", 2027)`",
                "write the festival's name, such as `festival(\"春节\", 2027)`",
            )),
        ),
        K::Arity {
            function,
            min,
            max,
            got,
        } => {
            let wanted = if min == max {
                min.to_string()
            } else {
                format!("{min}–{max}")
            };
            (
                w.t(
                    format!("`{function}` 需要 {wanted} 个参数,这里有 {got} 个"),
                    format!("`{function}` takes {wanted} argument(s), got {got}"),
                ),
                w.t("参数个数不对", "wrong number of arguments"),
                None,
            )
        }
        K::Arguments {
            function,
            builtin,
            found,
        } => {
            let got: Vec<String> = found.iter().map(|t| w.ty(t)).collect();
            (
                w.t(
                    format!("`{function}` 不接受 ({}) 这样的参数", got.join(", ")),
                    format!("`{function}` does not take ({})", got.join(", ")),
                ),
                w.t("参数类型不对", "wrong argument types"),
                Some(w.t(signature_zh(*builtin), signature_en(*builtin))),
            )
        }
        _ => super::rules::error_words(kind, w),
    }
}

/// Names in backticks, joined.
fn quoted(names: &[String], sep: &str) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(sep)
}

/// How to index a map of a kind, when something else indexes it.
fn key_help(wanted: &Wanted, w: &Words) -> Option<String> {
    Some(match wanted {
        Wanted::KeyOrRange(PeriodKind::Month) => w.t(
            "按月的映射用月份取值:`考核[2026-03]`、`考核[评估月 - 6个月 .. 评估月 - 1个月]`",
            "a map by month takes a month: `考核[2026-03]`, `考核[m - 6 months .. m - 1 month]`",
        ),
        Wanted::KeyOrRange(PeriodKind::Quarter) => w.t(
            "按季度的映射用季度取值:`季度考核[2026-Q1]`、`季度考核[季度(评估日期) - 4个季度 .. 季度(评估日期) - 1个季度]`;月份的季度是 `季度(月份)`",
            "a map by quarter takes a quarter: `季度考核[2026-Q1]`, `季度考核[quarter_of(d) - 4 quarters .. quarter_of(d) - 1 quarter]`; a month's quarter is `quarter_of(month)`",
        ),
        Wanted::KeyOrRange(PeriodKind::Year) => w.t(
            "按年的映射用年份(整数)取值:`年度考核[2025]`、`年度考核[年(评估日期) - 2 .. 年(评估日期) - 1]`;日期或月份的年份是 `年(…)`",
            "a map by year takes a year (a whole number): `年度考核[2025]`, `年度考核[year(d) - 2 .. year(d) - 1]`; a date's or month's year is `year(…)`",
        ),
        _ => return None,
    })
}

fn signature_zh(b: Builtin) -> &'static str {
    match b {
        Builtin::MonthOf => "`月份(日期)`:日期所在的月份",
        Builtin::MonthNumber => "`月(日期或月份)`:1 至 12",
        Builtin::Year => "`年(日期、月份或季度)`",
        Builtin::QuarterOf => "`季度(日期或月份)`:所在的季度;`季度(年, n)`:该年第 n 季度",
        Builtin::QuarterNumber => "`季(日期、月份或季度)`:1 至 4",
        Builtin::Day => "`日(日期)`:几号",
        Builtin::MonthStart => "`月初(日期或月份)`:当月 1 日",
        Builtin::MonthEnd => "`月末(日期或月份)`:当月最后一天",
        Builtin::WorkdayIndex => "`工作日序号(日期)`:当月第几个工作日,非工作日为 0",
        Builtin::NthWorkday => "`工作日(月份, n)`:当月第 n 个工作日",
        Builtin::IsWorkday => "`是工作日(日期)`",
        Builtin::MonthsBetween => "`月数(起, 止)`:相隔的整月数",
        Builtin::DaysBetween => "`天数(起, 止)`:相隔的天数",
        Builtin::Max => "`较大(a, b, …)`:同类的可比较值",
        Builtin::Min => "`较小(a, b, …)`:同类的可比较值",
        Builtin::MajorOf => "`大级(职级)`",
        Builtin::Len => "`个数(列表或若干月的成绩)`",
        Builtin::Round => "`四舍五入(数值, 小数位数)`",
        Builtin::Abs => "`绝对值(数值)`",
        Builtin::Weekday => "`星期(日期)`:周一为 1,周日为 7",
        Builtin::Festival => "`节日(\"春节\", 年)`:日历中该年该节日的第一天假期",
        Builtin::Quotient => "`整除(a, b)`:向下取整的商",
        Builtin::Remainder => "`余数(a, b)`:a 除以 b 的余数",
        Builtin::RoundInt => "`取整(数值)`:四舍五入为整数",
        Builtin::Floor => "`向下取整(数值)`",
        Builtin::Ceil => "`向上取整(数值)`",
    }
}

fn signature_en(b: Builtin) -> &'static str {
    match b {
        Builtin::MonthOf => "`month_of(date)`: the month of a date",
        Builtin::MonthNumber => "`month_number(date or month)`: 1 to 12",
        Builtin::Year => "`year(date, month or quarter)`",
        Builtin::QuarterOf => {
            "`quarter_of(date or month)`: its quarter; `quarter_of(year, n)`: quarter n of a year"
        }
        Builtin::QuarterNumber => "`quarter_number(date, month or quarter)`: 1 to 4",
        Builtin::Day => "`day(date)`: the day of the month",
        Builtin::MonthStart => "`month_start(date or month)`: the 1st of the month",
        Builtin::MonthEnd => "`month_end(date or month)`: the last day of the month",
        Builtin::WorkdayIndex => "`workday_index(date)`: which working day of its month, 0 if none",
        Builtin::NthWorkday => "`nth_workday(month, n)`: the n-th working day of a month",
        Builtin::IsWorkday => "`is_workday(date)`",
        Builtin::MonthsBetween => "`months_between(from, to)`: whole months between",
        Builtin::DaysBetween => "`days_between(from, to)`",
        Builtin::Max => "`max(a, b, …)`: comparable values of one type",
        Builtin::Min => "`min(a, b, …)`: comparable values of one type",
        Builtin::MajorOf => "`major(rung)`",
        Builtin::Len => "`count_of(list or window)`",
        Builtin::Round => "`round(number, places)`",
        Builtin::Abs => "`abs(number)`",
        Builtin::Weekday => "`weekday(date)`: 1 for Monday to 7 for Sunday",
        Builtin::Festival => {
            "`festival(\"春节\", year)`: the festival's first holiday that year, from the calendar"
        }
        Builtin::Quotient => "`quotient(a, b)`: the quotient rounded down",
        Builtin::Remainder => "`remainder(a, b)`: what is left of a after dividing by b",
        Builtin::RoundInt => "`round_int(number)`: rounded half away from zero to a whole number",
        Builtin::Floor => "`floor(number)`",
        Builtin::Ceil => "`ceil(number)`",
    }
}

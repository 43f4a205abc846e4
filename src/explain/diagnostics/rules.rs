//! Explain stage: the words for the checker's errors in decisions, their fields and rules, and
//! in the order of computation.

use crate::check::error::CheckErrorKind;

use super::{Words, Words3};

/// The message, label and help of an error in a decision or in the order of computation.
pub(super) fn error_words(kind: &CheckErrorKind, w: &Words) -> Words3 {
    use CheckErrorKind as K;
    match kind {
        K::UnorderedCombine { ty } => {
            let t = w.ty(ty);
            (
                w.t(
                    format!("{t} 不能取大或取小"),
                    format!("{t} values cannot be combined by max or min"),
                ),
                w.t("这个合并方式", "this combination"),
                None,
            )
        }
        K::GroupNotAField { name, suggestion } => (
            w.t(
                format!("`{name}` 不是记录字段,不能按它分组"),
                format!("`{name}` is not a record field to group by"),
            ),
            w.t("`按` 后面应为记录字段", "`per` takes a record field"),
            w.suggestion(suggestion.as_ref()),
        ),
        K::RankNotOrdered { ty } => {
            let t = w.ty(ty);
            (
                w.t(
                    format!("{t} 没有大小之分,不能排名或求平均"),
                    format!("{t} values have no order to rank or average by"),
                ),
                w.t("这个值", "this value"),
                Some(w.t(
                    "排名用数值、日期、月份、等级、职级或文本(如工号);求平均用数值",
                    "rank by a number, date, month, grade, rung or text (such as an id); average numbers",
                )),
            )
        }
        K::QuotaRange { places } => (
            w.t(
                format!("名额 `{places}` 不在范围内"),
                format!("quota `{places}` is out of range"),
            ),
            w.t("名额", "quota"),
            Some(w.t(
                "名额是整数人数(`名额 2`)或 0 到 100% 之间的比例(`名额 20%`)",
                "a quota is a whole number of places (`quota 2`) or a share between 0 and 100% (`quota 20%`)",
            )),
        ),
        K::QuotaWithoutOrder => (
            w.t(
                "名额需要排名:决定没有说明谁在前",
                "a quota needs a ranking: the decision does not say who comes first",
            ),
            w.t("名额", "quota"),
            Some(w.t(
                "在决定头部写 `按 部门 排名 得分 降序, 工号 升序`",
                "write `per 部门 ranked by 得分 desc, 工号 asc` in the decision's head",
            )),
        ),
        K::QuotaReadsGroup => (
            w.t(
                "有名额的规则,条件不能读取组内人数、名次或平均",
                "a rule with a quota cannot read the group's size, rank or average in its condition",
            ),
            w.t("这个名额", "this quota"),
            Some(w.t(
                "组内的值在排名之后才有:另写一条读取它的规则,用 `优先于` 取代有名额的规则",
                "the group's values exist only once its records are ranked: write another rule that reads them and `overrides` the one with the quota",
            )),
        ),
        K::RosterOnly { function } => (
            w.t(
                format!("`{function}` 只能用于按组排名的决定"),
                format!("`{function}` is only for decisions over the roster"),
            ),
            w.t("这里没有分组", "no group here"),
            Some(w.t(
                "在决定头部写 `按 字段` 或 `排名 …`,使它成为按组的决定",
                "write `per FIELD` or `ranked by …` in the decision's head",
            )),
        ),
        K::RosterOrder {
            decision,
            reads,
            roster,
        } => (
            w.t(
                format!("`{decision}` 读取按组的决定 `{reads}`,而 `{reads}` 在它之后才作出"),
                format!("`{decision}` reads the roster decision `{reads}`, which is made after it"),
            ),
            w.t("这个决定", "this decision"),
            Some(if *roster {
                w.t(
                    "按组的决定按文件顺序作出:排名、名额条件和组内平均只能读取此前的按组决定,不能读取自己或之后的",
                    "roster decisions are made in file order: an order, a quota's condition or a group average reads only roster decisions before it, not itself or later ones",
                )
            } else {
                w.t(
                    "按组的决定在每条记录自己的决定之后作出,记录自己的决定不能读取它",
                    "roster decisions are made after every record's own decisions, which cannot read them",
                )
            }),
        ),
        K::NotARecordField { name, suggestion } => (
            w.t(
                format!("`{name}` 不是记录字段"),
                format!("`{name}` is not a record field"),
            ),
            w.t("`需要` 后面应为记录字段", "`requires` takes record fields"),
            w.suggestion(suggestion.as_ref()),
        ),
        K::EffectTwice { field } => (
            w.t(
                format!("规则两次设定 `{field}`"),
                format!("rule sets `{field}` twice"),
            ),
            w.t("第二次", "second time"),
            None,
        ),
        K::NotOptional { field, ty } => {
            let t = w.ty(ty);
            (
                w.t(
                    format!("`{field}` 不是可选字段,不能设为空"),
                    format!("`{field}` is not optional and cannot be set to none"),
                ),
                w.here(),
                Some(w.t(
                    format!("在字段类型后加 `?`:`{field}: {t}?`"),
                    format!("mark the field optional: `{field}: {t}?`"),
                )),
            )
        }
        K::UnorderedBound { ty } => {
            let t = w.ty(ty);
            (
                w.t(
                    format!("{t} 没有大小,不能设上限或下限"),
                    format!("{t} values have no order to cap"),
                ),
                w.t("这个字段", "this field"),
                None,
            )
        }
        K::RequirementNotBool { field, ty } => {
            let t = w.ty(ty);
            (
                w.t(
                    format!("`要求` 只能用于布尔字段,`{field}` 是 {t}"),
                    format!("`requires` needs a bool field; `{field}` is {t}"),
                ),
                w.t("这个字段", "this field"),
                None,
            )
        }
        K::SelfOverride => (
            w.t("规则不能优先于自己", "a rule cannot override itself"),
            w.here(),
            None,
        ),
        K::UnknownRule { id, suggestion } => (
            w.t(
                format!("本决定中没有规则 `{id}`"),
                format!("no rule `{id}` in this decision"),
            ),
            w.t("未知的规则编号", "unknown rule id"),
            w.suggestion(suggestion.as_ref()),
        ),
        K::RequiredAndSet { field } => (
            w.t(
                format!("`{field}` 既有 `要求` 又被直接设定"),
                format!("`{field}` is both required and set"),
            ),
            w.t("这个字段", "this field"),
            Some(w.t(
                "要求字段的值是各条要求是否都满足;请把直接设定的规则改为 `要求`,或另设一个字段",
                "a requirement field is whether all requirements hold; turn the setting rules into requirements, or use another field",
            )),
        ),
        K::RequirementDefault { field } => (
            w.t(
                format!("要求字段 `{field}` 不能有默认值"),
                format!("requirement field `{field}` cannot have a default"),
            ),
            w.t("这个字段", "this field"),
            Some(w.t(
                "没有适用的要求时,它为真",
                "it is true when no requirement applies",
            )),
        ),
        K::UnsetField { field } => (
            w.t(
                format!("结果字段 `{field}` 没有默认值,也没有规则设定它"),
                format!("outcome field `{field}` has no default and no rule sets it"),
            ),
            w.t("这个字段永远没有值", "this field never has a value"),
            Some(w.t(
                format!("给它一个默认值(`{field}: 类型 = 值`),或写一条规则 `则 {field} = …`"),
                format!("give it a default (`{field}: type = value`) or write a rule `then {field} = …`"),
            )),
        ),
        K::FieldHidesDefinition {
            field,
            definition: (def, _),
        } => (
            w.t(
                format!("结果字段 `{field}` 遮住了定义 `{def}`"),
                format!("outcome field `{field}` hides the definition `{def}`"),
            ),
            w.t(
                "在这个决定里,这个名字指字段自身",
                "inside this decision the name means the field itself",
            ),
            Some(w.t(
                format!("给字段或定义 `{def}` 换一个名字,字段才能读到定义的值"),
                format!("rename the field or the definition `{def}` so the field can read the definition"),
            )),
        ),
        K::Cycle { circle } => {
            let first = circle.first().map_or("", |(n, _)| n.as_str());
            let chain: Vec<String> = circle
                .iter()
                .map(|(n, _)| format!("`{n}`"))
                .chain(std::iter::once(format!("`{first}`")))
                .collect();
            (
                w.t(
                    format!("`{first}` 依赖于自身"),
                    format!("`{first}` depends on itself"),
                ),
                w.t("循环从这里开始", "the circle starts here"),
                Some(w.t(
                    format!(
                        "计算顺序形成了循环:{};请让其中一个值不依赖另一个",
                        chain.join(" → ")
                    ),
                    format!(
                        "the values depend on each other in a circle: {}; break it",
                        chain.join(" → ")
                    ),
                )),
            )
        }
        K::TooDeep { max } => (
            w.t(
                format!("表达式嵌套过深(最多 {max} 层)"),
                format!("expression nested too deeply (at most {max} levels)"),
            ),
            w.t("从这里开始超过了上限", "the limit is passed here"),
            Some(w.t(
                "把里层的部分写成 `定义`,再引用它的名称",
                "move the inner part into a `let` and use its name",
            )),
        ),
        // The other kinds have their words in `diagnostics` and `diagnostics::expr`.
        other => (other.code().to_string(), w.here(), None),
    }
}

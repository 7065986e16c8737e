//! The closed vocabularies of the language: each enumeration and the Chinese words that write
//! it. The tables are the single source for parsing values, printing them and listing the
//! accepted words in diagnostics.

/// Defines an enum whose variants are written as fixed Chinese words.
macro_rules! word_enum {
    ($(#[$meta:meta])* $vis:vis enum $name:ident { $($variant:ident = $word:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        $vis enum $name { $($variant),+ }

        impl $name {
            /// Every variant with its word, in declaration order.
            pub const ALL: &'static [($name, &'static str)] = &[$(($name::$variant, $word)),+];

            pub fn from_word(word: &str) -> Option<$name> {
                Self::ALL.iter().find(|(_, w)| *w == word).map(|(v, _)| *v)
            }

            pub fn word(self) -> &'static str {
                match self { $($name::$variant => $word),+ }
            }

            pub fn words() -> impl Iterator<Item = &'static str> {
                Self::ALL.iter().map(|(_, w)| *w)
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.word())
            }
        }
    };
}

word_enum! {
    /// 事项类型.
    pub enum MatterKind {
        Licensing = "行政许可",
        Penalty = "行政处罚",
        Enforcement = "行政强制",
        Levy = "行政征收",
        Benefit = "行政给付",
        Inspection = "行政检查",
        Confirmation = "行政确认",
        Reward = "行政奖励",
        Adjudication = "行政裁决",
        OtherPower = "其他行政权力",
        PublicService = "公共服务",
    }
}

impl MatterKind {
    /// The two-digit type code carried in digits 3–4 of the 基本编码.
    pub fn type_code(self) -> &'static str {
        match self {
            MatterKind::Licensing => "01",
            MatterKind::Penalty => "02",
            MatterKind::Enforcement => "03",
            MatterKind::Levy => "04",
            MatterKind::Benefit => "05",
            MatterKind::Inspection => "06",
            MatterKind::Confirmation => "07",
            MatterKind::Reward => "08",
            MatterKind::Adjudication => "09",
            MatterKind::OtherPower => "10",
            MatterKind::PublicService => "20",
        }
    }

    pub fn from_type_code(code: &str) -> Option<MatterKind> {
        Self::ALL
            .iter()
            .map(|(k, _)| *k)
            .find(|k| k.type_code() == code)
    }
}

word_enum! {
    /// 服务对象.
    pub enum Subject {
        Person = "自然人",
        LegalPerson = "法人",
        Unincorporated = "非法人组织",
    }
}

word_enum! {
    /// 办件类型.
    pub enum Handling {
        Instant = "即办件",
        Promised = "承诺件",
    }
}

word_enum! {
    /// 办理形式.
    pub enum Channel {
        Window = "窗口",
        Online = "网上",
        Post = "快递",
    }
}

word_enum! {
    /// 代办: A 全程代办, B 全程领办, C 咨询服务.
    pub enum Agency {
        A = "A",
        B = "B",
        C = "C",
    }
}

impl Agency {
    pub fn meaning(self) -> &'static str {
        match self {
            Agency::A => "全程代办",
            Agency::B => "全程领办",
            Agency::C => "咨询服务",
        }
    }
}

word_enum! {
    /// 通办.
    pub enum Tongban {
        City = "全城通办",
        CrossRegion = "跨域通办",
        None = "不通办",
    }
}

word_enum! {
    /// 材料形式.
    pub enum Form {
        Original = "原件",
        Copy = "复印件",
        Both = "原件和复印件",
    }
}

word_enum! {
    /// 材料介质.
    pub enum Medium {
        Paper = "纸质",
        Electronic = "电子",
        Both = "纸质和电子",
    }
}

word_enum! {
    /// 材料来源.
    pub enum Source {
        Applicant = "申请人自备",
        Government = "政府部门核发",
        Intermediary = "中介机构出具",
    }
}

word_enum! {
    /// 材料必要性.
    pub enum Necessity {
        Required = "必要",
        Optional = "非必要",
        Deferrable = "容缺后补",
    }
}

word_enum! {
    /// 免提交: how the window obtains a material the applicant no longer brings.
    pub enum Acquisition {
        DataSharing = "数据共享",
        InternalCheck = "部门核查",
        Commitment = "告知承诺",
    }
}

impl Acquisition {
    /// What the applicant is told instead of being asked for the material.
    pub fn explain(self) -> &'static str {
        match self {
            Acquisition::DataSharing => "窗口通过数据共享获取",
            Acquisition::InternalCheck => "由办理部门内部核查",
            Acquisition::Commitment => "申请人签署告知承诺书代替",
        }
    }
}

word_enum! {
    /// 时限单位.
    pub enum DayUnit {
        Working = "工作日",
        Calendar = "自然日",
    }
}

word_enum! {
    /// 行使层级 of a department.
    pub enum Level {
        National = "国家级",
        Province = "省级",
        City = "市级",
        County = "县级",
        Town = "镇级",
        Village = "村级",
    }
}

impl Level {
    /// The 行使层级 digit of the 实施编码 (1 国家 … 6 村/社区).
    pub fn digit(self) -> char {
        match self {
            Level::National => '1',
            Level::Province => '2',
            Level::City => '3',
            Level::County => '4',
            Level::Town => '5',
            Level::Village => '6',
        }
    }
}

word_enum! {
    /// A severity set in `banshi.yaml`.
    pub enum RuleLevel {
        Error = "error",
        Warning = "warning",
        Off = "off",
    }
}

word_enum! {
    /// 法律效力位阶, highest first.
    pub enum Rank {
        Law = "法律",
        AdministrativeRegulation = "行政法规",
        LocalRegulation = "地方性法规",
        DepartmentalRule = "部门规章",
        LocalGovernmentRule = "地方政府规章",
        NormativeDocument = "规范性文件",
    }
}

impl Rank {
    /// Whether `self` is of higher 效力位阶 than `other` under the 立法法 (2023, 第九十八条,
    /// 第九十九条, 第一百零二条): 法律 > 行政法规 > 地方性法规 and 规章; 地方性法规 > 地方政府规章;
    /// the two kinds of 规章 are equal; and 地方性法规 and 部门规章 are not ranked against each
    /// other (a conflict between them goes to the State Council, 第一百零六条). 规范性文件 are
    /// below all of them. A partial order: neither may outrank the other.
    pub fn outranks(self, other: Rank) -> bool {
        use Rank::*;
        match self {
            Law => other != Law,
            AdministrativeRegulation => !matches!(other, Law | AdministrativeRegulation),
            LocalRegulation => matches!(other, LocalGovernmentRule | NormativeDocument),
            DepartmentalRule | LocalGovernmentRule => other == NormativeDocument,
            NormativeDocument => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_codes_follow_the_national_table() {
        let codes: Vec<&str> = MatterKind::ALL.iter().map(|(k, _)| k.type_code()).collect();
        assert_eq!(
            codes,
            [
                "01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "20"
            ]
        );
        assert_eq!(MatterKind::from_type_code("05"), Some(MatterKind::Benefit));
        assert_eq!(
            MatterKind::from_word("其他行政权力"),
            Some(MatterKind::OtherPower)
        );
    }

    #[test]
    fn ranks_form_the_partial_order_of_the_legislation_law() {
        use Rank::*;
        let all = Rank::ALL.iter().map(|(r, _)| *r).collect::<Vec<_>>();
        for &a in &all {
            assert!(!a.outranks(a));
            for &b in &all {
                assert!(!(a.outranks(b) && b.outranks(a)), "{a:?} {b:?}");
                for &c in &all {
                    if a.outranks(b) && b.outranks(c) {
                        assert!(a.outranks(c), "{a:?} {b:?} {c:?}");
                    }
                }
            }
        }
        assert!(!LocalRegulation.outranks(DepartmentalRule));
        assert!(!DepartmentalRule.outranks(LocalRegulation));
        assert!(LocalRegulation.outranks(LocalGovernmentRule));
        assert!(!DepartmentalRule.outranks(LocalGovernmentRule));
        assert!(AdministrativeRegulation.outranks(DepartmentalRule));
        assert!(DepartmentalRule.outranks(NormativeDocument));
    }
}

word_enum! {
    /// 权力来源.
    pub enum PowerSource {
        Statutory = "法定本级行使",
        Delegated = "上级下放",
        Authorised = "上级授权",
        EntrustedFromAbove = "上级委托",
        EntrustedSameLevel = "同级委托",
    }
}

word_enum! {
    /// 送达: how the result reaches the applicant.
    pub enum Delivery {
        Window = "窗口领取",
        Post = "邮寄",
        Download = "网上下载",
        Electronic = "电子证照",
    }
}

word_enum! {
    /// The unit of a result's 有效期.
    pub enum ValidityUnit {
        Years = "年",
        Months = "个月",
        Days = "日",
    }
}

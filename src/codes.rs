//! National code structures: the 统一社会信用代码 (GB 32100-2015), the 12-character 基本编码 and
//! the 31-character 实施编码 built from them.

use crate::model::{Level, MatterKind};

/// The 31 characters of GB 32100-2015, in value order (no I, O, S, V, Z).
const CREDIT_CHARSET: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const CREDIT_WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CreditCodeError {
    /// Not 18 characters (the count found).
    Length(usize),
    /// A character outside the charset, at this 0-based character position.
    Character(usize, char),
    /// Characters 3–8 are the administrative division code and must be digits.
    Division,
    /// The 18th character is wrong; the expected one is given.
    CheckCharacter { expected: char, found: char },
}

fn credit_value(c: char) -> Option<u32> {
    CREDIT_CHARSET.find(c).and_then(|i| u32::try_from(i).ok())
}

/// The check character for the first 17 characters, if they are all in the charset.
pub fn credit_check_char(first17: &str) -> Option<char> {
    let mut sum = 0u32;
    let mut n = 0;
    for (c, w) in first17.chars().zip(CREDIT_WEIGHTS) {
        sum += credit_value(c)? * w;
        n += 1;
    }
    if n != 17 || first17.chars().count() != 17 {
        return None;
    }
    let check = (31 - sum % 31) % 31;
    CREDIT_CHARSET.chars().nth(check as usize)
}

/// Validates an 18-character 统一社会信用代码.
pub fn validate_credit_code(code: &str) -> Result<(), CreditCodeError> {
    let chars: Vec<char> = code.chars().collect();
    if chars.len() != 18 {
        return Err(CreditCodeError::Length(chars.len()));
    }
    if let Some((i, &c)) = chars
        .iter()
        .enumerate()
        .find(|(_, c)| credit_value(**c).is_none())
    {
        return Err(CreditCodeError::Character(i, c));
    }
    if !chars[2..8].iter().all(char::is_ascii_digit) {
        return Err(CreditCodeError::Division);
    }
    let first17: String = chars[..17].iter().collect();
    match credit_check_char(&first17) {
        Some(expected) if expected == chars[17] => Ok(()),
        Some(expected) => Err(CreditCodeError::CheckCharacter {
            expected,
            found: chars[17],
        }),
        None => Err(CreditCodeError::Length(chars.len())),
    }
}

/// The prefix of matters of the national basic catalog (国家政务服务事项基本目录).
pub const NATIONAL_PREFIX: &str = "00";

/// The province-level divisions of GB/T 2260 (first two digits), whose catalogs may add
/// matters of their own under their code.
pub const PROVINCE_CODES: &[(&str, &str)] = &[
    ("11", "北京市"),
    ("12", "天津市"),
    ("13", "河北省"),
    ("14", "山西省"),
    ("15", "内蒙古自治区"),
    ("21", "辽宁省"),
    ("22", "吉林省"),
    ("23", "黑龙江省"),
    ("31", "上海市"),
    ("32", "江苏省"),
    ("33", "浙江省"),
    ("34", "安徽省"),
    ("35", "福建省"),
    ("36", "江西省"),
    ("37", "山东省"),
    ("41", "河南省"),
    ("42", "湖北省"),
    ("43", "湖南省"),
    ("44", "广东省"),
    ("45", "广西壮族自治区"),
    ("46", "海南省"),
    ("50", "重庆市"),
    ("51", "四川省"),
    ("52", "贵州省"),
    ("53", "云南省"),
    ("54", "西藏自治区"),
    ("61", "陕西省"),
    ("62", "甘肃省"),
    ("63", "青海省"),
    ("64", "宁夏回族自治区"),
    ("65", "新疆维吾尔自治区"),
];

/// A problem with a 12-character 基本编码.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BasicCodeError {
    Length(usize),
    /// Characters 1–2 (the catalog prefix) are neither 00 (the national basic catalog) nor
    /// the code of a province-level division (GB/T 2260) whose catalog adds local matters.
    Prefix,
    /// Characters 3–4 are not one of the national type codes.
    UnknownType(String),
    /// Characters 5–9 (主项) or 10–12 (子项) are not all digits.
    Digits {
        start: usize,
        end: usize,
    },
}

/// Validates the structure of a 基本编码: 2-char prefix + 2-digit type code + 5-digit main item
/// + 3-digit sub item. Returns the type the code encodes.
pub fn validate_basic_code(code: &str) -> Result<MatterKind, BasicCodeError> {
    let chars: Vec<char> = code.chars().collect();
    if chars.len() != 12 {
        return Err(BasicCodeError::Length(chars.len()));
    }
    let prefix: String = chars[..2].iter().collect();
    if prefix != NATIONAL_PREFIX && !PROVINCE_CODES.iter().any(|(c, _)| *c == prefix) {
        return Err(BasicCodeError::Prefix);
    }
    let type_code: String = chars[2..4].iter().collect();
    let Some(kind) = MatterKind::from_type_code(&type_code) else {
        return Err(BasicCodeError::UnknownType(type_code));
    };
    if !chars[4..9].iter().all(char::is_ascii_digit) {
        return Err(BasicCodeError::Digits { start: 4, end: 9 });
    }
    if !chars[9..12].iter().all(char::is_ascii_digit) {
        return Err(BasicCodeError::Digits { start: 9, end: 12 });
    }
    Ok(kind)
}

/// The 31-character 实施编码: credit code + 行使层级 digit + 基本编码.
pub fn implementation_code(credit_code: &str, level: Level, basic_code: &str) -> String {
    let mut s = String::with_capacity(31);
    s.push_str(credit_code);
    s.push(level.digit());
    s.push_str(basic_code);
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credit_code_of_the_spec_example_is_valid() {
        assert_eq!(validate_credit_code("113204020141123452"), Ok(()));
    }

    #[test]
    fn credit_code_check_character() {
        // Replace the check character of a valid code: every other character is wrong.
        for c in CREDIT_CHARSET.chars().filter(|&c| c != '2') {
            let code = format!("11320402014112345{c}");
            assert_eq!(
                validate_credit_code(&code),
                Err(CreditCodeError::CheckCharacter {
                    expected: '2',
                    found: c
                })
            );
        }
        // A check value of 31 is written 0.
        let mut found_zero = false;
        for tail in 0..1000u32 {
            let first17 = format!("91320402MA1{tail:06}");
            if credit_check_char(&first17) == Some('0') {
                found_zero = true;
                assert_eq!(validate_credit_code(&format!("{first17}0")), Ok(()));
                break;
            }
        }
        assert!(found_zero);
    }

    #[test]
    fn credit_code_shape_errors() {
        assert_eq!(
            validate_credit_code("1132"),
            Err(CreditCodeError::Length(4))
        );
        assert_eq!(
            validate_credit_code("11320402014112345I"),
            Err(CreditCodeError::Character(17, 'I'))
        );
        assert_eq!(
            validate_credit_code("11AB04020141123452"),
            Err(CreditCodeError::Division)
        );
    }

    #[test]
    fn basic_code_structure() {
        assert_eq!(
            validate_basic_code("000105012000"),
            Ok(MatterKind::Licensing)
        );
        assert_eq!(validate_basic_code("000505012000"), Ok(MatterKind::Benefit));
        assert_eq!(
            validate_basic_code("322005012000"),
            Ok(MatterKind::PublicService)
        );
        assert_eq!(validate_basic_code("0001"), Err(BasicCodeError::Length(4)));
        assert_eq!(
            validate_basic_code("001105012000"),
            Err(BasicCodeError::UnknownType("11".into()))
        );
        assert_eq!(
            validate_basic_code("00050501A000"),
            Err(BasicCodeError::Digits { start: 4, end: 9 })
        );
        assert_eq!(
            validate_basic_code("ab0505012000"),
            Err(BasicCodeError::Prefix)
        );
        // Any two characters used to pass; only the national and provincial catalogs exist.
        for bad in [
            "AB0505012000",
            "990505012000",
            "100505012000",
            "710505012000",
        ] {
            assert_eq!(
                validate_basic_code(bad),
                Err(BasicCodeError::Prefix),
                "{bad}"
            );
        }
        assert_eq!(validate_basic_code("320505012000"), Ok(MatterKind::Benefit));
    }

    #[test]
    fn implementation_code_is_31_chars() {
        let code = implementation_code("113204020141123452", Level::County, "000505012000");
        assert_eq!(code.len(), 31);
        assert_eq!(&code[18..19], "4");
    }
}

//! Article numbers: ASCII digits (第11条) or Chinese numerals (第一百零五条).

/// Parses an article, paragraph or item number. Returns `None` for malformed numerals
/// (十十, 一二, 一百零) and for values that do not fit.
pub fn parse(s: &str) -> Option<u32> {
    if s.is_empty() {
        return None;
    }
    if s.bytes().all(|b| b.is_ascii_digit()) {
        return s.parse().ok();
    }
    parse_chinese(s)
}

fn digit(c: char) -> Option<u32> {
    Some(match c {
        '零' | '〇' => 0,
        '一' => 1,
        '二' | '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

fn unit(c: char) -> Option<u32> {
    Some(match c {
        '十' => 10,
        '百' => 100,
        '千' => 1000,
        _ => return None,
    })
}

/// Numerals below ten thousand written the way laws number their articles: digits take a
/// strictly decreasing unit each, 零 stands for skipped units, and a leading 十 means 一十.
fn parse_chinese(s: &str) -> Option<u32> {
    let chars: Vec<char> = s.chars().collect();
    let mut total: u32 = 0;
    let mut pending: Option<u32> = None;
    let mut last_unit: u32 = u32::MAX;
    let mut after_zero = false;
    for (i, &c) in chars.iter().enumerate() {
        if let Some(d) = digit(c) {
            if d == 0 {
                // 零 only stands between a unit and a digit: 一百零五.
                if pending.is_some() || i == 0 || after_zero {
                    return None;
                }
                after_zero = true;
                continue;
            }
            if pending.is_some() {
                return None;
            }
            pending = Some(d);
        } else if let Some(u) = unit(c) {
            if u >= last_unit {
                return None;
            }
            let d = match pending.take() {
                Some(d) => d,
                None if i == 0 && u == 10 => 1,
                None => return None,
            };
            if after_zero && d == 0 {
                return None;
            }
            total = total.checked_add(d.checked_mul(u)?)?;
            last_unit = u;
            after_zero = false;
        } else {
            return None;
        }
    }
    match pending {
        Some(d) => {
            // A trailing digit is the ones place, unless the previous unit leaves a gap that
            // 零 did not mark (一百五 is colloquial for 150; laws write 一百五十, so reject it).
            if last_unit != u32::MAX && last_unit > 10 && !after_zero {
                return None;
            }
            total.checked_add(d)
        }
        None if after_zero => None,
        None => Some(total),
    }
    .filter(|&n| n > 0 || chars.is_empty())
}

/// Writes `n` the way laws number articles (105 → 一百零五). Used by the formatter and guides.
pub fn to_chinese(n: u32) -> String {
    const DIGITS: [char; 10] = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
    if n == 0 {
        return "零".to_string();
    }
    if n >= 10_000 {
        return n.to_string();
    }
    let places = [(1000, '千'), (100, '百'), (10, '十'), (1, ' ')];
    let mut out = String::new();
    let mut zero_pending = false;
    let mut started = false;
    for (value, unit) in places {
        let d = (n / value) % 10;
        if d == 0 {
            if started {
                zero_pending = true;
            }
            continue;
        }
        if zero_pending {
            out.push('零');
            zero_pending = false;
        }
        // 十一 rather than 一十一 when the number starts at the tens.
        if !(value == 10 && d == 1 && !started) {
            out.push(DIGITS[d as usize]);
        }
        if unit != ' ' {
            out.push(unit);
        }
        started = true;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_numerals() {
        for (s, n) in [
            ("一", 1),
            ("九", 9),
            ("十", 10),
            ("十一", 11),
            ("二十", 20),
            ("二十三", 23),
            ("一百", 100),
            ("一百零五", 105),
            ("一百一十", 110),
            ("一百一十一", 111),
            ("两百", 200),
            ("一千零一", 1001),
            ("一千零一十", 1010),
            ("一千二百三十四", 1234),
            ("11", 11),
            ("105", 105),
        ] {
            assert_eq!(parse(s), Some(n), "{s}");
        }
    }

    #[test]
    fn malformed_numerals() {
        for s in [
            "",
            "零",
            "十十",
            "一二",
            "一百零",
            "百",
            "百一",
            "一百五",
            "零五",
            "一零五",
            "十百",
            "一百零零五",
            "第",
        ] {
            assert_eq!(parse(s), None, "{s}");
        }
    }

    #[test]
    fn round_trip() {
        for n in 1..=2000 {
            assert_eq!(parse(&to_chinese(n)), Some(n), "{n} → {}", to_chinese(n));
        }
        assert_eq!(to_chinese(105), "一百零五");
        assert_eq!(to_chinese(11), "十一");
        assert_eq!(to_chinese(110), "一百一十");
    }
}

//! Writes the hand-made "messy" test workbook, in the style of a real county 实施清单:
//!
//!     cargo run --example messy_workbook -- tests/workbooks/县级实施清单.xlsx
//!
//! A title row merged across the sheet above the header, the department cell merged down
//! beside each of its matters, materials as a numbered list in one cell (one with 「等」),
//! limits as free text (「承诺5日」, 「材料齐全后20个工作日内」, 「受理后尽快办理」),
//! full-width digits, a 基本编码 stored as a number (its leading zeros gone), numbers stored
//! as text, a legal basis without 《》, an empty required cell, and a column the language has
//! no field for (实施编码). The committed workbook is this program's output; the import test
//! reads it.
// A development tool: it reports on the terminal and stops at the first failure.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::print_stdout)]

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, FormatAlign, Workbook};

const HEADERS: &[&str] = &[
    "序号",
    "实施主体",
    "事项名称",
    "基本编码",
    "实施编码",
    "事项类型",
    "服务对象",
    "设定依据",
    "受理条件",
    "申请材料",
    "法定办结时限",
    "承诺办结时限",
    "收费标准",
    "办理地点",
    "办理时间",
    "咨询电话",
    "监督电话",
    "到现场次数",
    "办件类型",
];

/// One matter row: the cells after 序号 and 实施主体. `None` leaves the cell empty; a cell
/// starting with `#` is written as a number.
type Row = [Option<&'static str>; 17];

const MINZHENG: &[Row] = &[
    [
        Some("最低生活保障申请"),
        Some("000505012000"),
        Some("11320402014112345Y4000505012000"),
        Some("行政给付"),
        Some("自然人"),
        Some("《社会救助暂行办法》第九条、第十一条；《最低生活保障审核确认办法》第五条"),
        Some(
            "1.共同生活的家庭成员中至少有一人持有本区常住户口；\n2.共同生活家庭成员月人均收入低于本区城乡居民最低生活保障标准；",
        ),
        Some(
            "1.申请人居民身份证原件及复印件各1份\n2.户口簿等户籍证明材料\n3.最低生活保障申请书（原件1份）",
        ),
        Some("30个工作日"),
        Some("１５个工作日"),
        Some("不收费"),
        Some("天宁区政务服务中心一楼民政窗口"),
        Some("工作日上午9:00-12:00，下午13:30-17:00"),
        Some("0519-85600000"),
        Some("0519-12345"),
        Some("1"),
        Some("承诺件"),
    ],
    [
        Some("临时救助申请"),
        Some("#505013000"),
        None,
        Some("行政给付"),
        Some("个人"),
        Some("《社会救助暂行办法》第四十七条"),
        Some(
            "因火灾、交通事故等意外事件，家庭成员突发重大疾病等原因，导致基本生活暂时出现严重困难的家庭",
        ),
        Some("1.临时救助申请书\n2.申请人居民身份证复印件1份\n3.其他相关证明材料"),
        Some("受理后尽快办理"),
        Some("承诺5日"),
        Some("免费"),
        Some("天宁区政务服务中心一楼民政窗口"),
        Some("工作日上午9:00-12:00，下午13:30-17:00"),
        Some("0519-85600000"),
        Some("0519-12345"),
        Some("最多跑一次"),
        Some("承诺件"),
    ],
    [
        Some("困难残疾人生活补贴和重度残疾人护理补贴"),
        Some("000505019000"),
        None,
        Some("行政给付"),
        Some("自然人"),
        Some(
            "国务院关于全面建立困难残疾人生活补贴和重度残疾人护理补贴制度的意见（国发〔2015〕52号）",
        ),
        Some("持有第二代残疾人证的本区户籍残疾人"),
        Some("1.残疾人两项补贴申请审批表\n2.中华人民共和国残疾人证"),
        Some("20个工作日"),
        Some("10个工作日"),
        Some("不收费"),
        Some("各街道为民服务中心"),
        Some("工作日"),
        Some("0519-85600000"),
        None,
        Some("１次"),
        None,
    ],
];

const SHICHANG: &[Row] = &[
    [
        Some("食品经营许可"),
        Some("000112003000"),
        None,
        Some("行政许可"),
        Some("企业法人、个体工商户"),
        Some("《中华人民共和国食品安全法》第三十五条"),
        Some(
            "（1）具有与经营的食品品种、数量相适应的经营场所；\n（2）有专职或者兼职的食品安全管理人员",
        ),
        Some("1. 食品经营许可申请书\n2. 营业执照复印件\n3. 与食品经营相适应的场所、设备等材料"),
        Some("20日"),
        Some("10个工作日"),
        Some("不收费"),
        Some("天宁区政务服务中心二楼市场监管窗口"),
        Some("工作日上午9:00-12:00，下午13:30-17:00"),
        Some("0519-88800000"),
        Some("12315"),
        Some("#1"),
        Some("承诺件"),
    ],
    [
        Some("个体工商户登记"),
        Some("000112001000"),
        None,
        Some("行政许可"),
        Some("自然人"),
        Some("《促进个体工商户发展条例》第八条"),
        Some("有经营能力的公民"),
        Some("①个体工商户登记申请书；②经营者身份证明；③经营场所使用证明"),
        Some("即办"),
        Some("当场办结"),
        Some("不收费"),
        Some("天宁区政务服务中心二楼市场监管窗口"),
        Some("工作日上午9:00-12:00，下午13:30-17:00"),
        Some("0519-88800000"),
        Some("12315"),
        Some("#0"),
        Some("即办件"),
    ],
];

const ZHUJIAN: &[Row] = &[[
    Some("公共租赁住房申请"),
    Some("000520001000"),
    None,
    Some("公共服务"),
    Some("自然人"),
    Some("《公共租赁住房管理办法》第七条"),
    Some("在本区无住房或者住房面积低于规定标准"),
    Some("1.公共租赁住房申请表原件1份\n2.家庭成员身份证明复印件"),
    Some("材料齐全后20个工作日内"),
    Some("15个工作日"),
    Some("不收费"),
    Some("天宁区政务服务中心三楼住房保障窗口"),
    Some("工作日上午9:00-12:00，下午13:30-17:00"),
    Some("0519-88900000"),
    Some("12345"),
    Some("2次"),
    Some("承诺件"),
]];

fn main() {
    let out = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "tests/workbooks/县级实施清单.xlsx".to_string());
    let mut book = Workbook::new();
    book.set_properties(
        &DocProperties::new()
            .set_title("天宁区政务服务事项实施清单")
            .set_creation_datetime(&ExcelDateTime::from_ymd(2026, 3, 1).unwrap()),
    );
    let title = Format::new().set_bold().set_align(FormatAlign::Center);
    let wrap = Format::new()
        .set_text_wrap()
        .set_align(FormatAlign::VerticalCenter);
    let sheet = book.add_worksheet();
    sheet.set_name("天宁区实施清单").unwrap();
    let last_col = u16::try_from(HEADERS.len() - 1).unwrap();
    sheet
        .merge_range(
            0,
            0,
            0,
            last_col,
            "常州市天宁区政务服务事项实施清单（2026年版）",
            &title,
        )
        .unwrap();
    for (c, h) in HEADERS.iter().enumerate() {
        // Headers as counties type them: a required mark, a line break.
        let shown = match *h {
            "事项名称" => "*事项名称",
            "承诺办结时限" => "承诺办结\n时限",
            h => h,
        };
        sheet.write_string(1, c as u16, shown).unwrap();
        sheet.set_column_width(c as u16, 18).unwrap();
    }
    let mut row = 2u32;
    let mut seq = 1;
    for (dept, rows) in [
        ("常州市天宁区民政局", MINZHENG),
        ("常州市天宁区市场监督管理局", SHICHANG),
        ("常州市天宁区住房和城乡建设局", ZHUJIAN),
    ] {
        let first = row;
        for r in rows {
            sheet.write_number(row, 0, f64::from(seq)).unwrap();
            seq += 1;
            for (i, cell) in r.iter().enumerate() {
                let c = u16::try_from(i + 2).unwrap();
                match cell {
                    Some(v) if v.starts_with('#') => {
                        sheet
                            .write_number(row, c, v[1..].parse::<f64>().unwrap())
                            .unwrap();
                    }
                    Some(v) => {
                        sheet.write_string_with_format(row, c, *v, &wrap).unwrap();
                    }
                    None => {}
                }
            }
            row += 1;
        }
        if row - first > 1 {
            sheet
                .merge_range(first, 1, row - 1, 1, dept, &wrap)
                .unwrap();
        } else {
            sheet
                .write_string_with_format(first, 1, dept, &wrap)
                .unwrap();
        }
    }
    book.save(&out).unwrap();
    println!("wrote {out}");
}

//! Writes a large, realistic, clean catalog for benchmarks:
//!
//!     cargo run --release --example gen_catalog -- DIR N [SEED] [FINDINGS_PER_MATTER]
//!
//! N matters, one per file in department folders, with varied materials, conditions, citations
//! in Chinese and ASCII numerals, fees, special procedures and FAQ; about N/20 bundles of 3–7
//! matters whose evidence flows forward along the flow; and the three registries. The same
//! (N, SEED) always gives the same bytes. With FINDINGS_PER_MATTER 0 (the default) the catalog
//! checks clean: no errors, no warnings; with k it has about k warnings per matter.
// A development tool: it reports on the terminal and stops at the first failure.
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::print_stdout,
    clippy::print_stderr
)]

use rand::rngs::ChaCha8Rng;
use rand::{RngExt as _, SeedableRng};
use std::fmt::Write as _;
use std::path::Path;

const DEPARTMENTS: &[(&str, &str)] = &[
    ("公安局", "公安分局"),
    ("民政局", "民政局"),
    ("人社局", "人力资源和社会保障局"),
    ("卫健委", "卫生健康局"),
    ("医保局", "医疗保障局"),
    ("市场监管局", "市场监督管理局"),
    ("住建局", "住房和城乡建设局"),
    ("自然资源局", "自然资源和规划局"),
    ("城管局", "城市管理局"),
    ("残联", "残疾人联合会"),
    ("教育局", "教育局"),
    ("交通局", "交通运输局"),
    ("文旅局", "文化广电和旅游局"),
    ("农业农村局", "农业农村局"),
    ("生态环境局", "生态环境局"),
    ("司法局", "司法局"),
];

const TYPES: &[(&str, &str)] = &[
    ("行政许可", "01"),
    ("行政给付", "05"),
    ("行政确认", "07"),
    ("行政奖励", "08"),
    ("其他行政权力", "10"),
    ("公共服务", "20"),
];

const LAWS: &[(&str, &str, u32)] = &[
    ("中华人民共和国行政许可法", "法律", 83),
    ("中华人民共和国社会保险法", "法律", 98),
    ("中华人民共和国就业促进法", "法律", 69),
    ("中华人民共和国食品安全法", "法律", 154),
    ("中华人民共和国城乡规划法", "法律", 70),
    ("社会救助暂行办法", "行政法规", 70),
    ("居住证暂行条例", "行政法规", 23),
    ("失业保险条例", "行政法规", 33),
    ("住房公积金管理条例", "行政法规", 47),
    ("市场主体登记管理条例", "行政法规", 55),
    ("江苏省社会救助办法", "地方政府规章", 62),
    ("市场主体登记管理条例实施细则", "部门规章", 82),
];

const SUBJECTS: &[&str] = &["申请人", "申请单位", "经营者", "建设单位", "申请家庭"];
const CONDITION_TAILS: &[&str] = &[
    "持有本区常住户口",
    "在本区依法登记注册",
    "年满十八周岁且具有完全民事行为能力",
    "近三年内未发生重大安全生产事故",
    "已按规定缴纳社会保险费满十二个月",
    "经营场所位于本区行政区域内",
    "家庭月人均收入低于本区最低生活保障标准",
    "已取得所在地村民委员会出具的书面意见",
    "具备与经营规模相适应的专业技术人员",
    "申请事项符合本区国土空间规划",
];
const MATERIAL_NAMES: &[&str] = &[
    "申请表",
    "书面承诺书",
    "场所平面图",
    "专业技术人员名单",
    "设备清单",
    "银行账户信息表",
    "项目说明书",
    "近期免冠照片",
    "授权委托书",
    "安全管理制度文本",
    "劳动合同",
    "房屋租赁合同",
    "医疗机构出具的诊断证明",
    "学历证书",
];
const FORMS: &[&str] = &["原件", "复印件", "原件和复印件"];
const MEDIA: &[&str] = &["纸质", "电子", "纸质和电子"];
const SITUATIONS: &[&str] = &[
    "委托他人代为办理的",
    "经营场所为租赁房屋的",
    "申请人为残疾人的",
    "变更法定代表人的",
    "首次申请的",
];
const CHANNELS: &[&str] = &["窗口 网上", "网上 快递", "窗口 网上 快递"];

const CREDIT_CHARS: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

fn credit_code(serial: usize) -> String {
    let body = format!("11320402MB{serial:07}");
    let sum: u32 = body
        .chars()
        .zip(WEIGHTS)
        .map(|(c, w)| CREDIT_CHARS.find(c).unwrap_or(0) as u32 * w)
        .sum();
    let check = (31 - sum % 31) % 31;
    format!(
        "{body}{}",
        CREDIT_CHARS.chars().nth(check as usize).unwrap_or('0')
    )
}

fn chinese(n: u32) -> String {
    banshi::numeral::to_chinese(n)
}

fn pick<'a>(rng: &mut ChaCha8Rng, items: &'a [&'a str]) -> &'a str {
    items[rng.random_range(0..items.len())]
}

/// Writes `text` to `dir/rel`, creating folders.
fn put(dir: &Path, rel: &str, text: &str) -> std::io::Result<()> {
    let path = dir.join(rel);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(path, text)
}

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let (Some(dir), Some(n)) = (
        args.get(1),
        args.get(2).and_then(|n| n.parse::<usize>().ok()),
    ) else {
        eprintln!("usage: gen_catalog DIR N [SEED] [FINDINGS_PER_MATTER]");
        std::process::exit(2);
    };
    let seed = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(2026);
    // A legacy catalog is not clean: FINDINGS_PER_MATTER materials per matter ask the applicant
    // for a certificate the window can fetch through data sharing, one warning each
    // (shared-material-requested), as catalogs written before data sharing do everywhere.
    let findings: usize = args.get(4).and_then(|s| s.parse().ok()).unwrap_or(0);
    let dir = Path::new(dir);
    let mut rng = ChaCha8Rng::seed_from_u64(seed);

    put(
        dir,
        "banshi.yaml",
        "name: 基准测试目录\nregion: \"320402\"\n",
    )?;
    let mut departments = String::new();
    for (i, (id, name)) in DEPARTMENTS.iter().enumerate() {
        let _ = writeln!(
            departments,
            "- id: {id}\n  name: 基准区{name}\n  credit_code: \"{}\"\n  level: 县级",
            credit_code(i + 1)
        );
    }
    put(dir, "registry/departments.yaml", &departments)?;
    // The one blank form every generated 样表 names: a 样表 must name a file of the catalog.
    put(dir, "forms/申请表.docx", "基准测试用空白申请表\n")?;
    let mut laws = String::new();
    for (id, rank, articles) in LAWS {
        let _ = writeln!(
            laws,
            "- id: {id}\n  rank: {rank}\n  issuer: 国务院\n  effective: 2019-01-01\n  articles: {articles}"
        );
    }
    put(dir, "registry/laws.yaml", &laws)?;
    // Evidence: shared identity documents, and one result per matter.
    let mut evidence = String::from(
        "- id: 居民身份证\n  name: 中华人民共和国居民身份证\n  issuer: 公安局\n  shared: true\n\
         - id: 营业执照\n  name: 营业执照\n  issuer: 市场监管局\n  shared: true\n",
    );
    for i in 0..n {
        let _ = writeln!(
            evidence,
            "- id: 结果证照{i}\n  name: 第{i}号事项办理结果\n  issuer: {}\n  shared: true",
            DEPARTMENTS[i % DEPARTMENTS.len()].0
        );
    }
    put(dir, "registry/evidence.yaml", &evidence)?;

    // Bundles: consecutive groups of 3–7 matters; within a group each matter may need the
    // result of the one before it, and the flow runs them in that order.
    let mut bundle_of = vec![None; n];
    let mut bundles: Vec<Vec<usize>> = Vec::new();
    let mut i = 0;
    while i + 3 <= n && bundles.len() < n / 20 {
        let size = rng.random_range(3..=7).min(n - i);
        bundles.push((i..i + size).collect());
        for (k, m) in (i..i + size).enumerate() {
            bundle_of[m] = Some((bundles.len() - 1, k));
        }
        i += size + rng.random_range(5..30);
    }

    for m in 0..n {
        let dept = DEPARTMENTS[m % DEPARTMENTS.len()].0;
        let (kind, code) = TYPES[rng.random_range(0..TYPES.len())];
        let instant = rng.random_range(0..4) == 0;
        let mut s = String::new();
        let _ = writeln!(s, "// 基准事项 {m}");
        let _ = writeln!(s, "事项 事项{m} {{");
        let _ = writeln!(
            s,
            "  名称 \"基准事项{m}{}\"",
            pick(&mut rng, MATERIAL_NAMES).trim_end_matches("表")
        );
        let _ = writeln!(s, "  编码 \"32{code}{:05}{:03}\"", m / 1000, m % 1000);
        let _ = writeln!(s, "  类型 {kind}");
        let _ = writeln!(s, "  实施主体 {dept}");
        let _ = writeln!(
            s,
            "  服务对象 {}",
            if m % 3 == 0 {
                "自然人 法人"
            } else {
                "自然人"
            }
        );
        let _ = writeln!(
            s,
            "  办件类型 {}",
            if instant { "即办件" } else { "承诺件" }
        );
        // Citations sorted from the highest rank down: laws first in the table.
        let mut cited: Vec<usize> = (0..rng.random_range(1..4))
            .map(|_| rng.random_range(0..LAWS.len()))
            .collect();
        cited.sort_unstable();
        cited.dedup();
        let _ = writeln!(s, "  依据 {{");
        for &l in &cited {
            let (law, _, articles) = LAWS[l];
            let a = rng.random_range(1..=articles);
            let b = rng.random_range(1..=articles);
            if rng.random_range(0..2) == 0 {
                let _ = writeln!(
                    s,
                    "    《{law}》第{}条 第{}条第二款",
                    chinese(a),
                    chinese(b)
                );
            } else {
                let _ = writeln!(s, "    《{law}》第{a}条");
            }
        }
        let _ = writeln!(s, "  }}");
        let _ = writeln!(s, "  受理条件 {{");
        for _ in 0..rng.random_range(1..4) {
            let (law, _, articles) = LAWS[cited[0]];
            let _ = writeln!(
                s,
                "    \"{}{}\" 依据 《{law}》第{}条",
                pick(&mut rng, SUBJECTS),
                pick(&mut rng, CONDITION_TAILS),
                chinese(rng.random_range(1..=articles))
            );
        }
        let _ = writeln!(s, "  }}");
        let _ = writeln!(s, "  材料 {{");
        let _ = writeln!(
            s,
            "    身份证 {{\n      名称 \"申请人居民身份证\"\n      证照 居民身份证\n      形式 原件\n      份数 1\n      来源 政府部门核发\n      免提交 数据共享\n    }}"
        );
        if let Some((b, k)) = bundle_of[m]
            && k > 0
        {
            let prev = bundles[b][k - 1];
            let _ = writeln!(
                s,
                "    前置结果 {{\n      名称 \"第{prev}号事项办理结果\"\n      证照 结果证照{prev}\n      形式 原件\n      份数 1\n      来源 政府部门核发\n      免提交 数据共享\n    }}"
            );
        }
        for k in 0..findings {
            let _ = writeln!(
                s,
                "    共享材料{k} {{\n      名称 \"申请人居民身份证（第{k}份）\"\n      证照 居民身份证\n      形式 复印件\n      份数 1\n      来源 政府部门核发\n    }}"
            );
        }
        for j in 0..rng.random_range(1..6) {
            let name = pick(&mut rng, MATERIAL_NAMES);
            let _ = write!(
                s,
                "    材料{j} {{\n      名称 \"{name}\"\n      形式 {}\n      份数 {}\n      介质 {}\n      来源 申请人自备\n",
                pick(&mut rng, FORMS),
                rng.random_range(1..4),
                pick(&mut rng, MEDIA)
            );
            if rng.random_range(0..3) == 0 {
                let _ = writeln!(s, "      情形 \"{}\"", pick(&mut rng, SITUATIONS));
            }
            if rng.random_range(0..4) == 0 {
                let _ = writeln!(
                    s,
                    "      样表 \"forms/申请表.docx\"\n      常见错误 \"未加盖申请单位公章\""
                );
            }
            let _ = writeln!(s, "    }}");
        }
        let _ = writeln!(s, "  }}");
        if instant {
            let _ = writeln!(s, "  时限 即办");
        } else {
            let legal = rng.random_range(5..61);
            let promised = rng.random_range(1..=legal);
            let _ = writeln!(
                s,
                "  时限 {{\n    法定 {legal} 工作日\n    承诺 {promised} 工作日"
            );
            if rng.random_range(0..5) == 0 {
                let _ = writeln!(s, "    特别程序 \"公示\" 7 自然日");
            }
            let _ = writeln!(s, "  }}");
        }
        if rng.random_range(0..6) == 0 {
            let (law, _, articles) = LAWS[cited[0]];
            let _ = writeln!(
                s,
                "  收费 {{\n    工本费 {{\n      名称 \"证书工本费\"\n      标准 \"{}元/件\"\n      依据 《{law}》第{}条\n    }}\n  }}",
                rng.random_range(5..50),
                chinese(rng.random_range(1..=articles))
            );
        } else {
            let _ = writeln!(s, "  收费 不收费");
        }
        let channels = pick(&mut rng, CHANNELS);
        let visits = if channels.contains("网上") && rng.random_range(0..2) == 0 {
            0
        } else {
            1
        };
        if visits == 0 {
            let _ = writeln!(s, "  到现场 0 次\n  办理形式 {channels}\n  代办 A");
        } else {
            let _ = writeln!(
                s,
                "  到现场 1 次 \"需现场核验原件\"\n  办理形式 {channels}\n  代办 B"
            );
        }
        let _ = writeln!(s, "  通办 全城通办");
        let _ = writeln!(
            s,
            "  结果 {{\n    名称 \"第{m}号事项办理结果\"\n    证照 结果证照{m}\n  }}"
        );
        let _ = writeln!(
            s,
            "  咨询 \"0519-8{:07}\"\n  监督 \"12345\"",
            m % 10_000_000
        );
        let _ = writeln!(s, "  地点 \"基准区政务服务中心{}号窗口\"", m % 40 + 1);
        let _ = writeln!(s, "  时间 \"工作日 9:00—17:00\"");
        let _ = writeln!(
            s,
            "  常见问题 {{\n    问 \"可以网上办理吗？\"\n    答 \"可以，登录江苏政务服务网提交申请。\"\n  }}"
        );
        let _ = writeln!(s, "}}");
        put(dir, &format!("{dept}/{:03}/事项{m}.banshi", m / 1000), &s)?;
    }

    for (b, members) in bundles.iter().enumerate() {
        let lead = DEPARTMENTS[members[0] % DEPARTMENTS.len()].0;
        let mut s = format!(
            "一件事 一件事{b} {{\n  名称 \"第{b}号一件事\"\n  牵头 {lead}\n  流程 串联 {{\n"
        );
        // Each matter needs the one before it, so they run in series; a few trailing matters
        // with no dependants may share a parallel block at the end.
        for m in members {
            let _ = writeln!(s, "    事项{m}");
        }
        s.push_str("  }\n}\n");
        put(dir, &format!("一件事/一件事{b}.banshi"), &s)?;
    }
    eprintln!(
        "wrote {n} matters and {} bundles to {}",
        bundles.len(),
        dir.display()
    );
    Ok(())
}

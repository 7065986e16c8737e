//! The text of the skeletons `banshi new` writes: a matter, a bundle, a catalog's
//! configuration and registries. Pure text from facts the clerk supplied; writing the files is
//! the command line's job.
//!
//! A skeleton holds only facts the clerk gave; every other required fact is `待核` where the
//! language allows it (language Part two, 待核), never an example value, so the new file
//! checks with W180 warnings and nothing else. Values that land inside the generated text are
//! quoted (spec strings, YAML scalars) or must be identifiers or citations as the grammar reads
//! them, so no value can end a line, a string or a block early.

use crate::model::MatterKind;

/// Whether `s` is an identifier as the grammar reads ids (XID_Start, then XID_Continue): the
/// only names `banshi new` accepts for matters, bundles and departments. Such a name has no
/// `/`, `\`, `.`, `:` or blank, so it is also a single, harmless path component.
pub fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(unicode_ident::is_xid_start)
        && chars.all(unicode_ident::is_xid_continue)
}

/// Why `basis` is not one citation as 依据 takes it (`《法名》第N条…`), or the law's title.
pub fn citation_title(basis: &str) -> Result<&str, String> {
    let basis = basis.trim();
    let Some(rest) = basis.strip_prefix('《') else {
        return Err("应以《开头，写成《法规名称》第N条".to_string());
    };
    let Some((title, articles)) = rest.split_once('》') else {
        return Err("缺少》：应写成《法规名称》第N条".to_string());
    };
    if title.trim().is_empty() {
        return Err("《》中没有法规名称".to_string());
    }
    if title.chars().any(|c| c == '《' || c.is_control()) {
        return Err("法规名称中不能有《或控制字符".to_string());
    }
    // What may follow the title: article references only (第十一条第二款第（三）项 之 …).
    let allowed = |c: char| {
        c.is_ascii_digit()
            || c == ' '
            || "第条款项之（）()零〇一二两三四五六七八九十百千".contains(c)
    };
    if let Some(bad) = articles.chars().find(|&c| !allowed(c)) {
        return Err(format!(
            "》之后只能写条款项（如 第九条、第十一条第二款），不能有「{bad}」"
        ));
    }
    Ok(title)
}

/// A spec string: `"…"` with the three escapes the grammar knows.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A YAML double-quoted scalar: whatever the value, it stays one value on its line.
pub fn yaml(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The facts a new matter is written from: the ones that may not be `待核`.
#[derive(Clone, Debug)]
pub struct MatterFacts<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub kind: MatterKind,
    pub department: &'a str,
    /// Each a citation that [`citation_title`] accepts.
    pub basis: &'a [String],
}

/// A matter with every required field: the facts given, `待核` for the others. Unformatted;
/// the caller runs it through `syntax::fmt::format`.
pub fn matter(f: &MatterFacts) -> String {
    let mut s = String::new();
    s.push_str("// 由 banshi new 生成的事项骨架。\n");
    s.push_str(
        "// 写成「待核」的各项是尚未核实的事实：向主管部门核实后写明取值。banshi check 对每一项\n",
    );
    s.push_str("// 给出一个 unverified-fact（W180）警告，发布的办事指南在该处显示“待核实”。\n");
    s.push_str(
        "// 可以补充的字段（写法见 docs/language.md）：办理形式、代办、通办、结果、网办地址、\n",
    );
    s.push_str("// 复议、诉讼、数量限制、常见问题、受理机构、决定机构、办理情形、办理流程。\n");
    s.push_str(&format!("事项 {} {{\n", f.id));
    s.push_str(&format!("  名称 {}\n", quote(f.name)));
    s.push_str("  编码 待核\n");
    s.push_str(&format!("  类型 {}\n", f.kind.word()));
    s.push_str(&format!("  实施主体 {}\n", f.department));
    s.push_str("  服务对象 待核\n");
    s.push_str("  办件类型 待核\n");
    s.push_str("  依据 {\n");
    for c in f.basis {
        s.push_str(&format!("    {}\n", c.trim()));
    }
    s.push_str("  }\n");
    for field in [
        "受理条件",
        "材料",
        "时限",
        "收费",
        "到现场",
        "地点",
        "时间",
        "咨询",
        "监督",
    ] {
        s.push_str(&format!("  {field} 待核\n"));
    }
    s.push_str("}\n");
    s
}

/// How the matters of a new bundle run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FlowKind {
    Serial,
    Parallel,
}

/// The facts a new bundle is written from: all of its required fields.
#[derive(Clone, Debug)]
pub struct BundleFacts<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub lead: &'a str,
    pub flow: FlowKind,
    /// Matter ids, or `<matter>.<variant>`.
    pub matters: &'a [String],
}

/// A bundle with its required fields. Unformatted, like [`matter`].
pub fn bundle(f: &BundleFacts) -> String {
    let mut s = String::new();
    s.push_str("// 由 banshi new 生成的一件事骨架。\n");
    s.push_str("// 流程：串联 { … } 中的事项依次办理，并联 { … } 中的同时办理，两者可以嵌套；\n");
    s.push_str("// 只有部分申请人需要的事项前写「可选」。\n");
    s.push_str("// 可以补充的字段（写法见 docs/language.md）：目标时限、受理条件、材料。\n");
    s.push_str(&format!("一件事 {} {{\n", f.id));
    s.push_str(&format!("  名称 {}\n", quote(f.name)));
    s.push_str(&format!("  牵头 {}\n", f.lead));
    let word = match f.flow {
        FlowKind::Serial => "串联",
        FlowKind::Parallel => "并联",
    };
    s.push_str(&format!("  流程 {word} {{\n"));
    for m in f.matters {
        s.push_str(&format!("    {m}\n"));
    }
    s.push_str("  }\n}\n");
    s
}

/// The facts of a new catalog besides its first matter.
#[derive(Clone, Debug)]
pub struct CatalogFacts<'a> {
    pub name: &'a str,
    pub region: &'a str,
    pub department: &'a str,
    pub department_name: &'a str,
    pub credit_code: &'a str,
    pub level: &'a str,
    /// The law the first matter cites: its title and the registry's required facts.
    pub law: &'a str,
    pub law_rank: &'a str,
    pub law_issuer: &'a str,
    pub law_effective: &'a str,
}

/// `banshi.yaml`.
pub fn config(f: &CatalogFacts) -> String {
    format!(
        "# 事项目录配置（由 banshi new 生成）。\n\
         # name：目录名称，显示在目录首页和办事指南上。\n\
         # region：本目录所属地区的 6 位行政区划代码（GB/T 2260）。\n\
         # registry：三份登记表的位置，相对于本文件夹。\n\
         name: {}\n\
         region: {}\n\
         registry:\n  \
           departments: registry/departments.yaml\n  \
           laws: registry/laws.yaml\n  \
           evidence: registry/evidence.yaml\n",
        yaml(f.name),
        yaml(f.region)
    )
}

/// `registry/departments.yaml` with the one department given.
pub fn departments(f: &CatalogFacts) -> String {
    format!(
        "# 部门登记表（实施主体、牵头部门，由 banshi new 生成）。每个部门一项：\n\
         # id：事项文件中引用的名字（实施主体、牵头）；name：单位全称；\n\
         # credit_code：18 位统一社会信用代码（GB 32100-2015，第 18 位为校验码）；\n\
         # level：国家级 | 省级 | 市级 | 县级 | 镇级 | 村级；\n\
         # region（可选）：与目录所属地区不同时写本单位的行政区划代码（6、9 或 12 位）。\n\
         \n\
         - id: {}\n  \
           name: {}\n  \
           credit_code: {}\n  \
           level: {}\n",
        yaml(f.department),
        yaml(f.department_name),
        yaml(f.credit_code),
        yaml(f.level)
    )
}

/// `registry/laws.yaml` with the one law the first matter cites.
pub fn laws(f: &CatalogFacts) -> String {
    format!(
        "# 依据目录（由 banshi new 生成）。每部法律法规一项：\n\
         # id：与事项依据中《》内的标题完全一致；\n\
         # rank：法律 | 行政法规 | 地方性法规 | 部门规章 | 地方政府规章 | 规范性文件；\n\
         # issuer：制定机关；effective：现行版本的施行日期（YYYY-MM-DD）；\n\
         # number（可选）：令号；repealed（可选）：废止日期；\n\
         # articles（可选）：条文总数，写明后引用的条号不能超过它。\n\
         \n\
         - id: {}\n  \
           rank: {}\n  \
           issuer: {}\n  \
           effective: {}\n",
        yaml(f.law),
        yaml(f.law_rank),
        yaml(f.law_issuer),
        yaml(f.law_effective)
    )
}

/// `registry/evidence.yaml`, empty: no certificate is known yet.
pub fn evidence() -> String {
    "# 证照目录（电子证照与共享数据，由 banshi new 生成）。每种证照一项：\n\
     # id：材料和办理结果中「证照」引用的名字；name：证照全称；\n\
     # issuer：核发部门的 id（或 issuer_name：登记表以外的核发单位全称）；\n\
     # shared：true 表示办理部门可通过数据共享或电子证照库获取，默认 false。\n\
     # 例如材料写「证照 居民身份证」时，在此登记居民身份证。\n\
     \n\
     []\n"
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_are_single_harmless_names() {
        assert!(is_identifier("低保申请"));
        assert!(is_identifier("a1_b"));
        for bad in [
            "", "..", "a/b", "/etc", "a.b", "a b", "1a", "C:", "a\\b", "-x",
        ] {
            assert!(!is_identifier(bad), "{bad}");
        }
    }

    #[test]
    fn a_citation_is_a_title_and_article_references_only() {
        assert_eq!(
            citation_title("《社会救助暂行办法》第十一条第二款"),
            Ok("社会救助暂行办法")
        );
        assert_eq!(citation_title("《法》"), Ok("法"));
        assert!(citation_title("社会救助暂行办法").is_err());
        assert!(citation_title("《》第一条").is_err());
        assert!(citation_title("《法》第一条\n}").is_err());
        assert!(citation_title("《法》第一条 } 名称 \"x\"").is_err());
    }

    #[test]
    fn quoted_values_stay_one_value() {
        assert_eq!(quote("a\"b\\c\nd"), "\"a\\\"b\\\\c\\nd\"");
        assert_eq!(yaml("a\"\n#b"), "\"a\\\"\\u000A#b\"");
    }
}

//! Definitions and references by name: the two diagnostics every namespace shares.
//!
//! Used by the registry loader (departments, laws, evidence) and by lowering (matters, bundles,
//! materials, fee items, 编码).

use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Sink};
use crate::source::Span;
use crate::suggest::closest;
use rustc_hash::FxHashMap;

declare_rule! {
    /// ## 检查内容
    /// 同一名称被定义了两次：两个事项或两个一件事同名，同一事项内两份材料或两个收费项目同名，
    /// 两个事项使用同一个基本编码，或登记表中两个条目使用同一个 id。
    ///
    /// ## 为什么有问题
    /// 名称用来引用：一件事按名称串联事项，材料按名称出现在告知单中，编码标识全国唯一的事项。
    /// 重名时引用指向哪一个无法确定，门户上也会出现两个同码事项。
    ///
    /// ## 示例
    /// ```banshi
    /// 事项 低保申请 { … }
    /// 事项 低保申请 { … }   // 另一个文件中
    /// ```
    ///
    /// ## 改为
    /// 为其中一个改用能区分的名称，例如 `低保申请` 与 `低保复核`；编码重复时核对国家基本目录，
    /// 为事项填写各自的基本编码。
    ///
    /// ## 依据
    /// GB/T 39554.1—2020《全国一体化政务服务平台 政务服务事项基本目录及实施清单 第1部分：编码要求》：
    /// 事项编码全国唯一。
    pub static DUPLICATE_ID = {
        code: "E102",
        name: "duplicate-id",
        severity: Error,
        summary: "同一名称或编码被定义了两次",
    };
}

declare_rule! {
    /// ## 检查内容
    /// 引用了没有登记或没有定义的名称：`实施主体`、`牵头` 中的部门，依据中《》内的法规名称，
    /// `证照` 中的证照，一件事 `流程` 中的事项，证照目录中 `issuer` 的部门。
    ///
    /// ## 为什么有问题
    /// 无法确定实施主体的统一社会信用代码、法规的效力位阶和条文数、证照能否共享，
    /// 办事指南和一件事流程也就无法生成。多数情况是笔误，或登记表漏登。
    ///
    /// ## 示例
    /// ```banshi
    /// 实施主体 民证局
    /// 依据 { 《社会救助暂行条例》第九条 }
    /// ```
    ///
    /// ## 改为
    /// ```banshi
    /// 实施主体 民政局
    /// 依据 { 《社会救助暂行办法》第九条 }
    /// ```
    /// 或者在 `registry/` 下相应的登记表中补登该条目。
    ///
    /// ## 依据
    /// 语言参考 docs/language.md 第 1、3、4 节：部门、法规、证照必须在登记表中登记，法规按《》内的标题引用。
    pub static UNKNOWN_REFERENCE = {
        code: "E101",
        name: "unknown-reference",
        severity: Error,
        summary: "引用了未登记或未定义的名称",
    };
}

/// A namespace being filled: the first definition of each name wins, later ones are reported.
/// A hash map: a catalog defines a hundred thousand matters, and nothing iterates the map in a
/// way that reaches output (suggestions break ties by name). The names are borrowed from what
/// defines them: a copy of each would be one more allocation per matter, material and code.
#[derive(Debug)]
pub struct Definitions<'n, T> {
    /// Chinese word for what is defined (事项, 材料, 部门 …).
    what: &'static str,
    map: FxHashMap<&'n str, (T, Span)>,
}

impl<'n, T: Copy> Definitions<'n, T> {
    /// A namespace for about `n` definitions, sized once rather than grown by rehashing.
    pub fn with_capacity(what: &'static str, n: usize) -> Self {
        Definitions {
            what,
            map: FxHashMap::with_capacity_and_hasher(n, Default::default()),
        }
    }

    /// Records a definition; returns `false` (after reporting) if the name was taken.
    pub fn define(&mut self, name: &'n str, span: Span, value: T, sink: &mut Sink) -> bool {
        if let Some((_, first)) = self.map.get(name) {
            sink.push(duplicate(self.what, name, span, *first));
            return false;
        }
        self.map.insert(name, (value, span));
        true
    }

    pub fn get(&self, name: &str) -> Option<T> {
        self.map.get(name).map(|(v, _)| *v)
    }

    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.map.keys().copied()
    }
}

/// The finding for `name`, a `what`, defined again at `span` after `first`.
pub fn duplicate(what: &str, name: &str, span: Span, first: Span) -> Diagnostic {
    Diagnostic::new(&DUPLICATE_ID, span, format!("{what}「{name}」重复定义"))
        .label("重复定义")
        .secondary(first, "首次定义于此")
        .help(format!(
            "每个{what}只能定义一次：删除重复的定义，或为其中一个改名"
        ))
}

/// Items of one array indexed by a hash of their name computed beforehand: building and
/// looking up read the hashes, and the names only where two hashes are equal, so a hundred
/// thousand names scattered over the heap are not read after every edit.
pub struct HashedNames {
    table: hashbrown::HashTable<u32>,
}

impl HashedNames {
    /// Indexes `items` (index, hash of its name) in order. An item whose name equals an
    /// earlier one's (`hash_of` gives an indexed item's hash, `same` compares two names) is
    /// not indexed: `again(first, item)` is called instead, so the first definition wins.
    pub fn build(
        items: impl ExactSizeIterator<Item = (u32, u64)>,
        hash_of: impl Fn(u32) -> u64,
        same: impl Fn(u32, u32) -> bool,
        mut again: impl FnMut(u32, u32),
    ) -> HashedNames {
        let mut table = hashbrown::HashTable::with_capacity(items.len());
        for (i, h) in items {
            match table.find(h, |&j| hash_of(j) == h && same(j, i)) {
                Some(&first) => again(first, i),
                None => {
                    table.insert_unique(h, i, |&j| hash_of(j));
                }
            }
        }
        HashedNames { table }
    }

    /// The indexed item with hash `hash` for which `is` holds.
    pub fn find(
        &self,
        hash: u64,
        hash_of: impl Fn(u32) -> u64,
        is: impl Fn(u32) -> bool,
    ) -> Option<u32> {
        self.table
            .find(hash, |&j| hash_of(j) == hash && is(j))
            .copied()
    }
}

/// Reports every name of `names` defined a second time, in a namespace that is only checked,
/// never looked up (the materials of a matter, its fee items, the 基本编码 of the catalog).
pub fn report_duplicates<'n>(
    what: &'static str,
    names: impl Iterator<Item = (&'n str, Span)>,
    sink: &mut Sink,
) {
    let (fewest, most) = names.size_hint();
    let mut defs = Definitions::with_capacity(what, most.unwrap_or(fewest));
    for (name, span) in names {
        defs.define(name, span, (), sink);
    }
}

/// Reports a name that did not resolve, with a "did you mean" when a close name exists.
pub fn report_unknown<'a>(
    sink: &mut Sink,
    what: &str,
    where_defined: &str,
    name: &str,
    span: Span,
    candidates: impl IntoIterator<Item = &'a str>,
) {
    let mut d = Diagnostic::new(&UNKNOWN_REFERENCE, span, format!("未知的{what}「{name}」"))
        .label(format!("未在{where_defined}中找到"));
    d = match closest(name, candidates) {
        Some(s) => d.help(format!("您是不是想写「{s}」？")),
        None => d.help(format!("请先在{where_defined}中登记或定义该{what}")),
    };
    sink.push(d);
}

#!/usr/bin/env python3
"""Builds data/vague/dict.txt, the pruned segmentation dictionary of the vague-wording rule.

Source: the dictionary shipped with jieba-rs (MIT, derived from jieba's dict.txt), found in the
cargo registry or given as the first argument. Kept:
  * every word with frequency >= MIN_FREQ (the everyday vocabulary that decides segmentation);
  * every word containing a trigger (等, 其他, 有关 …), so innocent words such as 等级, 平等,
    一等奖, 不等, 息息相关 stay single tokens;
but dropped:
  * compounds that merely attach a trigger to another word (其他人, 相关性, 若干年, 国家有关 …):
    as single tokens they would hide the trigger; without them they segment as 其他 / 人;
  * rare words that begin or end with 等 (等奖项, 三七等, 亿等 …): corpus noise that swallows
    an open-list 等 (一等奖等奖项); genuine ones (等级, 平等, 何等) are frequent.
Run again after a jieba-rs upgrade; the output is sorted so diffs stay readable.
"""
import glob
import os
import sys

# 30 also keeps out names and noise (方平, 建平) that the detector must not re-join words into.
MIN_FREQ = 30
MIN_EDGE_DENG_FREQ = 10
TRIGGERS = ["等", "其他", "其它", "有关", "相关", "若干", "之类", "必要"]
# Compounds that start with a trigger word are catch-alls in disguise, except these.
KEEP_PREFIXED = {"必要性"}
# Compounds that end in a trigger word and would hide it.
DROP = {"国家有关", "密切相关", "必要条件", "必要措施", "必要产品"}


def source_dict():
    if len(sys.argv) > 1:
        return sys.argv[1]
    home = os.environ.get("CARGO_HOME", os.path.expanduser("~/.cargo"))
    found = sorted(glob.glob(f"{home}/registry/src/*/jieba-rs-*/src/data/dict.txt"))
    if not found:
        sys.exit("jieba-rs dict.txt not found: run `cargo fetch` or pass its path")
    return found[-1]


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    out_path = os.path.join(root, "data", "vague", "dict.txt")
    kept = {}
    with open(source_dict(), encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) < 2:
                continue
            word, freq = parts[0], int(parts[1])
            has_trigger = any(t in word for t in TRIGGERS)
            prefixed = any(word.startswith(t) and word != t for t in TRIGGERS if len(t) == 2)
            if word in DROP or (prefixed and word not in KEEP_PREFIXED):
                continue
            edge_deng = word not in ("等", "等等") and (word.startswith("等") or word.endswith("等"))
            if edge_deng and freq < MIN_EDGE_DENG_FREQ:
                continue
            if freq >= MIN_FREQ or has_trigger:
                kept[word] = freq
    with open(out_path, "w", encoding="utf-8") as out:
        for word in sorted(kept):
            out.write(f"{word} {kept[word]}\n")
    print(f"{len(kept)} words -> {out_path}")


if __name__ == "__main__":
    main()

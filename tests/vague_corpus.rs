//! Precision and recall of vague-wording detection on a labelled corpus of realistic texts
//! (`tests/data/vague_corpus.tsv`: label, expected trigger words, field, text), written
//! independently of the detector. A vague text counts as found only if the detector points at
//! one of the words the label names; a clean text counts as a false alarm if anything is found.
// Test helpers may panic: that is the test failing, with its message; the measured precision
// and recall are printed for `cargo test -- --nocapture`.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::print_stdout)]

use banshi::check::vague::Detector;

struct Case {
    vague: bool,
    triggers: Vec<String>,
    text: String,
}

fn corpus(data: &str) -> Vec<Case> {
    data.lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|line| {
            let cols: Vec<&str> = line.split('\t').collect();
            assert_eq!(cols.len(), 4, "malformed corpus line: {line}");
            Case {
                vague: cols[0] == "1",
                triggers: cols[1]
                    .split('|')
                    .filter(|t| !t.is_empty())
                    .map(str::to_string)
                    .collect(),
                text: cols[3].to_string(),
            }
        })
        .collect()
}

/// (precision, recall) on a corpus, printing every case it gets wrong.
fn measure(label: &str, data: &str) -> (f64, f64) {
    let detector = Detector::get();
    let cases = corpus(data);
    let (mut tp, mut fp, mut fn_) = (0usize, 0usize, 0usize);
    let mut wrong = Vec::new();
    for case in &cases {
        let found: Vec<&str> = detector
            .find(&case.text)
            .iter()
            .map(|f| &case.text[f.start..f.end])
            .collect();
        // Neighbouring triggers are reported as one phrase (其他相关), so a phrase that holds
        // one of the named words is a hit.
        let hit = found
            .iter()
            .any(|w| case.triggers.iter().any(|t| w.contains(t.as_str())));
        match (case.vague, found.is_empty()) {
            (true, _) if hit => tp += 1,
            (true, _) => {
                fn_ += 1;
                wrong.push(format!("missed  {} (found {:?})", case.text, found));
            }
            (false, false) => {
                fp += 1;
                wrong.push(format!("alarm   {} (found {:?})", case.text, found));
            }
            (false, true) => {}
        }
    }
    let precision = tp as f64 / (tp + fp).max(1) as f64;
    let recall = tp as f64 / (tp + fn_).max(1) as f64;
    println!(
        "vague-wording {label}: {} cases ({} vague), precision {:.3}, recall {:.3}",
        cases.len(),
        cases.iter().filter(|c| c.vague).count(),
        precision,
        recall
    );
    for w in &wrong {
        println!("  {w}");
    }
    (precision, recall)
}

/// The corpus the word lists were tuned on, with its section of sentences from published guides
/// (section H): precision 0.98 and recall 0.95 at least.
#[test]
fn precision_and_recall_on_the_tuning_corpus() {
    let data = include_str!("data/vague_corpus.tsv");
    assert!(corpus(data).len() >= 300);
    let (precision, recall) = measure("tuning corpus", data);
    assert!(precision >= 0.98, "precision {precision:.3} < 0.98");
    assert!(recall >= 0.95, "recall {recall:.3} < 0.95");
}

/// A second corpus written independently, from other kinds of matters, and never used to
/// tune the word lists: the honest estimate of how the rule does on new text.
#[test]
fn precision_and_recall_on_the_held_out_corpus() {
    let data = include_str!("data/vague_holdout.tsv");
    let (precision, recall) = measure("held-out corpus", data);
    assert!(precision >= 0.97, "precision {precision:.3} < 0.97");
    assert!(recall >= 0.95, "recall {recall:.3} < 0.95");
}

//! Architecture checks (rust-analyzer's tidy): the engine stays pure and documented.

use std::path::{Path, PathBuf};

fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).expect("readable dir") {
        let p = e.expect("entry").path();
        if p.is_dir() {
            files_under(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

fn src(sub: &str) -> Vec<PathBuf> {
    let mut v = Vec::new();
    files_under(&Path::new(env!("CARGO_MANIFEST_DIR")).join(sub), &mut v);
    v.sort();
    v
}

#[test]
fn every_source_file_starts_with_a_module_doc() {
    for f in src("src") {
        let text = std::fs::read_to_string(&f).expect("utf8");
        assert!(text.starts_with("//!"), "{} must start with a `//!` doc comment", f.display());
    }
}

#[test]
fn engine_has_no_web_imports_no_io_no_clock() {
    let forbidden = ["leptos", "web_sys", "js_sys", "wasm_bindgen", "gloo", "std::fs", "std::net", "Instant::now", "SystemTime", "Timestamp::now", "Zoned::now"];
    for f in src("src/engine") {
        let text = std::fs::read_to_string(&f).expect("utf8");
        for word in forbidden {
            assert!(!text.contains(word), "{} uses `{word}`: the engine is pure", f.display());
        }
    }
}

#[test]
fn every_metrics_module_documents_its_formula() {
    for f in src("src/engine/metrics") {
        if f.file_name().is_some_and(|n| n == "mod.rs") {
            continue;
        }
        let text = std::fs::read_to_string(&f).expect("utf8");
        assert!(text.contains("# Formula"), "{} lacks a `# Formula` section", f.display());
    }
}

#[test]
fn no_ignored_or_should_panic_tests() {
    let mut files = src("src");
    files.extend(src("tests/engine"));
    for f in files {
        let text = std::fs::read_to_string(&f).expect("utf8");
        for word in ["#[ignore", "#[should_panic"] {
            // This file names them to forbid them.
            if f.ends_with("tidy.rs") {
                continue;
            }
            assert!(!text.contains(word), "{} uses {word}", f.display());
        }
    }
}

#[test]
fn every_catalogue_metric_is_computed_and_every_computed_metric_is_catalogued() {
    use deflect::engine::catalogue::CATALOGUE;
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/engine/metrics").join("mod.rs")).expect("mod.rs");
    assert!(text.contains("pub fn compute"));
    let files = src("src/engine/metrics");
    let all: String = files.iter().map(|f| std::fs::read_to_string(f).expect("utf8")).collect();
    for e in CATALOGUE {
        assert!(all.contains(&format!("\"{}\"", e.id)), "catalogue id {} is not produced by any metric module", e.id);
    }
}

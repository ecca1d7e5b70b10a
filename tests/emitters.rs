//! The output formats as emitters: given one file at a time, the formats whose
//! layout allows it write that file's findings before the next file comes, and
//! file by file they write what `write_run` writes for the whole run.

use clap::ValueEnum;
use kafkalint::checks;
use kafkalint::diagnostics::{self, Diagnostic};
use kafkalint::model::{Overrides, UnitModel};
use kafkalint::report::{self, FileReport, Findings, Format, Run};

/// The formats that write a file's findings while the file is given. SARIF
/// (each result names the index of its rule among all the run's rules) and
/// JUnit (the opening element counts every failure) write at the end.
const STREAMED: [Format; 5] = [
    Format::Human,
    Format::Concise,
    Format::Json,
    Format::Github,
    Format::Gitlab,
];

/// Two files with findings around a clean one, each with its sorted findings.
fn linted() -> Vec<(FileReport, Vec<Diagnostic>)> {
    let files = [
        ("one/producer.properties", "acks=2\nlingr.ms=5\n"),
        ("two/consumer.properties", "group.id=g\n"),
        ("three/producer.properties", "acks=3\n"),
    ];
    files
        .iter()
        .map(|(path, text)| {
            let model =
                UnitModel::properties(path, text.as_bytes().to_vec(), &Overrides::default());
            let mut found = checks::run_all(std::slice::from_ref(&model));
            diagnostics::sort(&mut found);
            (FileReport::from_model(&model), found)
        })
        .collect()
}

/// What `format` writes when given `files` one by one, and how many bytes it
/// had written after `begin` and after each `file` call.
fn emit(format: Format, files: &[(FileReport, Vec<Diagnostic>)]) -> (String, Vec<usize>) {
    let mut emitter = report::emitter(format, &report::Style::PLAIN, report::no_docs());
    let mut out = Vec::new();
    let mut written = Vec::new();
    emitter.begin(&mut out).expect("write to a Vec");
    written.push(out.len());
    for (file, found) in files {
        emitter
            .file(&mut out, Findings::of(file, found, &[]))
            .expect("write to a Vec");
        written.push(out.len());
    }
    emitter.end(&mut out).expect("write to a Vec");
    (String::from_utf8(out).expect("UTF-8"), written)
}

fn write_run(format: Format, run: &Run) -> String {
    let mut out = Vec::new();
    report::write_run(
        format,
        run,
        &report::Style::PLAIN,
        report::no_docs(),
        &mut out,
    )
    .expect("write to a Vec");
    String::from_utf8(out).expect("UTF-8")
}

#[test]
fn the_fixture_has_findings_around_a_clean_file() {
    let files = linted();
    let counts: Vec<usize> = files.iter().map(|(_, found)| found.len()).collect();
    assert!(
        counts[0] > 1 && counts[1] == 0 && counts[2] > 0,
        "{counts:?}"
    );
}

#[test]
fn streamed_formats_write_each_files_findings_before_the_next_file() {
    let files = linted();
    for format in STREAMED {
        let (text, written) = emit(format, &files);
        for (i, (file, found)) in files.iter().enumerate() {
            let (before, after) = (written[i], written[i + 1]);
            let during = &text[before..after];
            if found.is_empty() {
                assert!(!during.contains(&file.path), "{format:?}: {during}");
                continue;
            }
            assert!(
                during.contains(&file.path),
                "{format:?} wrote nothing of {} while given it:\n{text}",
                file.path
            );
            let next = files.get(i + 1).map(|(f, _)| f.path.as_str());
            assert!(
                next.is_none_or(|next| !text[..after].contains(next)),
                "{format:?} wrote the next file's findings early"
            );
        }
    }
}

#[test]
fn the_other_formats_write_when_the_run_ends() {
    let files = linted();
    for &format in Format::value_variants()
        .iter()
        .filter(|f| !STREAMED.contains(f))
    {
        let (text, written) = emit(format, &files);
        assert!(written.iter().all(|&n| n == 0), "{format:?}: {written:?}");
        assert!(!text.is_empty(), "{format:?}");
    }
}

#[test]
fn file_by_file_every_format_writes_what_write_run_writes() {
    let files = linted();
    let all: Vec<Diagnostic> = files.iter().flat_map(|(_, d)| d.clone()).collect();
    let (reports, _): (Vec<FileReport>, Vec<_>) = linted().into_iter().unzip();
    let run = Run::new(reports, all);
    for &format in Format::value_variants() {
        assert_eq!(
            emit(format, &files).0,
            write_run(format, &run),
            "{format:?}"
        );
    }
}

#[test]
fn every_format_lists_files_in_the_runs_order() {
    // `a/` sorts before `a-` as a path, after it as a string: every format
    // follows the run's order, the same one.
    let files = [
        ("a/producer.properties", "acks=2\n"),
        ("a-producer.properties", "acks=3\n"),
    ];
    let mut reports = Vec::new();
    let mut found = Vec::new();
    for (path, text) in files {
        let model = UnitModel::properties(path, text.as_bytes().to_vec(), &Overrides::default());
        found.extend(checks::run_all(std::slice::from_ref(&model)));
        reports.push(FileReport::from_model(&model));
    }
    let run = Run::new(reports, found);
    for &format in Format::value_variants() {
        let text = write_run(format, &run);
        let first = |path: &str| text.find(path).unwrap_or(usize::MAX);
        assert!(
            first("a/producer") < first("a-producer"),
            "{format:?}:\n{text}"
        );
    }
}

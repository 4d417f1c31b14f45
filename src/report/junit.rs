//! JUnit XML (written by `quick-junit`): a `<testsuite>` per input, named by its file, and a `<testcase>` per
//! finding, named `{rule} at {line}:{column}` with the file as class name.
//!
//! An error or a warning is a `<failure>` (message: the finding's message; type: the severity; text: where,
//! the rule, the message, the help and the JSON pointer). An info finding is a passing test case with that text
//! as its output. An input with no findings gets one passing test case, `no problems found`, so that every
//! input counts. An input that could not be used is an `<error>` test case, `input`, in its file's suite.
//! No timestamps or durations are written, so the report depends only on the findings.

use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};

use super::sarif::{input_error, place};
use crate::diagnostic::{Outcome, Severity};

pub fn render(outcome: &Outcome) -> String {
    let mut suites: Vec<TestSuite> = Vec::new();
    for (id, src) in outcome.files.iter().enumerate() {
        let mut suite = TestSuite::new(src.name.as_str());
        // The verdict first: a failure when it names a cause, a passing case with its text for
        // `unknown-401`/`unknown-403` (as the exit code counts them).
        for v in super::verdict_items(outcome).into_iter().filter(|v| v.file == src.name) {
            let text = format!("{}\nfix: {}", v.message, v.fix);
            let case = if v.severity == Severity::Info {
                let mut case = TestCase::new(v.title.as_str(), TestCaseStatus::success());
                case.set_system_out(text);
                case
            } else {
                let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
                status.set_message(v.message.as_str()).set_type("verdict").set_description(text);
                TestCase::new(v.title.as_str(), status)
            };
            suite.add_test_case(with_class(case, &src.name));
        }
        for d in outcome.diagnostics.iter().filter(|d| d.file == id) {
            let p = place(outcome, d);
            let mut text = format!(
                "{}:{}:{}: {}[{}] {}",
                src.name,
                p.start.line,
                p.start.column,
                d.severity.as_str(),
                d.rule,
                d.message
            );
            if let Some(help) = &d.help {
                text.push_str("\nhelp: ");
                text.push_str(help);
            }
            text.push_str("\npointer: ");
            text.push_str(&d.pointer);
            let name = format!("{} at {}:{}", d.rule, p.start.line, p.start.column);
            let case = if d.severity == Severity::Info {
                let mut case = TestCase::new(name, TestCaseStatus::success());
                case.set_system_out(text);
                case
            } else {
                let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
                status.set_message(d.message.as_str()).set_type(d.severity.as_str()).set_description(text);
                TestCase::new(name, status)
            };
            suite.add_test_case(with_class(case, &src.name));
        }
        suites.push(suite);
    }
    for e in &outcome.errors {
        let (file, message, _) = input_error(e);
        let name = outcome.files.iter().position(|f| f.name.replace('\\', "/") == file).map_or(file, |i| {
            // The suite of a file that was read keeps its name as given.
            outcome.files[i].name.clone()
        });
        let at = match suites.iter().position(|s| s.name.as_str() == name) {
            Some(i) => i,
            None => {
                suites.push(TestSuite::new(name.as_str()));
                suites.len() - 1
            }
        };
        let mut status = TestCaseStatus::non_success(NonSuccessKind::Error);
        status.set_message(message.as_str()).set_type("input");
        suites[at].add_test_case(with_class(TestCase::new("input", status), &name));
    }
    // A file not linted is a skipped test case, `not linted`, with the reason as its message.
    for s in &outcome.skipped {
        let at = match suites.iter().position(|x| x.name.as_str() == s.file) {
            Some(i) => i,
            None => {
                suites.push(TestSuite::new(s.file.as_str()));
                suites.len() - 1
            }
        };
        let mut status = TestCaseStatus::skipped();
        status.set_message(s.reason.as_str());
        suites[at].add_test_case(with_class(TestCase::new("not linted", status), &s.file));
    }
    for suite in &mut suites {
        if suite.test_cases.is_empty() {
            let name = suite.name.as_str().to_string();
            suite.add_test_case(with_class(TestCase::new("no problems found", TestCaseStatus::success()), &name));
        }
    }
    let mut report = Report::new("authlint");
    report.add_test_suites(suites);
    report.to_string().expect("serialising plain data cannot fail")
}

fn with_class(mut case: TestCase, class: &str) -> TestCase {
    case.set_classname(class);
    case
}

//! CLI contract cases: each `tests/cmd/<case>.toml` gives args, stdin, exit code and exact output
//! (`TRYCMD=overwrite cargo test --test cli` rewrites the expectations, to be reviewed).

#[test]
fn cli_cases() {
    trycmd::TestCases::new().case("tests/cmd/*.toml");
}

//! Shared by the tests that start `authlint serve` (tests/serve.rs, tests/browser.rs).
#![allow(dead_code)] // each test binary uses part of it

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

/// A running `authlint serve --port 0`: the process (killed when dropped), its port and the address
/// it printed.
pub struct Served {
    child: Child,
    pub port: u16,
    pub url: String,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts the server on any free port of 127.0.0.1 and reads the address it prints first.
pub fn serve() -> Served {
    let mut child = Command::new(env!("CARGO_BIN_EXE_authlint"))
        .args(["serve", "--port", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let url = line.trim().strip_prefix("authlint serve: open ").expect("the address is printed first").to_string();
    let rest = url.strip_prefix("http://127.0.0.1:").expect("bound to 127.0.0.1");
    let port: u16 = rest.split('/').next().unwrap().parse().unwrap();
    Served { child, port, url }
}

//! `fgs-contract emulator`: the address rules and the first lines of output.

use crate::{run, EmulatorProcess};

#[test]
fn emulator_prints_url_then_token() {
    let emulator = EmulatorProcess::start();
    assert!(
        emulator.base_url.starts_with("http://127.0.0.1:"),
        "{}",
        emulator.base_url
    );
    assert!(!emulator.base_url.ends_with('/'));
    assert!(!emulator.token.is_empty());
}

#[test]
fn emulator_rejects_non_loopback_address() {
    let output = run(&["emulator", "--listen", "0.0.0.0:0"]);
    assert_eq!(output.code, 2, "{output:?}");
    assert_eq!(
        output.stderr,
        "fgs-contract: listen address `0.0.0.0:0` is not a loopback address\n\
         hint: listen on `127.0.0.1` or `[::1]`, or pass `--allow-remote` to expose the emulator\n"
    );
}

#[test]
fn emulator_rejects_address_in_use() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    let output = run(&["emulator", "--listen", &addr]);
    assert_eq!(output.code, 2, "{output:?}");
    assert!(
        output.stderr.starts_with(&format!(
            "fgs-contract: cannot start the emulator on `{addr}`"
        )),
        "{}",
        output.stderr
    );
}

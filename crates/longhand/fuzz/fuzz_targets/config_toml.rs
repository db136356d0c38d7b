//! Fuzz target: any text as `longhand.toml`. The property is that nothing panics, hangs or
//! overflows; a bad file is an error the CLI prints.
#![no_main]

use libfuzzer_sys::fuzz_target;
use longhand::cli::config::FileConfig;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = toml::from_str::<FileConfig>(text);
});

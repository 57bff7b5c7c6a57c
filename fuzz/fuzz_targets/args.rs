#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| railshed_fuzz::args(data));

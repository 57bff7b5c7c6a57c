#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| railshed_fuzz::network_json(data));

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| railshed_fuzz::hubs_zones(data));

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| bagdar_fuzz::reader(data));

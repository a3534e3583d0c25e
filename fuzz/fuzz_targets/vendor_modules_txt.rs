//! vendor/modules.txt reading (`godock::go::modules_txt::parse`) and its check
//! against go.mod's requirements: never panic, and every module read has a
//! path.
#![no_main]

use godock::go::modules_txt as vendor;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(txt) = vendor::parse(text) else {
        return;
    };
    let mut requires = Vec::new();
    for module in &txt.modules {
        assert!(!module.path.is_empty(), "a vendored module without a path");
        requires.push((
            module.path.clone(),
            module.version.clone().unwrap_or_default(),
        ));
    }
    // Agreeing requirements, and none at all: both must only report.
    let _ = vendor::inconsistencies(&txt, &requires);
    let _ = vendor::inconsistencies(&txt, &[]);
});

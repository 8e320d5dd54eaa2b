//! Any bytes through parse + validate + project + serialise: never a panic, a hang or a
//! stack overflow; a valid profile survives a round trip unchanged; the projection keeps
//! one bodiless placeholder per briefing.

#![no_main]

use libfuzzer_sys::fuzz_target;
use profile_model::{parse_authoring, parse_public};

fuzz_target!(|data: &[u8]| {
    // The one place a finding becomes the crash the fuzzer looks for.
    if let Err(finding) = check(data) {
        panic!("{finding}");
    }
});

fn check(data: &[u8]) -> Result<(), String> {
    let Ok(valid) = parse_authoring(data) else {
        // The viewer's parser sees the same hostile bytes from a backend it does not trust.
        let _ = parse_public(data);
        return Ok(());
    };
    let profile = valid.value;
    let public = profile.to_public();
    let public_json =
        serde_json::to_vec(&public).map_err(|e| format!("a public profile serialises: {e}"))?;
    let back: serde_json::Value =
        serde_json::from_slice(&public_json).map_err(|e| format!("its JSON parses: {e}"))?;
    let placeholders = back
        .get("briefings")
        .and_then(|b| b.as_array())
        .cloned()
        .unwrap_or_default();
    assert_eq!(placeholders.len(), profile.briefings.len());
    assert!(
        placeholders.iter().all(|p| p.get("body").is_none()),
        "a placeholder has no body"
    );

    // Parsing what we serialise gives the same value back, with no new errors.
    let authoring_json = serde_json::to_vec(&profile)
        .map_err(|e| format!("an authoring profile serialises: {e}"))?;
    let again = parse_authoring(&authoring_json)
        .map_err(|issues| format!("a valid profile stays valid: {issues:?}"))?;
    assert_eq!(again.value, profile);
    let public_again = parse_public(&public_json)
        .map_err(|issues| format!("its projection is a valid public profile: {issues:?}"))?;
    assert_eq!(public_again.value, public);

    for issue in &valid.warnings {
        let _ = issue.to_string();
    }
    Ok(())
}

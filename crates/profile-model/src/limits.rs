//! Limits against hostile files. Each one gives an error [`Issue`] that names the JSON path;
//! none can panic or hang: the byte cap bounds all parsing work, serde_json bounds nesting,
//! and the list and text caps bound what the server and viewer will later render.

use serde::Serialize;

use crate::issue::{error, Issue};

/// Larger authoring files are refused before parsing.
pub const MAX_PROFILE_BYTES: usize = 2 * 1024 * 1024;
/// The most entries any list may have: sections, blocks, list items, facts, briefings, ...
pub const MAX_LIST_LEN: usize = 1000;
/// The most characters (Unicode scalar values) any one text field may have.
pub const MAX_TEXT_CHARS: usize = 100_000;
/// The deepest nesting of arrays and objects accepted. serde_json enforces it (its recursion
/// limit of 128 refuses the 128th level), so hostile nesting is an error, not a stack
/// overflow. Values skipped as unknown fields are skipped without recursion at any depth.
pub const MAX_NESTING: usize = 127;
/// Echoed values and parser messages are cut to this many characters, so an error about a
/// huge field stays readable and does not repeat the field.
pub const MAX_MESSAGE_CHARS: usize = 300;

/// Checks list lengths and text lengths of an already parsed value. It walks the value's own
/// serialisation, so every field is covered, including ones added later, while unknown
/// fields (which parsing ignores) are not counted.
pub(crate) fn check<T: Serialize>(value: &T, issues: &mut Vec<Issue>) {
    match serde_json::to_value(value) {
        Ok(json) => walk(&json, &mut String::new(), issues),
        // Unreachable for the contract types (all map keys are strings); reported, not unwrapped.
        Err(e) => issues.push(error("", format!("cannot check limits: {e}"))),
    }
}

fn walk(value: &serde_json::Value, path: &mut String, issues: &mut Vec<Issue>) {
    use serde_json::Value;
    match value {
        Value::String(s) => {
            let chars = s.chars().count();
            if chars > MAX_TEXT_CHARS {
                issues.push(error(
                    path,
                    format!("{chars} characters, more than the limit of {MAX_TEXT_CHARS}"),
                ));
            }
        }
        Value::Array(items) => {
            if items.len() > MAX_LIST_LEN {
                issues.push(error(
                    path,
                    format!(
                        "{} entries, more than the limit of {MAX_LIST_LEN}",
                        items.len()
                    ),
                ));
            }
            for (i, item) in items.iter().enumerate() {
                let len = path.len();
                path.push_str(&format!("[{i}]"));
                walk(item, path, issues);
                path.truncate(len);
            }
        }
        Value::Object(map) => {
            for (key, item) in map {
                let len = path.len();
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
                walk(item, path, issues);
                path.truncate(len);
            }
        }
        Value::Null | Value::Bool(_) | Value::Number(_) => {}
    }
}

/// `s` cut to [`MAX_MESSAGE_CHARS`] characters, with an ellipsis when cut.
pub fn excerpt(s: &str) -> String {
    match s.char_indices().nth(MAX_MESSAGE_CHARS) {
        Some((at, _)) => format!("{}…", &s[..at]),
        None => s.to_string(),
    }
}

//! What validation finds: an error or a warning at a JSON path.

use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Severity {
    Error,
    Warning,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Issue {
    pub severity: Severity,
    /// JSON path such as `sections[2].blocks[0]`; empty for the document itself.
    pub path: String,
    pub message: String,
}

impl fmt::Display for Issue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        if self.path.is_empty() {
            write!(f, "{level}: {}", self.message)
        } else {
            write!(f, "{level}: {}: {}", self.path, self.message)
        }
    }
}

pub(crate) fn error(path: &str, message: String) -> Issue {
    Issue {
        severity: Severity::Error,
        path: path.to_string(),
        message,
    }
}

pub(crate) fn warning(path: &str, message: String) -> Issue {
    Issue {
        severity: Severity::Warning,
        path: path.to_string(),
        message,
    }
}

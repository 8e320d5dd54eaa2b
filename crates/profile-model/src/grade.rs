//! Confidence grading: the contract's table, with its exact boundaries.

use serde::{Deserialize, Serialize};

/// A source-confidence grade. Two rows of the table share the letter "D"; they stay
/// separate variants because their labels differ.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Grade {
    A,
    AB,
    BC,
    CD,
    DWeak,
    DInternal,
}

/// One row of the grading table: scores from `min` (inclusive) up to the next row's `min`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct GradeRow {
    pub grade: Grade,
    pub min: f64,
    /// The range as the contract prints it, e.g. "0.55 – 0.74".
    pub range: &'static str,
}

/// The table from the contract, highest row first.
pub const GRADE_TABLE: [GradeRow; 6] = [
    GradeRow {
        grade: Grade::A,
        min: 0.90,
        range: "0.90 – 1.00",
    },
    GradeRow {
        grade: Grade::AB,
        min: 0.75,
        range: "0.75 – 0.89",
    },
    GradeRow {
        grade: Grade::BC,
        min: 0.55,
        range: "0.55 – 0.74",
    },
    GradeRow {
        grade: Grade::CD,
        min: 0.35,
        range: "0.35 – 0.54",
    },
    GradeRow {
        grade: Grade::DWeak,
        min: 0.10,
        range: "0.10 – 0.34",
    },
    GradeRow {
        grade: Grade::DInternal,
        min: 0.0,
        range: "0.00 – 0.09",
    },
];

/// The scale drawn under a confidence meter, lowest first: `(key, letters, min)`. The two D
/// rows of the table are one segment; the widths (stylesheet classes) follow the ranges.
pub const SCALE: [(&str, &str, f64); 5] = [
    ("d", "D", 0.0),
    ("cd", "C/D", 0.35),
    ("bc", "B/C", 0.55),
    ("ab", "A/B", 0.75),
    ("a", "A", 0.90),
];

/// The key of the [`SCALE`] segment a score falls in; `None` outside 0..1.
pub fn scale_segment(score: f64) -> Option<&'static str> {
    if !(0.0..=1.0).contains(&score) {
        return None;
    }
    SCALE
        .iter()
        .rev()
        .find(|(_, _, min)| score >= *min)
        .map(|(key, _, _)| *key)
}

impl Grade {
    /// The grade of a score: the highest row whose lower bound the score reaches.
    /// `None` for a score outside 0..1 or not a number (such a profile is invalid).
    pub fn from_score(score: f64) -> Option<Grade> {
        if !(0.0..=1.0).contains(&score) {
            return None; // also catches NaN: every comparison with NaN is false
        }
        GRADE_TABLE
            .iter()
            .find(|row| score >= row.min)
            .map(|row| row.grade)
    }

    /// The letters shown on the badge: "A", "A/B", "B/C", "C/D", "D".
    pub fn letters(self) -> &'static str {
        match self {
            Grade::A => "A",
            Grade::AB => "A/B",
            Grade::BC => "B/C",
            Grade::CD => "C/D",
            Grade::DWeak | Grade::DInternal => "D",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Grade::A => "High — direct sources",
            Grade::AB => "Strong",
            Grade::BC => "Medium",
            Grade::CD => "Weak–medium",
            Grade::DWeak => "Weak signal",
            Grade::DInternal => "Internal monitoring",
        }
    }

    /// A stable machine name, for CSS classes and URL filters (`?grade=bc`).
    pub fn key(self) -> &'static str {
        match self {
            Grade::A => "a",
            Grade::AB => "ab",
            Grade::BC => "bc",
            Grade::CD => "cd",
            Grade::DWeak => "d-weak",
            Grade::DInternal => "d-internal",
        }
    }

    pub fn from_key(key: &str) -> Option<Grade> {
        GRADE_TABLE.iter().map(|r| r.grade).find(|g| g.key() == key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_boundary_of_the_contract_table() {
        let cases = [
            (1.0, Grade::A),
            (0.90, Grade::A),
            (0.9, Grade::A),
            (0.895, Grade::AB),
            (0.89, Grade::AB),
            (0.75, Grade::AB),
            (0.749, Grade::BC),
            (0.74, Grade::BC),
            (0.62, Grade::BC),
            (0.55, Grade::BC),
            (0.549, Grade::CD),
            (0.54, Grade::CD),
            (0.35, Grade::CD),
            (0.349, Grade::DWeak),
            (0.34, Grade::DWeak),
            (0.10, Grade::DWeak),
            (0.099, Grade::DInternal),
            (0.09, Grade::DInternal),
            (0.0, Grade::DInternal),
        ];
        for (score, grade) in cases {
            assert_eq!(Grade::from_score(score), Some(grade), "score {score}");
        }
    }

    #[test]
    fn out_of_range_and_nan_have_no_grade() {
        for score in [-0.01, 1.01, 1.4, f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            assert_eq!(Grade::from_score(score), None, "score {score}");
        }
    }

    #[test]
    fn letters_and_labels_match_the_sample_page() {
        assert_eq!(Grade::BC.letters(), "B/C");
        assert_eq!(Grade::BC.label(), "Medium");
        assert_eq!(Grade::DInternal.letters(), "D");
        assert_eq!(Grade::DInternal.label(), "Internal monitoring");
    }

    #[test]
    fn keys_round_trip() {
        for row in GRADE_TABLE {
            assert_eq!(Grade::from_key(row.grade.key()), Some(row.grade));
        }
        assert_eq!(Grade::from_key("z"), None);
    }

    #[test]
    fn scale_segments_follow_the_table() {
        assert_eq!(scale_segment(0.0), Some("d"));
        assert_eq!(scale_segment(0.34), Some("d"));
        assert_eq!(scale_segment(0.35), Some("cd"));
        assert_eq!(scale_segment(0.62), Some("bc"));
        assert_eq!(scale_segment(0.75), Some("ab"));
        assert_eq!(scale_segment(0.895), Some("ab"));
        assert_eq!(scale_segment(0.9), Some("a"));
        assert_eq!(scale_segment(1.0), Some("a"));
        assert_eq!(scale_segment(1.2), None);
        assert_eq!(scale_segment(f64::NAN), None);
    }
}

//! The grade badge: letters and label, e.g. "B/C · Medium", coloured per grade.

use leptos::prelude::*;
use profile_model::Grade;

/// CSS modifier for a grade; the two D rows share a colour but keep distinct classes.
pub fn grade_class(grade: Option<Grade>) -> String {
    match grade {
        Some(g) => format!("pv-grade pv-grade--{}", g.key()),
        None => "pv-grade pv-grade--none".to_string(),
    }
}

/// The badge's classes: the grade's, and the compact size's when asked for.
pub fn badge_class(grade: Option<Grade>, compact: bool) -> String {
    let class = grade_class(grade);
    if compact {
        format!("{class} pv-grade--compact")
    } else {
        class
    }
}

/// The badge text, e.g. "B/C · Medium"; "Ungraded" for a score outside 0..1.
pub fn grade_text(grade: Option<Grade>) -> String {
    match grade {
        Some(g) => format!("{} · {}", g.letters(), g.label()),
        None => "Ungraded".to_string(),
    }
}

#[component]
pub fn GradeBadge(score: f64, #[prop(optional)] compact: bool) -> impl IntoView {
    let grade = Grade::from_score(score);
    let class = badge_class(grade, compact);
    match grade {
        Some(g) => view! {
            <span class=class data-grade=g.letters()>
                <span class="pv-grade__letters">{g.letters()}</span>
                <span class="pv-grade__sep" aria-hidden="true">" · "</span>
                <span class="pv-grade__label">{g.label()}</span>
            </span>
        }
        .into_any(),
        None => view! { <span class=class data-grade="">"Ungraded"</span> }.into_any(),
    }
}

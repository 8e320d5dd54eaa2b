//! Source confidence: badge, score, a meter on the A–D scale, the basis, and the
//! contract's grade table as a legend with this profile's row marked.

use leptos::prelude::*;
use profile_model::grade::{scale_segment, SCALE};
use profile_model::{Confidence, Grade, GRADE_TABLE};

use crate::grade_badge::GradeBadge;
use profile_model::format;

#[component]
pub fn ConfidencePanel(confidence: Confidence) -> impl IntoView {
    let score = confidence.score;
    let grade = Grade::from_score(score);
    let current = scale_segment(score);
    let score_text = format::score(score);
    let meter_label = format!("Confidence score {score_text} on a scale from 0 to 1");
    view! {
        <section class="pv-panel pv-confidence">
            <h2 class="pv-panel__title">"Source confidence"</h2>
            <div class="pv-confidence__headline">
                <GradeBadge score=score/>
                <span class="pv-confidence__score">
                    "Score " <strong class="pv-confidence__value">{score_text.clone()}</strong>
                </span>
            </div>
            <meter
                class="pv-meter"
                min="0"
                max="1"
                low="0.35"
                high="0.75"
                optimum="1"
                value=format::score(score.clamp(0.0, 1.0))
                aria-label=meter_label
            >
                {score_text}
            </meter>
            <ol class="pv-scale" aria-hidden="true">
                {SCALE
                    .iter()
                    .map(|(key, letters, _)| {
                        let class = if current == Some(*key) {
                            format!("pv-scale__seg pv-scale__seg--{key} is-current")
                        } else {
                            format!("pv-scale__seg pv-scale__seg--{key}")
                        };
                        view! { <li class=class>{*letters}</li> }
                    })
                    .collect_view()}
            </ol>
            {confidence.basis.map(|basis| view! {
                <p class="pv-confidence__basis"><span class="pv-muted">"Basis: "</span>{basis}</p>
            })}
            <details class="pv-legend">
                <summary>"How confidence is graded"</summary>
                <table class="pv-legend__table">
                    <caption class="pv-sr-only">"Confidence grades"</caption>
                    <thead>
                        <tr>
                            <th scope="col">"Score"</th>
                            <th scope="col">"Grade"</th>
                            <th scope="col">"Meaning"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {GRADE_TABLE
                            .iter()
                            .map(|row| {
                                let is_current = grade == Some(row.grade);
                                view! {
                                    <tr
                                        class=if is_current { "pv-legend__row is-current" } else { "pv-legend__row" }
                                        aria-current=is_current.then_some("true")
                                    >
                                        <td>{row.range}</td>
                                        <td>
                                            <span class=format!("pv-grade pv-grade--compact pv-grade--{}", row.grade.key())>
                                                {row.grade.letters()}
                                            </span>
                                        </td>
                                        <td>
                                            {row.grade.label()}
                                            {is_current.then(|| view! { <span class="pv-legend__this">" (this profile)"</span> })}
                                        </td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </details>
        </section>
    }
}

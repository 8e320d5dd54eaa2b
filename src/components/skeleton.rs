//! Loading placeholders shaped like the content they stand in for. Purely visual: the
//! page's live region says "Loading…".

use leptos::prelude::*;

#[component]
pub fn ProfileSkeleton() -> impl IntoView {
    view! {
        <div class="pv-skeleton pv-skeleton--profile" aria-hidden="true">
            <div class="pv-skel pv-skel--kicker"></div>
            <div class="pv-skel pv-skel--title"></div>
            <div class="pv-skel pv-skel--title pv-skel--short"></div>
            <div class="pv-skel pv-skel--meta"></div>
            <div class="pv-skeleton__layout">
                <div class="pv-skeleton__aside">
                    <div class="pv-skel pv-skel--box"></div>
                </div>
                <div class="pv-skeleton__main">
                    {(0..3)
                        .map(|_| view! {
                            <div class="pv-skel pv-skel--heading"></div>
                            <div class="pv-skel pv-skel--line"></div>
                            <div class="pv-skel pv-skel--line"></div>
                            <div class="pv-skel pv-skel--line pv-skel--short"></div>
                        })
                        .collect_view()}
                </div>
            </div>
        </div>
    }
}

#[component]
pub fn DirectorySkeleton() -> impl IntoView {
    view! {
        <ul class="pv-results pv-skeleton" aria-hidden="true">
            {(0..6)
                .map(|_| view! {
                    <li class="pv-card pv-card--skeleton">
                        <div class="pv-skel pv-skel--heading"></div>
                        <div class="pv-skel pv-skel--line pv-skel--short"></div>
                        <div class="pv-skel pv-skel--meta"></div>
                    </li>
                })
                .collect_view()}
        </ul>
    }
}

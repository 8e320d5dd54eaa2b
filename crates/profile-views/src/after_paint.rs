//! Rendering in two passes: what a reader sees first, then the rest once the browser has
//! painted it. A profile's first screen (name, key points, at a glance, the opening
//! sections) then costs one shorter task; measured, the briefings, related links and
//! sources were ~80 ms of a cold visit's ~480 ms before anything was on screen (BENCHMARKS.md).

use leptos::prelude::*;

/// Renders `children` in the animation frame after the next one: the next frame paints what
/// is around them, the one after brings them. Put it only around content that is usually
/// below the fold and followed by nothing that is usually above it, so that its arrival
/// moves nothing the reader already sees. `at_once`: render them in the first pass after all.
#[component]
pub fn AfterFirstPaint(#[prop(optional)] at_once: bool, children: Children) -> impl IntoView {
    let shown = RwSignal::new(at_once);
    if !at_once {
        // `try_set`: the view may be gone by then (a quick navigation), and the signal with it.
        after_next_paint(move || {
            let _ = shown.try_set(true);
        });
    }
    let children = StoredValue::new_local(Some(children));
    move || {
        shown
            .get()
            .then(|| children.try_update_value(Option::take).flatten())
            .flatten()
            .map(|render| render())
    }
}

/// Runs `f` in the animation frame after the next one, when the next frame, with whatever
/// was just built, has been painted.
pub fn after_next_paint(f: impl FnOnce() + 'static) {
    request_animation_frame(move || request_animation_frame(f));
}

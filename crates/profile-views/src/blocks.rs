//! Content blocks. All text renders as text nodes, never as HTML.

use leptos::prelude::*;
use profile_model::Block;

#[component]
pub fn BlockView(block: Block) -> impl IntoView {
    match block {
        Block::Paragraph { text } => view! { <p class="pv-block pv-block--paragraph">{text}</p> }.into_any(),
        Block::List { items } => view! {
            <ul class="pv-block pv-block--list">
                {items.into_iter().map(|item| view! { <li>{item}</li> }).collect_view()}
            </ul>
        }
        .into_any(),
        Block::Facts { facts } => view! {
            <dl class="pv-block pv-block--facts">
                {facts
                    .into_iter()
                    .map(|f| view! { <div class="pv-fact"><dt>{f.label}</dt><dd>{f.value}</dd></div> })
                    .collect_view()}
            </dl>
        }
        .into_any(),
        Block::Quote { text, cite } => view! {
            <figure class="pv-block pv-block--quote">
                <blockquote><p>{text}</p></blockquote>
                {cite.map(|c| view! { <figcaption>"— " {c}</figcaption> })}
            </figure>
        }
        .into_any(),
        Block::Unsupported { kind } => view! {
            <p class="pv-block pv-block--unsupported">
                "Unsupported content (“" {kind} "”) is not shown in this version of the viewer."
            </p>
        }
        .into_any(),
    }
}

#[component]
pub fn Blocks(blocks: Vec<Block>) -> impl IntoView {
    blocks
        .into_iter()
        .map(|block| view! { <BlockView block=block/> })
        .collect_view()
}

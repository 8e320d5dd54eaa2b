//! The lower bound for time-to-profile-visible: the same profile as a plain static HTML
//! page, with the viewer's own (hashed) stylesheet and class names, and no script at all.

use profile_model::{Block, PublicProfile};

/// The floor for filter latency: the viewer's stylesheet and a labelled search box, nothing
/// else. Typing into it measures what the browser and the probe cost by themselves (input
/// event to the next painted frame) with no work done per keystroke.
pub fn typing_floor(stylesheet: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>Typing floor</title>\n<link rel=\"stylesheet\" href=\"{}\">\n</head>\n<body>\n\
         <main class=\"pv-main\">\n<form class=\"pv-filters\" role=\"search\" aria-label=\"Profiles\">\n\
         <div class=\"pv-field pv-field--search\">\n<label for=\"pv-search\">Search profiles</label>\n\
         <input id=\"pv-search\" class=\"pv-input\" type=\"search\" name=\"q\" autocomplete=\"off\" spellcheck=\"false\">\n\
         </div>\n</form>\n</main>\n</body>\n</html>\n",
        esc(stylesheet)
    )
}

/// The page for `profile`; `stylesheet` is the `<link rel="stylesheet">` href of the build.
pub fn render(profile: &PublicProfile, stylesheet: &str) -> String {
    let mut h = String::with_capacity(16 * 1024);
    h.push_str("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    h.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    h.push_str("<meta name=\"color-scheme\" content=\"light dark\">\n");
    h.push_str(&format!("<title>{}</title>\n", esc(&profile.name)));
    h.push_str(&format!(
        "<link rel=\"stylesheet\" href=\"{}\">\n",
        esc(stylesheet)
    ));
    h.push_str("</head>\n<body>\n<main class=\"pv-main\">\n");
    h.push_str(&format!(
        "<article class=\"pv-profile\" data-slug=\"{}\">\n",
        esc(&profile.slug)
    ));
    h.push_str("<header class=\"pv-profile__header\">\n");
    let kicker: Vec<&str> = [&profile.kind, &profile.ecosystem]
        .into_iter()
        .flatten()
        .map(String::as_str)
        .collect();
    if !kicker.is_empty() {
        h.push_str(&format!(
            "<p class=\"pv-kicker\">{}</p>\n",
            esc(&kicker.join(" · "))
        ));
    }
    h.push_str(&format!(
        "<h1 class=\"pv-profile__name\">{}</h1>\n",
        esc(&profile.name)
    ));
    if let Some(r) = &profile.rationale {
        h.push_str(&format!("<p class=\"pv-lede\">{}</p>\n", esc(r)));
    }
    h.push_str(&format!(
        "<div class=\"pv-byline\"><span class=\"pv-byline__item\">Updated <time datetime=\"{0}\">{0}</time></span>\
         <span class=\"pv-byline__item pv-revision\">Revision {1}</span></div>\n</header>\n",
        esc(&profile.updated_at),
        profile.revision
    ));
    h.push_str("<div class=\"pv-profile__layout\">\n<div class=\"pv-profile__aside\">\n");
    h.push_str("<section class=\"pv-panel pv-glance\"><h2 class=\"pv-panel__title\">At a glance</h2><dl class=\"pv-glance__list\">");
    for (label, value) in [
        ("Type", &profile.kind),
        ("Base", &profile.base),
        ("Profile focus", &profile.focus),
    ] {
        if let Some(v) = value {
            h.push_str(&format!(
                "<div class=\"pv-fact\"><dt>{label}</dt><dd>{}</dd></div>",
                esc(v)
            ));
        }
    }
    h.push_str(&format!(
        "<div class=\"pv-fact\"><dt>Confidence</dt><dd>{:.2}</dd></div></dl>",
        profile.confidence.score
    ));
    if let Some(r) = &profile.relevance {
        h.push_str(&format!("<p class=\"pv-glance__relevance\">{}</p>", esc(r)));
    }
    h.push_str("</section>\n</div>\n<div class=\"pv-profile__main\">\n");
    if !profile.key_points.is_empty() {
        h.push_str("<section class=\"pv-section pv-key-points\"><h2 class=\"pv-section__title\">Key points</h2><ul class=\"pv-key-points__list\">");
        for k in &profile.key_points {
            h.push_str(&format!("<li>{}</li>", esc(k)));
        }
        h.push_str("</ul></section>\n");
    }
    for s in &profile.sections {
        h.push_str(&format!(
            "<section class=\"pv-section\" data-section=\"{}\"><h2 class=\"pv-section__title\">{}</h2>",
            esc(&s.id),
            esc(&s.heading)
        ));
        for b in &s.blocks {
            block(&mut h, b);
        }
        h.push_str("</section>\n");
    }
    h.push_str("</div>\n</div>\n</article>\n</main>\n</body>\n</html>\n");
    h
}

fn block(h: &mut String, b: &Block) {
    match b {
        Block::Paragraph { text } => {
            h.push_str(&format!("<p class=\"pv-block-p\">{}</p>", esc(text)))
        }
        Block::List { items } => {
            h.push_str("<ul class=\"pv-block-list\">");
            for i in items {
                h.push_str(&format!("<li>{}</li>", esc(i)));
            }
            h.push_str("</ul>");
        }
        Block::Facts { facts } => {
            h.push_str("<dl class=\"pv-block-facts\">");
            for f in facts {
                h.push_str(&format!(
                    "<div class=\"pv-fact\"><dt>{}</dt><dd>{}</dd></div>",
                    esc(&f.label),
                    esc(&f.value)
                ));
            }
            h.push_str("</dl>");
        }
        Block::Quote { text, cite } => {
            h.push_str(&format!(
                "<blockquote class=\"pv-block-quote\"><p>{}</p>",
                esc(text)
            ));
            if let Some(c) = cite {
                h.push_str(&format!("<footer><cite>{}</cite></footer>", esc(c)));
            }
            h.push_str("</blockquote>");
        }
        Block::Unsupported { .. } => {}
    }
}

/// Text and attribute escaping: profile text is plain text, never HTML.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The stylesheet href in the built `index.html` (Trunk's hashed CSS file).
pub fn stylesheet_href(index_html: &str) -> Option<String> {
    index_html.split('<').find_map(|tag| {
        let is_css = tag.starts_with("link") && tag.contains("rel=\"stylesheet\"");
        let href = tag.split("href=\"").nth(1)?.split('"').next()?;
        is_css.then(|| href.to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> PublicProfile {
        let path = crate::build::root().join("content/profiles/de-cix.json");
        let bytes = std::fs::read(path).unwrap();
        profile_model::parse_authoring(&bytes)
            .unwrap()
            .value
            .to_public()
    }

    #[test]
    fn page_has_name_key_points_sections_and_the_stylesheet() {
        let p = sample();
        let html = render(&p, "/main-0123abcd.css");
        assert!(html.contains("<h1 class=\"pv-profile__name\">DE-CIX</h1>"));
        assert!(html.contains("<link rel=\"stylesheet\" href=\"/main-0123abcd.css\">"));
        assert!(html.contains(&esc(&p.key_points[0])));
        assert!(html.contains(&esc(&p.sections[1].heading)));
        assert!(!html.contains("<script"));
    }

    #[test]
    fn text_is_escaped() {
        let mut p = sample();
        p.name = "<img src=x onerror=alert(1)> & \"q\"".into();
        let html = render(&p, "/a.css");
        assert!(!html.contains("<img"));
        assert!(html.contains("&lt;img src=x onerror=alert(1)&gt; &amp; &quot;q&quot;"));
    }

    #[test]
    fn finds_the_hashed_stylesheet() {
        let index = "<head>\n<link rel=\"modulepreload\" href=\"/p-1.js\">\n<link rel=\"stylesheet\" href=\"/main-3f2a1b4c.css\" integrity=\"x\"/>\n</head>";
        assert_eq!(
            stylesheet_href(index).as_deref(),
            Some("/main-3f2a1b4c.css")
        );
        assert_eq!(stylesheet_href("<head></head>"), None);
    }
}

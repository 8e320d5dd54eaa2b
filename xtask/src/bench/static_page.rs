//! The lower bounds: the profile as a page with no script (`profile_views::page::static_page`,
//! the same markup as the viewer's first screen, with the build's stylesheets), and a
//! search box alone for filter latency.

/// The floor for filter latency: the viewer's stylesheet and a labelled search box, nothing
/// else. Typing into it measures what the browser and the probe cost by themselves (input
/// event to the next painted frame) with no work done per keystroke.
pub fn typing_floor(stylesheet: &str) -> String {
    maud::html! {
        (maud::DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { "Typing floor" }
                link rel="stylesheet" href=(stylesheet);
            }
            body {
                main.pv-main {
                    form.pv-filters role="search" aria-label="Profiles" {
                        div.pv-field.pv-field--search {
                            label for="pv-search" { "Search profiles" }
                            input #pv-search.pv-input type="search" name="q" autocomplete="off" spellcheck="false";
                        }
                    }
                }
            }
        }
    }
    .into_string()
}

/// The stylesheet hrefs in the built `index.html` (Trunk's hashed CSS files), in order.
pub fn stylesheet_hrefs(index_html: &str) -> Vec<String> {
    index_html
        .split('<')
        .filter(|tag| tag.starts_with("link") && tag.contains("rel=\"stylesheet\""))
        .filter_map(|tag| Some(tag.split("href=\"").nth(1)?.split('"').next()?.to_string()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_hashed_stylesheets() {
        let index = "<head>\n<link rel=\"modulepreload\" href=\"/p-1.js\">\n<link rel=\"stylesheet\" href=\"/main-3f2a1b4c.css\" integrity=\"x\"/>\n<link rel=\"stylesheet\" href=\"/offline-9e.css\">\n</head>";
        assert_eq!(
            stylesheet_hrefs(index),
            ["/main-3f2a1b4c.css", "/offline-9e.css"]
        );
        assert!(stylesheet_hrefs("<head></head>").is_empty());
    }

    #[test]
    fn the_typing_floor_has_a_labelled_search_box_and_no_script() {
        let html = typing_floor("/main-1.css");
        assert!(html.contains("<label for=\"pv-search\">Search profiles</label>"));
        assert!(html.contains("href=\"/main-1.css\""));
        assert!(!html.contains("<script"));
    }
}

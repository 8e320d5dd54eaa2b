//! What is kept on this device for offline reading, as plain data: which profiles, saved
//! or only recently viewed, when, which revision, how many bytes. No browser API here, so
//! the rules (bounded recent list, eviction order, size accounting) have native tests.

use profile_model::format::fixed;
use serde::{Deserialize, Serialize};

/// How many recently viewed (not saved) profiles are kept; the oldest view goes first.
pub use profile_model::web::RECENT_LIMIT;

/// One profile kept on the device. Times are milliseconds since the Unix epoch
/// (`Date.now()`), so they sort and format without a date library.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    pub slug: String,
    pub name: String,
    pub revision: u64,
    pub updated_at: String,
    /// When the stored copy was written (the date the offline banner shows).
    pub stored_at: f64,
    /// When the reader last opened it.
    pub viewed_at: f64,
    /// Set when the reader chose "Save for offline"; such entries are never evicted.
    #[serde(default)]
    pub saved_at: Option<f64>,
    /// Bytes of the stored JSON.
    pub size: u64,
}

impl Entry {
    pub fn is_saved(&self) -> bool {
        self.saved_at.is_some()
    }
}

/// The profile a copy is made from: what the catalog needs to know about it.
#[derive(Clone, Debug, PartialEq)]
pub struct CopyMeta {
    pub slug: String,
    pub name: String,
    pub revision: u64,
    pub updated_at: String,
    pub size: u64,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Catalog {
    #[serde(default)]
    pub entries: Vec<Entry>,
}

impl Catalog {
    pub fn get(&self, slug: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.slug == slug)
    }

    /// Records a fresh copy of a profile the reader opened. A saved entry stays saved
    /// (its copy is refreshed); returns the slugs evicted to keep the recent list bounded.
    pub fn record_copy(&mut self, meta: CopyMeta, now: f64) -> Vec<String> {
        let saved_at = self.get(&meta.slug).and_then(|e| e.saved_at);
        self.entries.retain(|e| e.slug != meta.slug);
        self.entries.push(Entry {
            slug: meta.slug,
            name: meta.name,
            revision: meta.revision,
            updated_at: meta.updated_at,
            stored_at: now,
            viewed_at: now,
            saved_at,
            size: meta.size,
        });
        self.evict_recent(RECENT_LIMIT)
    }

    /// Marks a profile the reader opened offline as viewed (keeps it off the eviction edge).
    pub fn touch(&mut self, slug: &str, now: f64) {
        if let Some(e) = self.entries.iter_mut().find(|e| e.slug == slug) {
            e.viewed_at = now;
        }
    }

    /// "Save for offline": only a profile with a stored copy can be saved.
    pub fn save(&mut self, slug: &str, now: f64) -> bool {
        match self.entries.iter_mut().find(|e| e.slug == slug) {
            Some(e) => {
                if e.saved_at.is_none() {
                    e.saved_at = Some(now);
                }
                true
            }
            None => false,
        }
    }

    /// Un-saves: the copy stays as a recent one (and may be evicted like any other).
    pub fn unsave(&mut self, slug: &str, now: f64) {
        if let Some(e) = self.entries.iter_mut().find(|e| e.slug == slug) {
            e.saved_at = None;
            e.viewed_at = now;
        }
        self.evict_recent(RECENT_LIMIT);
    }

    pub fn remove(&mut self, slug: &str) -> bool {
        let before = self.entries.len();
        self.entries.retain(|e| e.slug != slug);
        self.entries.len() != before
    }

    /// Drops every entry; returns their slugs so the copies can be deleted too.
    pub fn remove_all(&mut self) -> Vec<String> {
        std::mem::take(&mut self.entries)
            .into_iter()
            .map(|e| e.slug)
            .collect()
    }

    /// Unsaved entries beyond `limit`, oldest view first, are dropped; returns their slugs.
    pub fn evict_recent(&mut self, limit: usize) -> Vec<String> {
        let mut recent: Vec<(f64, String)> = self
            .entries
            .iter()
            .filter(|e| !e.is_saved())
            .map(|e| (e.viewed_at, e.slug.clone()))
            .collect();
        if recent.len() <= limit {
            return Vec::new();
        }
        recent.sort_by(|a, b| a.0.total_cmp(&b.0));
        let drop: Vec<String> = recent
            .into_iter()
            .take(self.entries.iter().filter(|e| !e.is_saved()).count() - limit)
            .map(|(_, slug)| slug)
            .collect();
        self.entries.retain(|e| !drop.contains(&e.slug));
        drop
    }

    /// The oldest-viewed unsaved entry: what goes first when storage is full.
    pub fn oldest_recent(&self) -> Option<&Entry> {
        self.entries
            .iter()
            .filter(|e| !e.is_saved())
            .min_by(|a, b| a.viewed_at.total_cmp(&b.viewed_at))
    }

    /// Saved profiles, most recently saved first.
    pub fn saved(&self) -> Vec<&Entry> {
        let mut v: Vec<&Entry> = self.entries.iter().filter(|e| e.is_saved()).collect();
        v.sort_by(|a, b| {
            b.saved_at
                .unwrap_or(0.0)
                .total_cmp(&a.saved_at.unwrap_or(0.0))
        });
        v
    }

    /// Recently viewed, not saved, most recent first.
    pub fn recent(&self) -> Vec<&Entry> {
        let mut v: Vec<&Entry> = self.entries.iter().filter(|e| !e.is_saved()).collect();
        v.sort_by(|a, b| b.viewed_at.total_cmp(&a.viewed_at));
        v
    }

    pub fn total_size(&self) -> u64 {
        self.entries.iter().map(|e| e.size).sum()
    }
}

/// Where the profile on screen came from.
#[derive(Clone, Debug, PartialEq)]
pub enum Origin {
    /// Fresh from the server.
    Live,
    /// The server could not be reached; this is the copy stored at `stored_at`.
    Stored { stored_at: f64, revision: u64 },
}

/// The note above a profile about offline copies.
#[derive(Clone, Debug, PartialEq)]
pub enum Notice {
    None,
    /// "Offline — saved copy from <date>, revision N".
    OfflineCopy {
        stored_at: f64,
        revision: u64,
    },
    /// Back online, and the server has a newer revision than the copy the reader saved.
    UpdatedSinceSaved {
        saved_revision: u64,
        revision: u64,
    },
}

/// Decides the note: a stored copy always says so; a live profile says it changed only
/// when the reader had *saved* an older revision (recent copies refresh silently).
pub fn notice(origin: &Origin, previous: Option<&Entry>, live_revision: u64) -> Notice {
    match origin {
        Origin::Stored {
            stored_at,
            revision,
        } => Notice::OfflineCopy {
            stored_at: *stored_at,
            revision: *revision,
        },
        Origin::Live => match previous {
            Some(e) if e.is_saved() && e.revision < live_revision => Notice::UpdatedSinceSaved {
                saved_revision: e.revision,
                revision: live_revision,
            },
            _ => Notice::None,
        },
    }
}

impl Notice {
    pub fn text(&self) -> Option<String> {
        match self {
            Notice::None => None,
            Notice::OfflineCopy {
                stored_at,
                revision,
            } => Some(format!(
                "Offline — saved copy from {}, revision {revision}",
                format_ms(*stored_at)
            )),
            Notice::UpdatedSinceSaved {
                saved_revision,
                revision,
            } => Some(format!(
                "Updated since your saved copy (revision {saved_revision} → {revision}). You are reading the newer version; it has replaced your saved copy."
            )),
        }
    }
}

/// "25 Nov 2026, 19:56 UTC" from epoch milliseconds.
pub fn format_ms(ms: f64) -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    if !ms.is_finite() {
        return "an unknown date".into();
    }
    let secs = (ms / 1000.0).floor() as i64;
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{d} {} {y}, {:02}:{:02} UTC",
        MONTHS[(m - 1) as usize],
        rem / 3600,
        (rem % 3600) / 60
    )
}

/// Civil date of a day count since 1970-01-01 (Howard Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// "1.2 KB" style sizes for the saved list.
pub fn format_size(bytes: u64) -> String {
    if bytes < 1024 {
        format!("{bytes} B")
    } else if bytes < 1024 * 1024 {
        format!("{} KB", fixed(bytes as f64 / 1024.0, 1))
    } else {
        format!("{} MB", fixed(bytes as f64 / (1024.0 * 1024.0), 1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(slug: &str, revision: u64) -> CopyMeta {
        CopyMeta {
            slug: slug.into(),
            name: slug.to_uppercase(),
            revision,
            updated_at: "2026-11-20T09:30:00Z".into(),
            size: 100,
        }
    }

    #[test]
    fn recent_list_is_bounded_and_drops_the_oldest_view_first() {
        let mut c = Catalog::default();
        for i in 0..RECENT_LIMIT {
            assert!(c
                .record_copy(meta(&format!("p{i}"), 1), i as f64)
                .is_empty());
        }
        // Viewing p0 again makes p1 the oldest.
        c.record_copy(meta("p0", 1), 100.0);
        let evicted = c.record_copy(meta("new", 1), 101.0);
        assert_eq!(evicted, vec!["p1".to_string()]);
        assert_eq!(c.entries.len(), RECENT_LIMIT);
        assert!(c.get("p0").is_some());
        assert!(c.get("p1").is_none());
    }

    #[test]
    fn saved_entries_are_never_evicted_and_stay_saved_when_refreshed() {
        let mut c = Catalog::default();
        c.record_copy(meta("keep", 1), 0.0);
        assert!(c.save("keep", 5.0));
        for i in 0..(RECENT_LIMIT + 5) {
            c.record_copy(meta(&format!("p{i}"), 1), 10.0 + i as f64);
        }
        assert!(c.get("keep").is_some_and(Entry::is_saved));
        assert_eq!(c.recent().len(), RECENT_LIMIT);
        c.record_copy(meta("keep", 2), 1000.0);
        let keep = c.get("keep").map(|e| (e.revision, e.saved_at, e.stored_at));
        assert_eq!(keep, Some((2, Some(5.0), 1000.0)));
    }

    #[test]
    fn save_needs_a_copy_and_remove_all_returns_every_slug() {
        let mut c = Catalog::default();
        assert!(!c.save("nothing", 1.0));
        c.record_copy(meta("a", 1), 1.0);
        c.record_copy(meta("b", 1), 2.0);
        c.save("b", 3.0);
        assert_eq!(c.saved().len(), 1);
        assert_eq!(c.recent().len(), 1);
        assert_eq!(c.total_size(), 200);
        assert_eq!(c.oldest_recent().map(|e| e.slug.as_str()), Some("a"));
        c.unsave("b", 4.0);
        assert_eq!(c.saved().len(), 0);
        assert_eq!(c.recent().len(), 2);
        c.save("b", 5.0);
        assert!(c.remove("a"));
        assert!(!c.remove("a"));
        assert_eq!(c.remove_all(), vec!["b".to_string()]);
        assert!(c.entries.is_empty());
    }

    #[test]
    fn lists_are_sorted_newest_first() {
        let mut c = Catalog::default();
        c.record_copy(meta("a", 1), 1.0);
        c.record_copy(meta("b", 1), 2.0);
        c.record_copy(meta("c", 1), 3.0);
        c.save("a", 10.0);
        c.save("c", 5.0);
        let saved: Vec<&str> = c.saved().iter().map(|e| e.slug.as_str()).collect();
        assert_eq!(saved, ["a", "c"]);
        c.record_copy(meta("d", 1), 4.0);
        let recent: Vec<&str> = c.recent().iter().map(|e| e.slug.as_str()).collect();
        assert_eq!(recent, ["d", "b"]);
    }

    #[test]
    fn notice_follows_origin_and_saved_revision() {
        let mut c = Catalog::default();
        c.record_copy(meta("a", 3), 0.0);
        let stored = Origin::Stored {
            stored_at: 0.0,
            revision: 3,
        };
        let n = notice(&stored, c.get("a"), 3);
        assert_eq!(
            n.text().as_deref(),
            Some("Offline — saved copy from 1 Jan 1970, 00:00 UTC, revision 3")
        );
        // A recent (unsaved) copy refreshes silently.
        assert_eq!(notice(&Origin::Live, c.get("a"), 4), Notice::None);
        c.save("a", 1.0);
        assert_eq!(
            notice(&Origin::Live, c.get("a"), 4),
            Notice::UpdatedSinceSaved {
                saved_revision: 3,
                revision: 4
            }
        );
        assert!(notice(&Origin::Live, c.get("a"), 4)
            .text()
            .is_some_and(|t| t.starts_with("Updated since your saved copy")));
        assert_eq!(notice(&Origin::Live, c.get("a"), 3), Notice::None);
        assert_eq!(notice(&Origin::Live, None, 3), Notice::None);
    }

    #[test]
    fn dates_and_sizes_format() {
        // 2025-11-25T19:56:30Z
        assert_eq!(format_ms(1_764_100_590_000.0), "25 Nov 2025, 19:56 UTC");
        assert_eq!(format_ms(951_782_400_000.0), "29 Feb 2000, 00:00 UTC");
        assert_eq!(format_ms(f64::NAN), "an unknown date");
        assert_eq!(format_size(512), "512 B");
        assert_eq!(format_size(2048), "2.0 KB");
        assert_eq!(format_size(3 * 1024 * 1024), "3.0 MB");
    }

    #[test]
    fn catalog_round_trips_and_tolerates_old_shapes() -> Result<(), serde_json::Error> {
        let mut c = Catalog::default();
        c.record_copy(meta("a", 1), 1.0);
        let json = serde_json::to_string(&c)?;
        assert_eq!(serde_json::from_str::<Catalog>(&json)?, c);
        assert_eq!(serde_json::from_str::<Catalog>("{}")?, Catalog::default());
        Ok(())
    }
}

//! A generated content folder at directory scale: the sample profiles cloned with varied
//! names, kinds, bases, scores and dates, each one valid per `profile_model`.

use std::path::Path;

use profile_model::{AuthoringProfile, Confidence, ImpactLevel};

const PLACES: [&str; 16] = [
    "Lagos",
    "Frankfurt",
    "Singapore",
    "São Paulo",
    "Nairobi",
    "Tokyo",
    "Amsterdam",
    "Mumbai",
    "Sydney",
    "Toronto",
    "Johannesburg",
    "Stockholm",
    "Santiago",
    "Seoul",
    "Marseille",
    "Dubai",
];
const QUALIFIERS: [&str; 10] = [
    "North", "South", "East", "West", "Central", "Metro", "Coastal", "Regional", "National",
    "Global",
];
const KINDS: [&str; 8] = [
    "Internet exchange point operator",
    "Regional internet registry",
    "Standards body",
    "Submarine cable system",
    "Content delivery and edge network",
    "Registry operator",
    "Computer emergency response team",
    "Data-centre operator",
];
const REGIONS: [&str; 7] = [
    "Africa",
    "Europe",
    "Asia Pacific",
    "North America",
    "Latin America",
    "Middle East",
    "Global",
];

/// Clones `samples` into `count` profiles (slug `<sample>-<n>`); related links and
/// relationships that name a sample point at that sample's clone in the same block, so
/// in-app links stay valid and the site-wide map has edges.
pub fn generate(samples: &[AuthoringProfile], count: usize) -> Vec<AuthoringProfile> {
    let n = samples.len();
    if n == 0 {
        return Vec::new();
    }
    let slug_of = |sample: usize, i: usize| format!("{}-{i:05}", samples[sample].slug);
    (0..count)
        .map(|i| {
            let sample = i % n;
            let mut p = samples[sample].clone();
            p.slug = slug_of(sample, i);
            let place = PLACES[(i / n) % PLACES.len()];
            let qualifier = QUALIFIERS[(i / (n * PLACES.len())) % QUALIFIERS.len()];
            p.name = format!("{} {qualifier} {place} {i}", p.name);
            p.kind = Some(KINDS[(i * 7 / 3) % KINDS.len()].to_string());
            p.base = Some(format!("{place}, {}", REGIONS[(i * 5) % REGIONS.len()]));
            p.confidence = Confidence {
                score: ((i * 37) % 101) as f64 / 100.0,
                basis: p.confidence.basis.take(),
            };
            if let Some(impact) = p.impact.as_mut() {
                impact.level = [ImpactLevel::Low, ImpactLevel::Medium, ImpactLevel::High][i % 3];
            }
            p.updated_at = format!(
                "2026-{:02}-{:02}T{:02}:00:00Z",
                1 + i % 12,
                1 + i % 28,
                i % 24
            );
            p.revision = 1 + (i % 9) as u64;
            let block = i - sample;
            // A slug that names a sample names its clone in the same block.
            let clone_of = |slug: Option<&str>| {
                let target = samples.iter().position(|x| Some(x.slug.as_str()) == slug)?;
                let j = if block + target < count {
                    block + target
                } else {
                    target
                };
                Some(slug_of(target, j))
            };
            for r in &mut p.related {
                r.slug = clone_of(r.slug.as_deref());
            }
            for rel in &mut p.relationships {
                rel.slug = clone_of(rel.slug.as_deref());
            }
            p
        })
        .collect()
}

/// Writes a content folder: `site.json` and `members.json` copied from `source`, the
/// generated profiles under `profiles/`. Every file is validated before it is written.
pub fn write_folder(source: &Path, dest: &Path, count: usize) -> Result<usize, String> {
    let samples = read_samples(&source.join("profiles"))?;
    if dest.exists() {
        std::fs::remove_dir_all(dest).map_err(|e| format!("{}: {e}", dest.display()))?;
    }
    let profiles_dir = dest.join("profiles");
    std::fs::create_dir_all(&profiles_dir)
        .map_err(|e| format!("{}: {e}", profiles_dir.display()))?;
    for file in ["site.json", "members.json"] {
        std::fs::copy(source.join(file), dest.join(file)).map_err(|e| format!("{file}: {e}"))?;
    }
    let profiles = generate(&samples, count);
    for p in &profiles {
        let bytes = serde_json::to_vec(p).map_err(|e| format!("{}: {e}", p.slug))?;
        if let Err(issues) = profile_model::parse_authoring(&bytes) {
            let list: Vec<String> = issues.iter().map(ToString::to_string).collect();
            return Err(format!(
                "generated profile {} is invalid: {}",
                p.slug,
                list.join("; ")
            ));
        }
        let path = profiles_dir.join(format!("{}.json", p.slug));
        std::fs::write(&path, bytes).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(profiles.len())
}

/// The sample profiles, sorted by slug so the generated folder is the same on every run.
pub fn read_samples(dir: &Path) -> Result<Vec<AuthoringProfile>, String> {
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|path| {
            let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
            profile_model::parse_authoring(&bytes)
                .map(|v| v.value)
                .map_err(|issues| {
                    format!(
                        "{}: {} problem(s), first: {:?}",
                        path.display(),
                        issues.len(),
                        issues.first()
                    )
                })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_profiles_are_valid_unique_and_varied() {
        let samples = read_samples(&crate::paths::root().join("content/profiles")).unwrap();
        let profiles = generate(&samples, 500);
        assert_eq!(profiles.len(), 500);
        let slugs: std::collections::HashSet<_> = profiles.iter().map(|p| p.slug.clone()).collect();
        assert_eq!(slugs.len(), 500, "slugs must be unique");
        let names: std::collections::HashSet<_> = profiles.iter().map(|p| p.name.clone()).collect();
        assert_eq!(names.len(), 500, "names must be unique");
        let kinds: std::collections::HashSet<_> = profiles.iter().map(|p| p.kind.clone()).collect();
        assert!(kinds.len() >= 5);
        for p in &profiles {
            let bytes = serde_json::to_vec(p).unwrap();
            assert!(
                profile_model::parse_authoring(&bytes).is_ok(),
                "{} is invalid",
                p.slug
            );
            for r in &p.related {
                if let Some(s) = &r.slug {
                    assert!(slugs.contains(s), "{} links to missing {s}", p.slug);
                }
            }
            for r in &p.relationships {
                if let Some(s) = &r.slug {
                    assert!(slugs.contains(s), "{} relates to missing {s}", p.slug);
                }
            }
        }
    }
}

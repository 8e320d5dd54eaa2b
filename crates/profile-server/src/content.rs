//! The content folder: `site.json`, `members.json`, `profiles/*.json`, read into memory at
//! start and on reload. Answers that never change between reloads (site, index, public
//! profiles) are serialised once here, with their ETags.

use std::collections::BTreeMap;
use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use bytes::Bytes;
use profile_model::validate::MAX_PROFILE_BYTES;
use profile_model::{
    parse_authoring, AuthoringProfile, IndexEntry, Issue, ProfileEdge, PublicProfile, Severity,
    SiteConfig, Validated,
};
use profile_views::directory_query::DirectoryIndex;
use sha2::{Digest, Sha256};

use crate::auth::Members;

/// Everything the API serves, as one immutable snapshot (swapped whole on reload).
pub struct Content {
    pub site: SiteConfig,
    pub site_json: Cached,
    pub index_json: Cached,
    /// The index searchable, for the directory's first screen (built once per load: at
    /// 10,000 profiles that takes longer than rendering a page).
    pub directory: Arc<DirectoryIndex>,
    /// `GET /relationships`: every relationship from one profile to another.
    pub relationships_json: Cached,
    pub profiles: BTreeMap<String, LoadedProfile>,
    /// `members.json` as read: what an empty database is seeded with.
    pub members: Members,
}

pub struct LoadedProfile {
    /// The authoring form, with briefing bodies: only the briefing handler reads these.
    pub profile: AuthoringProfile,
    /// The public projection: the only form of a profile that leaves in bulk, as JSON and
    /// as the first screen of its page.
    pub public: PublicProfile,
    /// `public`, serialised.
    pub public_json: Cached,
}

/// A serialised answer and its (weak) ETag.
#[derive(Clone)]
pub struct Cached {
    pub body: Bytes,
    pub etag: String,
}

impl Cached {
    fn of<T: serde::Serialize>(value: &T) -> Result<Cached, serde_json::Error> {
        let body = serde_json::to_vec(value)?;
        let digest = Sha256::digest(&body);
        let hex: String = digest.iter().take(12).map(|b| format!("{b:02x}")).collect();
        // Weak: the compression layer may re-encode the bytes; the content stays the same.
        Ok(Cached {
            body: Bytes::from(body),
            etag: format!("W/\"{hex}\""),
        })
    }
}

/// The problems found in one file.
#[derive(Clone, Debug)]
pub struct Report {
    pub file: PathBuf,
    pub issues: Vec<Issue>,
}

impl Report {
    pub fn has_errors(&self) -> bool {
        self.issues.iter().any(|i| i.severity == Severity::Error)
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (n, issue) in self.issues.iter().enumerate() {
            if n > 0 {
                writeln!(f)?;
            }
            write!(f, "{}: {issue}", self.file.display())?;
        }
        Ok(())
    }
}

fn issue(severity: Severity, path: &str, message: impl Into<String>) -> Issue {
    Issue {
        severity,
        path: path.to_string(),
        message: message.into(),
    }
}

/// Reads at most `MAX_PROFILE_BYTES + 1` bytes, so a huge file costs no more than that.
pub fn read_capped(path: &Path) -> std::io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    std::fs::File::open(path)?
        .take(MAX_PROFILE_BYTES as u64 + 1)
        .read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Parses and validates one authoring file (what `profile-server validate` runs).
pub fn check_profile_file(path: &Path) -> Result<Validated<AuthoringProfile>, Vec<Issue>> {
    let bytes = read_capped(path)
        .map_err(|e| vec![issue(Severity::Error, "", format!("cannot read: {e}"))])?;
    parse_authoring(&bytes)
}

/// Warnings for the slugs a profile names (in `relationships` and `related`) that `exists`
/// says are no profile: a link to them would lead to a not-found page.
pub fn unknown_slugs(profile: &AuthoringProfile, exists: impl Fn(&str) -> bool) -> Vec<Issue> {
    let named = profile
        .relationships
        .iter()
        .enumerate()
        .filter_map(|(i, r)| Some((format!("relationships[{i}].slug"), r.slug.as_deref()?)))
        .chain(
            profile
                .related
                .iter()
                .enumerate()
                .filter_map(|(i, r)| Some((format!("related[{i}].slug"), r.slug.as_deref()?))),
        );
    named
        .filter(|(_, slug)| !exists(slug))
        .map(|(path, slug)| {
            let message = format!("no profile has the slug \"{slug}\"; it is shown unlinked");
            issue(Severity::Warning, &path, message)
        })
        .collect()
}

/// Every relationship from a profile to another profile, in slug order.
fn edges(profiles: &BTreeMap<String, LoadedProfile>) -> Vec<ProfileEdge> {
    profiles
        .values()
        .flat_map(|p| {
            let from = &p.public.slug;
            p.public.relationships.iter().filter_map(move |r| {
                let to = r.slug.as_ref()?;
                (to != from && profiles.contains_key(to)).then(|| ProfileEdge {
                    from: from.clone(),
                    to: to.clone(),
                    relation: r.relation.clone(),
                })
            })
        })
        .collect()
}

/// Loads the content folder. Invalid profiles and member entries are reported and skipped;
/// an unreadable `site.json` is fatal (without tiers no entitlement can be decided).
pub fn load(dir: &Path) -> Result<(Content, Vec<Report>), Report> {
    let mut reports = Vec::new();
    let site_path = dir.join("site.json");
    let site = load_site(&site_path).map_err(|issues| Report {
        file: site_path.clone(),
        issues,
    })?;

    let members_path = dir.join("members.json");
    let members = match std::fs::read(&members_path) {
        Ok(bytes) => {
            let (members, issues) = Members::parse(&bytes, &site);
            if !issues.is_empty() {
                reports.push(Report {
                    file: members_path,
                    issues,
                });
            }
            members
        }
        Err(e) => {
            let message = format!("cannot read: {e}; an empty database gets no members");
            reports.push(Report {
                file: members_path,
                issues: vec![issue(Severity::Warning, "", message)],
            });
            Members::default()
        }
    };

    // Parse everything first, then resolve duplicate slugs: the file named after the slug
    // wins, else the first by name, so that a stray file cannot take over a profile.
    let mut parsed = Vec::new();
    for file in profile_files(&dir.join("profiles"), &mut reports) {
        let validated = match check_profile_file(&file) {
            Ok(v) => v,
            Err(issues) => {
                reports.push(Report { file, issues });
                continue;
            }
        };
        let mut issues = validated.warnings;
        let profile = validated.value;
        for (i, b) in profile.briefings.iter().enumerate() {
            if site.tier(&b.tier).is_none() {
                let message = format!(
                    "tier \"{}\" is not in site.json; nobody can read this briefing",
                    b.tier
                );
                issues.push(issue(
                    Severity::Warning,
                    &format!("briefings[{i}].tier"),
                    message,
                ));
            }
        }
        parsed.push((file, profile, issues));
    }
    let named_after_slug = |file: &Path, slug: &str| file.file_stem().is_some_and(|s| s == slug);
    parsed.sort_by_key(|(file, profile, _)| !named_after_slug(file, &profile.slug));

    let mut profiles: BTreeMap<String, LoadedProfile> = BTreeMap::new();
    let mut sources: BTreeMap<String, PathBuf> = BTreeMap::new();
    for (file, profile, mut issues) in parsed {
        if let Some(first) = sources.get(&profile.slug) {
            let message = format!(
                "\"{}\" is already used by {}; skipped",
                profile.slug,
                first.display()
            );
            issues.push(issue(Severity::Error, "slug", message));
        }
        let public = profile.to_public();
        let public_json = Cached::of(&public);
        if let Err(e) = &public_json {
            issues.push(issue(Severity::Error, "", format!("cannot serialise: {e}")));
        }
        let skip = issues.iter().any(|i| i.severity == Severity::Error);
        if !issues.is_empty() {
            reports.push(Report {
                file: file.clone(),
                issues,
            });
        }
        if let (false, Ok(public_json)) = (skip, public_json) {
            sources.insert(profile.slug.clone(), file);
            profiles.insert(
                profile.slug.clone(),
                LoadedProfile {
                    profile,
                    public,
                    public_json,
                },
            );
        }
    }
    for (slug, file) in &sources {
        let Some(loaded) = profiles.get(slug) else {
            continue;
        };
        let issues = unknown_slugs(&loaded.profile, |s| profiles.contains_key(s));
        if issues.is_empty() {
            continue;
        }
        match reports.iter_mut().find(|r| &r.file == file) {
            Some(report) => report.issues.extend(issues),
            None => reports.push(Report {
                file: file.clone(),
                issues,
            }),
        }
    }
    reports.sort_by(|a, b| a.file.cmp(&b.file));

    let mut index: Vec<_> = profiles.values().map(|p| p.profile.index_entry()).collect();
    IndexEntry::sort(&mut index);
    let fatal = |e: serde_json::Error| Report {
        file: dir.to_path_buf(),
        issues: vec![issue(Severity::Error, "", format!("cannot serialise: {e}"))],
    };
    let index_json = Cached::of(&index).map_err(fatal)?;
    let directory = Arc::new(DirectoryIndex::new(index));
    let site_json = Cached::of(&site).map_err(fatal)?;
    let relationships_json = Cached::of(&edges(&profiles)).map_err(fatal)?;
    Ok((
        Content {
            site,
            site_json,
            index_json,
            directory,
            relationships_json,
            profiles,
            members,
        },
        reports,
    ))
}

/// Reads and validates `site.json`.
pub fn load_site(path: &Path) -> Result<SiteConfig, Vec<Issue>> {
    let bytes = read_capped(path)
        .map_err(|e| vec![issue(Severity::Error, "", format!("cannot read: {e}"))])?;
    let de = &mut serde_json::Deserializer::from_slice(&bytes);
    let site: SiteConfig = serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        vec![issue(
            Severity::Error,
            if path == "." { "" } else { &path },
            e.into_inner().to_string(),
        )]
    })?;
    let mut issues = Vec::new();
    for (i, tier) in site.tiers.iter().enumerate() {
        if site.tiers.iter().take(i).any(|t| t.id == tier.id) {
            issues.push(issue(
                Severity::Error,
                &format!("tiers[{i}].id"),
                format!("duplicate tier id \"{}\"", tier.id),
            ));
        }
    }
    if issues.is_empty() {
        Ok(site)
    } else {
        Err(issues)
    }
}

/// `profiles/*.json`, sorted so that reports and duplicate-slug decisions are stable.
fn profile_files(dir: &Path, reports: &mut Vec<Report>) -> Vec<PathBuf> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            reports.push(Report {
                file: dir.to_path_buf(),
                issues: vec![issue(
                    Severity::Warning,
                    "",
                    format!("cannot read folder: {e}"),
                )],
            });
            return Vec::new();
        }
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json") && p.is_file())
        .collect();
    files.sort();
    files
}

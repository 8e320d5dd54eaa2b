//! Text formatting for dates, scores and counts, without a date library: the contract's
//! times are RFC 3339, so a small parser is enough and keeps the wasm small.

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// `(year, month, day)` from the `YYYY-MM-DD` start of an RFC 3339 time or a plain date.
fn ymd(s: &str) -> Option<(i64, u32, u32)> {
    let b = s.as_bytes();
    if b.len() < 10
        || b[4] != b'-'
        || b[7] != b'-'
        || (b.len() > 10 && !matches!(b[10], b'T' | b't' | b' '))
    {
        return None;
    }
    let year: i64 = s.get(0..4)?.parse().ok()?;
    let month: u32 = s.get(5..7)?.parse().ok()?;
    let day: u32 = s.get(8..10)?.parse().ok()?;
    ((1..=12).contains(&month) && (1..=31).contains(&day)).then_some((year, month, day))
}

/// "2026-11-20T09:30:00Z" -> "20 Nov 2026" (the date as written, in the author's offset).
pub fn format_date(s: &str) -> Option<String> {
    let (y, m, d) = ymd(s)?;
    Some(format!("{d} {} {y}", MONTHS[(m - 1) as usize]))
}

/// Like [`format_date`], but gives the input back when it is not a date.
pub fn date_or_raw(s: &str) -> String {
    format_date(s).unwrap_or_else(|| s.to_string())
}

/// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = m as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Seconds since the Unix epoch of an RFC 3339 time, honouring its offset; used to sort
/// by "updated" correctly when offsets differ. `None` for anything else.
pub fn unix_seconds(s: &str) -> Option<i64> {
    if !crate::validate::is_rfc3339(s) {
        return None;
    }
    let (y, m, d) = ymd(s)?;
    let num = |r: std::ops::Range<usize>| s.get(r).and_then(|t| t.parse::<i64>().ok());
    let (hh, mm, ss) = (num(11..13)?, num(14..16)?, num(17..19)?);
    // The offset is the trailing "Z" or "±HH:MM".
    let offset = if s.ends_with(['Z', 'z']) {
        0
    } else {
        let tail = s.get(s.len().checked_sub(6)?..)?;
        let sign = match tail.as_bytes().first() {
            Some(b'+') => 1,
            Some(b'-') => -1,
            _ => return None,
        };
        sign * (tail.get(1..3)?.parse::<i64>().ok()? * 3600
            + tail.get(4..6)?.parse::<i64>().ok()? * 60)
    };
    Some(days_from_civil(y, m, d) * 86_400 + hh * 3600 + mm * 60 + ss - offset)
}

/// A confidence score with two to three decimals: 0.62 -> "0.62", 0.895 -> "0.895", 1 -> "1.00".
pub fn score(s: f64) -> String {
    let mut text = fixed(s, 3);
    if text.ends_with('0') {
        text.pop();
    }
    text
}

/// `x` rounded to `decimals` places (half away from zero), as "-12.345". Integer arithmetic
/// instead of `{:.N}`: core's float formatting would add about 11 KB to the wasm.
pub fn fixed(x: f64, decimals: u32) -> String {
    if !x.is_finite() {
        return if x.is_nan() {
            "NaN"
        } else if x > 0.0 {
            "inf"
        } else {
            "-inf"
        }
        .to_string();
    }
    let scale = 10u64.pow(decimals);
    // Values beyond u64 after scaling are far outside anything shown (scores, sizes).
    let n = (x.abs() * scale as f64).round() as u64;
    let sign = if x < 0.0 && n > 0 { "-" } else { "" };
    let whole = n / scale;
    if decimals == 0 {
        return format!("{sign}{whole}");
    }
    let frac = (n % scale).to_string();
    let pad = "0".repeat(decimals as usize - frac.len());
    format!("{sign}{whole}.{pad}{frac}")
}

/// 10000 -> "10,000".
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// "targeted-by-threat" -> "Targeted by threat": relations are written as machine words.
pub fn humanize(s: &str) -> String {
    let spaced: String = s
        .chars()
        .map(|c| if c == '-' || c == '_' { ' ' } else { c })
        .collect();
    let mut chars = spaced.trim().chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// "medium" -> "Medium".
pub fn capitalize(s: &str) -> String {
    humanize(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_format_like_a_news_site() {
        assert_eq!(
            format_date("2026-11-20T09:30:00Z").as_deref(),
            Some("20 Nov 2026")
        );
        assert_eq!(
            format_date("2026-01-05T23:59:59+05:30").as_deref(),
            Some("5 Jan 2026")
        );
        assert_eq!(format_date("2026-11-18").as_deref(), Some("18 Nov 2026"));
        assert_eq!(format_date("2026-13-01"), None);
        assert_eq!(format_date("yesterday"), None);
        assert_eq!(format_date(""), None);
        assert_eq!(format_date("2026-11-2"), None);
        assert_eq!(date_or_raw("soon"), "soon");
    }

    #[test]
    fn unix_seconds_honours_offsets() {
        assert_eq!(unix_seconds("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(unix_seconds("2000-03-01T00:00:00Z"), Some(951_868_800));
        assert_eq!(
            unix_seconds("2026-11-20T10:30:00+01:00"),
            unix_seconds("2026-11-20T09:30:00Z")
        );
        assert_eq!(
            unix_seconds("2026-11-20T08:30:00.5-01:00"),
            unix_seconds("2026-11-20T09:30:00Z")
        );
        assert_eq!(unix_seconds("2026-11-20"), None);
        assert_eq!(unix_seconds("not a time at all, really"), None);
    }

    #[test]
    fn scores_and_counts() {
        assert_eq!(score(0.62), "0.62");
        assert_eq!(score(0.895), "0.895");
        assert_eq!(score(1.0), "1.00");
        assert_eq!(score(0.0), "0.00");
        assert_eq!(score(0.0625), "0.063");
        assert_eq!(fixed(2.0, 1), "2.0");
        assert_eq!(fixed(1.25, 1), "1.3");
        assert_eq!(fixed(-0.04, 1), "0.0");
        assert_eq!(fixed(-3.456, 2), "-3.46");
        assert_eq!(fixed(7.7, 0), "8");
        assert_eq!(fixed(0.007, 3), "0.007");
        assert_eq!(fixed(f64::NAN, 2), "NaN");
        for i in 0..=1000 {
            let x = f64::from(i) / 1000.0;
            assert_eq!(fixed(x, 3), format!("{x:.3}"), "{x}");
        }
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(10_000), "10,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }

    #[test]
    fn relations_read_as_words() {
        assert_eq!(humanize("targeted-by-threat"), "Targeted by threat");
        assert_eq!(humanize("briefed_by"), "Briefed by");
        assert_eq!(humanize(""), "");
        assert_eq!(capitalize("medium"), "Medium");
    }
}

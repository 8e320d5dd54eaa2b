//! Client addresses: `--trusted-proxy` ranges, `X-Forwarded-For` read only from them, and
//! the key the login limiter counts an address under (an IPv6 client owns a whole /64).

use std::net::{IpAddr, Ipv6Addr};
use std::str::FromStr;

use axum::http::HeaderMap;

/// An address range such as `10.0.0.0/8` or `2001:db8::/32`; a bare address is the range
/// of that one address.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cidr {
    addr: IpAddr,
    prefix: u8,
}

impl FromStr for Cidr {
    type Err = String;
    fn from_str(s: &str) -> Result<Cidr, String> {
        let bad = || format!("\"{s}\" is not an address range like 10.0.0.0/8 or 2001:db8::/32");
        let (addr, prefix) = match s.trim().split_once('/') {
            Some((a, p)) => (a, Some(p)),
            None => (s.trim(), None),
        };
        let addr = canonical(IpAddr::from_str(addr).map_err(|_| bad())?);
        let max = if addr.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            Some(p) => p.parse::<u8>().ok().filter(|p| *p <= max).ok_or_else(bad)?,
            None => max,
        };
        Ok(Cidr { addr, prefix })
    }
}

impl Cidr {
    pub fn contains(&self, ip: IpAddr) -> bool {
        match (self.addr, canonical(ip)) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => {
                let mask = u32::MAX
                    .checked_shl(32 - u32::from(self.prefix))
                    .unwrap_or(0);
                u32::from(net) & mask == u32::from(ip) & mask
            }
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                let mask = u128::MAX
                    .checked_shl(128 - u32::from(self.prefix))
                    .unwrap_or(0);
                u128::from(net) & mask == u128::from(ip) & mask
            }
            _ => false,
        }
    }
}

/// An IPv4 address written as IPv6 (`::ffff:a.b.c.d`, as dual-stack sockets report it) is
/// the IPv4 address.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(IpAddr::V6(v6), IpAddr::V4),
        v4 => v4,
    }
}

/// The client's address: the TCP peer, unless the peer is a trusted proxy; then the
/// right-most `X-Forwarded-For` entry that is not itself a trusted proxy (entries further
/// left were written by the client and prove nothing). An entry that is not an address
/// stops the walk at the last trusted hop.
pub fn client_ip(peer: IpAddr, headers: &HeaderMap, trusted: &[Cidr]) -> IpAddr {
    let is_trusted = |ip: IpAddr| trusted.iter().any(|c| c.contains(ip));
    let peer = canonical(peer);
    if !is_trusted(peer) {
        return peer;
    }
    let hops: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .collect();
    let mut client = peer;
    for hop in hops.iter().rev() {
        let hop = hop.trim().trim_start_matches('[').trim_end_matches(']');
        let Ok(ip) = IpAddr::from_str(hop) else {
            return client;
        };
        client = canonical(ip);
        if !is_trusted(client) {
            return client;
        }
    }
    client
}

/// What the login limiter counts an address as: an IPv4 address itself, an IPv6 address
/// its /64 (one subscriber gets a whole /64 and could otherwise rotate through it).
pub fn limiter_key(ip: IpAddr) -> IpAddr {
    match canonical(ip) {
        IpAddr::V6(v6) => IpAddr::V6(Ipv6Addr::from(u128::from(v6) & (u128::MAX << 64))),
        v4 => v4,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    type TestResult = Result<(), Box<dyn std::error::Error>>;

    fn ip(s: &str) -> Result<IpAddr, std::net::AddrParseError> {
        s.parse()
    }

    #[test]
    fn ranges_parse_and_contain() -> TestResult {
        let net: Cidr = "10.1.0.0/16".parse()?;
        assert!(net.contains(ip("10.1.200.3")?));
        assert!(net.contains(ip("::ffff:10.1.0.9")?));
        assert!(!net.contains(ip("10.2.0.1")?));
        assert!(!net.contains(ip("2001:db8::1")?));
        let one: Cidr = "192.0.2.7".parse()?;
        assert!(one.contains(ip("192.0.2.7")?) && !one.contains(ip("192.0.2.8")?));
        let v6: Cidr = "2001:db8::/32".parse()?;
        assert!(v6.contains(ip("2001:db8:ffff::1")?) && !v6.contains(ip("2001:db9::1")?));
        let all: Cidr = "0.0.0.0/0".parse()?;
        assert!(all.contains(ip("203.0.113.1")?));
        for bad in ["10.0.0.0/33", "::/129", "10.0.0/8", "x", "10.0.0.0/", "/8"] {
            assert!(bad.parse::<Cidr>().is_err(), "{bad}");
        }
        Ok(())
    }

    fn xff(values: &[&str]) -> Result<HeaderMap, axum::http::header::InvalidHeaderValue> {
        let mut h = HeaderMap::new();
        for v in values {
            h.append("x-forwarded-for", HeaderValue::from_str(v)?);
        }
        Ok(h)
    }

    #[test]
    fn forwarded_for_counts_only_from_a_trusted_proxy() -> TestResult {
        let trusted: Vec<Cidr> = vec!["10.0.0.0/8".parse()?];
        let h = xff(&["198.51.100.9"])?;
        // Not from the proxy: the header is the client's own claim.
        assert_eq!(
            client_ip(ip("203.0.113.5")?, &h, &trusted),
            ip("203.0.113.5")?
        );
        assert_eq!(
            client_ip(ip("10.0.0.2")?, &h, &trusted),
            ip("198.51.100.9")?
        );
        // The client's own entries (left) do not count; the proxies' (right) are skipped.
        let h = xff(&["1.2.3.4, 198.51.100.9", "10.0.0.7"])?;
        assert_eq!(
            client_ip(ip("10.0.0.2")?, &h, &trusted),
            ip("198.51.100.9")?
        );
        // Garbage stops the walk at the last trusted hop.
        let h = xff(&["198.51.100.9, junk, 10.0.0.7"])?;
        assert_eq!(client_ip(ip("10.0.0.2")?, &h, &trusted), ip("10.0.0.7")?);
        // No header: the proxy itself.
        assert_eq!(
            client_ip(ip("10.0.0.2")?, &HeaderMap::new(), &trusted),
            ip("10.0.0.2")?
        );
        assert_eq!(client_ip(ip("10.0.0.2")?, &h, &[]), ip("10.0.0.2")?);
        let h = xff(&["[2001:db8::5]"])?;
        assert_eq!(client_ip(ip("10.0.0.2")?, &h, &trusted), ip("2001:db8::5")?);
        Ok(())
    }

    #[test]
    fn an_ipv6_client_is_its_slash_64() -> TestResult {
        assert_eq!(
            limiter_key(ip("2001:db8:1:2:aaaa::1")?),
            limiter_key(ip("2001:db8:1:2:bbbb::9")?)
        );
        assert_ne!(
            limiter_key(ip("2001:db8:1:2::1")?),
            limiter_key(ip("2001:db8:1:3::1")?)
        );
        assert_eq!(limiter_key(ip("192.0.2.1")?), ip("192.0.2.1")?);
        assert_eq!(limiter_key(ip("::ffff:192.0.2.1")?), ip("192.0.2.1")?);
        Ok(())
    }
}

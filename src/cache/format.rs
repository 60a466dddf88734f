//! The cache file's envelope: a header (magic, the version of the program that wrote it, the
//! body's length and checksum) before the body, so that a file written by another version,
//! cut short or damaged is told apart from a good one and never read as one.

use std::hash::Hasher;

use siphasher::sip::SipHasher13;

/// The first bytes of every cache file.
const MAGIC: &[u8; 12] = b"LOESS-CACHE\n";

/// Wraps `body` in the header for `version`.
pub(super) fn encode(version: &str, body: &[u8]) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(body.len() + version.len() + 32);
    bytes.extend_from_slice(MAGIC);
    bytes.extend_from_slice(&(version.len() as u32).to_le_bytes());
    bytes.extend_from_slice(version.as_bytes());
    bytes.extend_from_slice(&(body.len() as u64).to_le_bytes());
    bytes.extend_from_slice(&checksum(body).to_le_bytes());
    bytes.extend_from_slice(body);
    bytes
}

/// The body of `bytes`, if they are a whole cache file written by `version`; else why not.
pub(super) fn decode<'a>(version: &str, bytes: &'a [u8]) -> Result<&'a [u8], String> {
    let mut rest = bytes
        .strip_prefix(MAGIC.as_slice())
        .ok_or("it is not a Loess cache file")?;
    let length = take(&mut rest, 4)?;
    let length = u32::from_le_bytes(length.try_into().expect("four bytes")) as usize;
    let written_by = take(&mut rest, length)?;
    if written_by != version.as_bytes() {
        let other = String::from_utf8_lossy(written_by);
        return Err(format!(
            "it was written by another version of Loess ({other})"
        ));
    }
    let length = take(&mut rest, 8)?;
    let length = u64::from_le_bytes(length.try_into().expect("eight bytes"));
    let sum = take(&mut rest, 8)?;
    let sum = u64::from_le_bytes(sum.try_into().expect("eight bytes"));
    if rest.len() as u64 != length {
        let how = if (rest.len() as u64) < length {
            "cut short"
        } else {
            "too long"
        };
        return Err(format!(
            "it is {how}: {} bytes of data where its header says {length}",
            rest.len()
        ));
    }
    if checksum(rest) != sum {
        return Err("its checksum does not match: it is damaged".into());
    }
    Ok(rest)
}

/// The first `n` bytes of `rest`, which loses them.
fn take<'a>(rest: &mut &'a [u8], n: usize) -> Result<&'a [u8], String> {
    if rest.len() < n {
        return Err("it is cut short".into());
    }
    let (taken, left) = rest.split_at(n);
    *rest = left;
    Ok(taken)
}

fn checksum(body: &[u8]) -> u64 {
    let mut hasher = SipHasher13::new();
    hasher.write(body);
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_body_comes_back_as_written() {
        let bytes = encode("1.0 abc", b"{\"a\":1}");
        assert_eq!(decode("1.0 abc", &bytes).unwrap(), b"{\"a\":1}");
        assert_eq!(decode("1.0 abc", &encode("1.0 abc", b"")).unwrap(), b"");
    }

    #[test]
    fn another_version_is_refused() {
        let bytes = encode("1.0 abc", b"body");
        let error = decode("1.0 abd", &bytes).unwrap_err();
        assert_eq!(
            error,
            "it was written by another version of Loess (1.0 abc)"
        );
    }

    #[test]
    fn every_truncation_is_refused() {
        let bytes = encode("v", b"some body");
        for end in 0..bytes.len() {
            assert!(decode("v", &bytes[..end]).is_err(), "cut at {end}");
        }
        let mut longer = bytes.clone();
        longer.push(b'x');
        assert!(decode("v", &longer).is_err());
    }

    #[test]
    fn every_flipped_byte_is_refused() {
        let bytes = encode("v", b"some body");
        for at in 0..bytes.len() {
            let mut damaged = bytes.clone();
            damaged[at] ^= 0x20;
            assert!(decode("v", &damaged).is_err(), "flipped at {at}");
        }
    }

    #[test]
    fn what_is_not_a_cache_file_says_so() {
        assert_eq!(
            decode("v", b"hello").unwrap_err(),
            "it is not a Loess cache file"
        );
    }
}

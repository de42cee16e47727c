//! Reading a response body in chunks, gzip-decoded when the server says so, with a cap on the
//! bytes kept so that memory stays bounded whatever the server sends.

use std::io::{self, Write};

use flate2::write::MultiGzDecoder;

/// A response body read up to a limit.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CappedBody {
    /// The decoded bytes, at most the limit.
    pub bytes: Vec<u8>,
    /// Whether the server sent more than the limit; reading stopped there.
    pub exceeded: bool,
}

/// The content encoding of a response, as far as this client decodes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    /// The body is used as sent: no `Content-Encoding`, `identity`, or one this client did
    /// not ask for.
    Identity,
    /// `gzip` or `x-gzip`.
    Gzip,
}

impl Encoding {
    /// Reads the `Content-Encoding` header value, or `None` when absent.
    pub fn from_header(value: Option<&str>) -> Self {
        match value.map(str::trim) {
            Some(value) if value.eq_ignore_ascii_case("gzip") => Encoding::Gzip,
            Some(value) if value.eq_ignore_ascii_case("x-gzip") => Encoding::Gzip,
            _ => Encoding::Identity,
        }
    }
}

/// A gzip body that cannot be decoded.
#[derive(Debug, thiserror::Error)]
#[error("invalid gzip body: {0}")]
pub struct GzipError(io::Error);

/// Collects decoded bytes up to `limit` and fails the write that would pass it.
#[derive(Debug)]
struct LimitedSink {
    bytes: Vec<u8>,
    limit: usize,
    exceeded: bool,
}

impl Write for LimitedSink {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let room = self.limit - self.bytes.len();
        if buf.len() > room {
            self.bytes.extend_from_slice(&buf[..room]);
            self.exceeded = true;
            return Err(io::Error::other("body limit reached"));
        }
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Decodes chunks as they arrive and keeps at most `limit` decoded bytes.
///
/// The limit applies both to the bytes received and to the bytes decoded, so a small gzip
/// body that inflates past the limit is stopped as soon as it does.
#[derive(Debug)]
pub struct BodyReader {
    decoder: Decoder,
    received: u64,
    limit: u64,
}

#[derive(Debug)]
enum Decoder {
    Identity(LimitedSink),
    Gzip(Box<MultiGzDecoder<LimitedSink>>),
}

impl BodyReader {
    /// Starts reading a body sent with `encoding`, keeping at most `limit` bytes.
    pub fn new(encoding: Encoding, limit: u64) -> Self {
        let sink = LimitedSink {
            bytes: Vec::new(),
            limit: usize::try_from(limit).unwrap_or(usize::MAX),
            exceeded: false,
        };
        let decoder = match encoding {
            Encoding::Identity => Decoder::Identity(sink),
            Encoding::Gzip => Decoder::Gzip(Box::new(MultiGzDecoder::new(sink))),
        };
        BodyReader {
            decoder,
            received: 0,
            limit,
        }
    }

    /// Takes one received chunk; returns `Ok(false)` once the limit is passed, after which
    /// the caller stops reading.
    ///
    /// # Errors
    ///
    /// Returns an error when a gzip body cannot be decoded.
    pub fn push(&mut self, chunk: &[u8]) -> Result<bool, GzipError> {
        self.received = self
            .received
            .saturating_add(u64::try_from(chunk.len()).unwrap_or(u64::MAX));
        let result = match &mut self.decoder {
            Decoder::Identity(sink) => sink.write_all(chunk),
            Decoder::Gzip(decoder) => decoder.write_all(chunk),
        };
        if self.sink().exceeded || self.received > self.limit {
            return Ok(false);
        }
        result.map(|()| true).map_err(GzipError)
    }

    /// Ends the body and returns what was kept.
    ///
    /// # Errors
    ///
    /// Returns an error when a gzip body ends in the middle of its stream.
    pub fn finish(self) -> Result<CappedBody, GzipError> {
        let exceeded_on_receive = self.received > self.limit;
        let (bytes, exceeded) = match self.decoder {
            Decoder::Identity(sink) => (sink.bytes, sink.exceeded),
            Decoder::Gzip(mut decoder) => {
                let finished = decoder.try_finish();
                let sink = decoder.get_mut();
                if !sink.exceeded && !exceeded_on_receive {
                    finished.map_err(GzipError)?;
                }
                (std::mem::take(&mut sink.bytes), sink.exceeded)
            }
        };
        Ok(CappedBody {
            exceeded: exceeded || exceeded_on_receive,
            bytes,
        })
    }

    fn sink(&self) -> &LimitedSink {
        match &self.decoder {
            Decoder::Identity(sink) => sink,
            Decoder::Gzip(decoder) => decoder.get_ref(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::write::GzEncoder;
    use flate2::Compression;

    fn gzip(data: &[u8]) -> Vec<u8> {
        let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
        encoder.write_all(data).unwrap();
        encoder.finish().unwrap()
    }

    fn read(encoding: Encoding, limit: u64, chunks: &[&[u8]]) -> CappedBody {
        let mut reader = BodyReader::new(encoding, limit);
        for chunk in chunks {
            if !reader.push(chunk).unwrap() {
                break;
            }
        }
        reader.finish().unwrap()
    }

    #[test]
    fn identity_body_under_limit_is_whole() {
        let body = read(Encoding::Identity, 10, &[b"abc", b"def"]);
        assert_eq!(body.bytes, b"abcdef");
        assert!(!body.exceeded);
    }

    #[test]
    fn identity_body_at_limit_is_not_exceeded() {
        let body = read(Encoding::Identity, 6, &[b"abc", b"def"]);
        assert!(!body.exceeded);
    }

    #[test]
    fn identity_body_over_limit_is_cut() {
        let body = read(Encoding::Identity, 4, &[b"abc", b"def", b"ghi"]);
        assert_eq!(body.bytes, b"abcd");
        assert!(body.exceeded);
    }

    #[test]
    fn gzip_body_is_decoded() {
        let compressed = gzip(br#"{"id":"x"}"#);
        let (head, tail) = compressed.split_at(5);
        let body = read(Encoding::Gzip, 100, &[head, tail]);
        assert_eq!(body.bytes, br#"{"id":"x"}"#);
        assert!(!body.exceeded);
    }

    #[test]
    fn gzip_limit_applies_to_decoded_bytes() {
        let compressed = gzip(&vec![b'0'; 1 << 20]);
        assert!(compressed.len() < 4096);
        let body = read(Encoding::Gzip, 4096, &[&compressed]);
        assert_eq!(body.bytes.len(), 4096);
        assert!(body.exceeded);
    }

    #[test]
    fn gzip_truncated_stream_is_error() {
        let compressed = gzip(b"a longer body that is cut short");
        let mut reader = BodyReader::new(Encoding::Gzip, 100);
        reader.push(&compressed[..compressed.len() - 6]).unwrap();
        let err = reader.finish().unwrap_err();
        assert!(err.to_string().starts_with("invalid gzip body: "), "{err}");
    }

    #[test]
    fn gzip_garbage_is_error() {
        let mut reader = BodyReader::new(Encoding::Gzip, 100);
        let pushed = reader.push(b"not gzip at all");
        assert!(pushed.is_err() || reader.finish().is_err());
    }

    #[test]
    fn encoding_from_header_values() {
        let cases = [
            (None, Encoding::Identity),
            (Some("identity"), Encoding::Identity),
            (Some("gzip"), Encoding::Gzip),
            (Some("GZIP"), Encoding::Gzip),
            (Some("x-gzip"), Encoding::Gzip),
            (Some("br"), Encoding::Identity),
        ];
        for (header, expected) in cases {
            assert_eq!(Encoding::from_header(header), expected, "{header:?}");
        }
    }
}

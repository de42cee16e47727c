//! Writing seed files: the bytes that `arbitrary` 1.5 decodes into a chosen input.
//!
//! The layout `arbitrary` reads, and [`SeedWriter`] writes:
//! - an enum variant is a little-endian `u32` `x`, and the variant index is `(x * count) >> 32`;
//! - integers are little-endian, a `bool` is one byte whose low bit is the value, and an
//!   `Option` is a `bool` followed by the value when it is `true`;
//! - a `Vec<T>` is a `true` byte before each element and a `false` byte after the last;
//! - a `String`, `&[u8]` or [`Bytes`](crate::text::Bytes) that is not the last field takes its
//!   length from the end of the data (one byte while at most 256 bytes remain, then two, then
//!   four) and its contents from the front;
//! - the last field of the input takes all remaining bytes.
//!
//! Missing bytes read as zeros, so variant 0, `false` and 0 need no bytes at the end.

/// Builds the bytes of one seed, field by field, in the order `arbitrary` reads them.
#[derive(Clone, Debug, Default)]
pub struct SeedWriter {
    front: Vec<u8>,
    /// For each length read from the end: the front offset where it is read, and the length.
    lengths: Vec<(usize, usize)>,
}

impl SeedWriter {
    /// Starts an empty seed.
    pub fn new() -> Self {
        Self::default()
    }

    /// Writes the choice of variant `index` of an enum with `count` variants.
    pub fn variant(&mut self, index: u32, count: u32) -> &mut Self {
        assert!(index < count, "variant {index} of {count}");
        let scaled = (u64::from(index) << 32).div_ceil(u64::from(count));
        let value = u32::try_from(scaled).expect("an index below the count scales below 2^32");
        self.front.extend_from_slice(&value.to_le_bytes());
        self
    }

    /// Writes a `u8`.
    pub fn byte(&mut self, value: u8) -> &mut Self {
        self.front.push(value);
        self
    }

    /// Writes a `bool`, the tag of an `Option`, or the continuation flag of a `Vec` element.
    pub fn flag(&mut self, value: bool) -> &mut Self {
        self.front.push(u8::from(value));
        self
    }

    /// Writes a `u64`.
    pub fn u64(&mut self, value: u64) -> &mut Self {
        self.front.extend_from_slice(&value.to_le_bytes());
        self
    }

    /// Writes an `i16`.
    pub fn i16(&mut self, value: i16) -> &mut Self {
        self.front.extend_from_slice(&value.to_le_bytes());
        self
    }

    /// Writes a `String` or byte string that is not the last field.
    pub fn sized(&mut self, bytes: &[u8]) -> &mut Self {
        self.lengths.push((self.front.len(), bytes.len()));
        self.front.extend_from_slice(bytes);
        self
    }

    /// Writes the last field, which takes all remaining bytes.
    pub fn rest(&mut self, bytes: &[u8]) -> &mut Self {
        self.front.extend_from_slice(bytes);
        self
    }

    /// Returns the seed bytes: the front, then the lengths in reverse order of reading.
    pub fn finish(&self) -> Vec<u8> {
        // The width of each length depends on how many bytes remain when it is read, which
        // depends on the widths of the lengths read after it. Widths only grow, so this ends.
        let mut widths = vec![1usize; self.lengths.len()];
        loop {
            let next: Vec<usize> = (0..self.lengths.len())
                .map(|index| length_width(self.remaining_at(index, &widths)))
                .collect();
            if next == widths {
                break;
            }
            widths = next;
        }

        let mut data = self.front.clone();
        for index in (0..self.lengths.len()).rev() {
            let (_, length) = self.lengths[index];
            let remaining = self.remaining_at(index, &widths);
            let max_length = remaining - widths[index];
            assert!(length <= max_length, "length {length} beyond {max_length}");
            // `arbitrary` reads only as many of the width's bytes as `max_length` needs, as a
            // big-endian number, and takes the value modulo `max_length + 1`.
            let used = (1..=widths[index])
                .find(|&bytes| bytes >= 8 || max_length >> (8 * bytes) == 0)
                .unwrap_or(widths[index]);
            let mut chunk = vec![0u8; widths[index]];
            for (position, byte) in chunk.iter_mut().take(used).enumerate() {
                *byte = (length >> (8 * (used - 1 - position))) as u8;
            }
            data.extend_from_slice(&chunk);
        }
        data
    }

    /// Returns how many bytes remain when length `index` is read.
    fn remaining_at(&self, index: usize, widths: &[usize]) -> usize {
        let (offset, _) = self.lengths[index];
        self.front.len() - offset + widths[index..].iter().sum::<usize>()
    }
}

/// Returns how many bytes `arbitrary` takes for a length when `remaining` bytes are left.
fn length_width(remaining: usize) -> usize {
    if remaining <= 256 {
        1
    } else if remaining <= 65_538 {
        2
    } else {
        4
    }
}

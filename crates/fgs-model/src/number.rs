//! Exact reading of JSON number literals as whole non-negative integers.
//!
//! Timestamps and counts are read from the literal text, never through a float, so that
//! `1588766718.0000001` is a fraction and `9007199254740993.0` is beyond 2^53, although both
//! round to a whole number as an `f64`.

/// The largest integer a JSON number can carry without loss in common parsers: 2^53.
pub const MAX_EXACT_INTEGER: u64 = 1 << 53;

/// The reason a JSON number literal is not a whole non-negative integer within 2^53.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum NotWhole {
    Negative,
    Fraction,
    TooLarge,
}

/// A whole number read from a literal, with whether the literal was a plain integer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct WholeNumber {
    pub value: u64,
    pub plain: bool,
}

/// Reads a JSON number literal that the JSON parser has already validated.
///
/// Grammar: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
pub(crate) fn read_whole(literal: &str) -> Result<WholeNumber, NotWhole> {
    let bytes = literal.as_bytes();
    let negative = bytes.first() == Some(&b'-');
    let unsigned = if negative { &bytes[1..] } else { bytes };

    let int_end = unsigned
        .iter()
        .position(|b| !b.is_ascii_digit())
        .unwrap_or(unsigned.len());
    let (int_digits, rest) = unsigned.split_at(int_end);

    let (frac_digits, rest) = match rest.split_first() {
        Some((b'.', after_dot)) => {
            let end = after_dot
                .iter()
                .position(|b| !b.is_ascii_digit())
                .unwrap_or(after_dot.len());
            after_dot.split_at(end)
        }
        _ => (&rest[..0], rest),
    };

    let exponent = match rest.split_first() {
        Some((b'e' | b'E', after_e)) => read_exponent(after_e),
        _ => 0,
    };
    let plain = frac_digits.is_empty() && rest.is_empty();

    // The value is (int_digits ++ frac_digits) * 10^(exponent - frac_digits.len()).
    let digits = int_digits.iter().chain(frac_digits.iter());
    let all_zero = int_digits
        .iter()
        .chain(frac_digits.iter())
        .all(|&b| b == b'0');
    if all_zero {
        return Ok(WholeNumber { value: 0, plain });
    }
    if negative {
        return Err(NotWhole::Negative);
    }

    let scale = exponent.saturating_sub(frac_digits.len() as i64);
    let digit_count = int_digits.len() + frac_digits.len();
    // Digits dropped by a negative scale must all be zero, or the number has a fraction.
    let kept = if scale < 0 {
        let dropped = usize::try_from(-scale).unwrap_or(usize::MAX);
        if dropped >= digit_count {
            return Err(NotWhole::Fraction);
        }
        let kept = digit_count - dropped;
        if !digits.clone().skip(kept).all(|&b| b == b'0') {
            return Err(NotWhole::Fraction);
        }
        kept
    } else {
        digit_count
    };

    let mut value: u64 = 0;
    for &digit in digits.take(kept) {
        value = value
            .checked_mul(10)
            .and_then(|v| v.checked_add(u64::from(digit - b'0')))
            .ok_or(NotWhole::TooLarge)?;
    }
    if scale > 0 {
        let factor = u32::try_from(scale)
            .ok()
            .and_then(|s| 10u64.checked_pow(s))
            .ok_or(NotWhole::TooLarge)?;
        value = value.checked_mul(factor).ok_or(NotWhole::TooLarge)?;
    }
    if value > MAX_EXACT_INTEGER {
        return Err(NotWhole::TooLarge);
    }
    Ok(WholeNumber { value, plain })
}

/// Reads `[+-]? [0-9]+`, saturating far beyond any exponent that could still give a value
/// within 2^53.
fn read_exponent(text: &[u8]) -> i64 {
    let (negative, digits) = match text.split_first() {
        Some((b'-', rest)) => (true, rest),
        Some((b'+', rest)) => (false, rest),
        _ => (false, text),
    };
    let mut value: i64 = 0;
    for &digit in digits {
        value = value
            .saturating_mul(10)
            .saturating_add(i64::from(digit - b'0'));
    }
    if negative {
        -value
    } else {
        value
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(literal: &str, expected: Result<(u64, bool), NotWhole>) {
        let got = read_whole(literal).map(|n| (n.value, n.plain));
        assert_eq!(got, expected, "literal {literal}");
    }

    #[test]
    fn whole_number_literals() {
        check("1597374286", Ok((1597374286, true)));
        check("0", Ok((0, true)));
        check("-0", Ok((0, true)));
        check("1588766718.0", Ok((1588766718, false)));
        check("1588766718.000", Ok((1588766718, false)));
        check("1.5887667e9", Ok((1588766700, false)));
        check("15887667180e-1", Ok((1588766718, false)));
        check("9007199254740992", Ok((MAX_EXACT_INTEGER, true)));
        check("9007199254740992.0", Ok((MAX_EXACT_INTEGER, false)));
        check("0.0e5", Ok((0, false)));
    }

    #[test]
    fn fractional_literals() {
        check("1588766718.5", Err(NotWhole::Fraction));
        check("1588766718.0000001", Err(NotWhole::Fraction));
        check("1e-1", Err(NotWhole::Fraction));
        check("12e-1", Err(NotWhole::Fraction));
        check("1e-99999999999999999999", Err(NotWhole::Fraction));
    }

    #[test]
    fn negative_literals() {
        check("-1", Err(NotWhole::Negative));
        check("-1597374286.0", Err(NotWhole::Negative));
    }

    #[test]
    fn literals_beyond_two_to_the_53() {
        check("9007199254740993", Err(NotWhole::TooLarge));
        check("9007199254740993.0", Err(NotWhole::TooLarge));
        check("1e16", Err(NotWhole::TooLarge));
        check("1e99999999999999999999", Err(NotWhole::TooLarge));
        check("184467440737095516160", Err(NotWhole::TooLarge));
    }
}

//! Function URNs, the `{function_urn}` path parameter of the test-event APIs.
//!
//! The grammar, with its short forms accepted as an API parameter:
//!
//! ```text
//! urn:fss:<region>:<project_id>:function:<package>:<function>[:<version>|:!<alias>]
//! <function>
//! <package>:<function>
//! <project_id>:<package>:<function>
//! <project_id>:<package>:<function>:<version>|!<alias>
//! ```
//!
//! A [`FunctionUrn`] stores the parsed text once, plus the byte range of each field, so the getters
//! borrow from it and printing returns exactly the text that was parsed.

use std::fmt;
use std::str::FromStr;

use serde::{Serialize, Serializer};

/// The maximum number of colon-separated fields (the full, qualified form).
const MAX_FIELDS: usize = 8;

/// A function URN in one of the six documented forms.
///
/// Equality and hashing compare the text, which determines every field.
///
/// # Examples
///
/// ```
/// use fgs_model::{FunctionUrn, Qualifier, UrnForm};
///
/// let text = "urn:fss:cn-north-4:7aad83af3e8d42e99ac194e8419e2c9b:function:default:test:!dev";
/// let urn: FunctionUrn = text.parse()?;
/// assert_eq!(urn.form(), UrnForm::Qualified);
/// assert_eq!(urn.region(), Some("cn-north-4"));
/// assert_eq!(urn.function(), "test");
/// assert_eq!(urn.qualifier(), Some(Qualifier::Alias("dev")));
/// assert_eq!(urn.to_string(), text);
/// # Ok::<(), fgs_model::UrnError>(())
/// ```
#[derive(Clone)]
pub struct FunctionUrn {
    text: Box<str>,
    form: UrnForm,
    region: Option<Span>,
    project_id: Option<Span>,
    package: Option<Span>,
    function: Span,
    qualifier: Option<Span>,
}

/// The shape of a function URN, named by the fields it carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum UrnForm {
    /// `<function>` (the package is implicitly `default` and the version `latest`).
    Name,
    /// `<package>:<function>`.
    PackageName,
    /// `<project_id>:<package>:<function>`.
    ProjectPackageName,
    /// `<project_id>:<package>:<function>:<version or !alias>`.
    ProjectPackageNameQualifier,
    /// `urn:fss:<region>:<project_id>:function:<package>:<function>` (version `latest`).
    Unqualified,
    /// `urn:fss:<region>:<project_id>:function:<package>:<function>:<version or !alias>`.
    Qualified,
}

/// The last field of a qualified URN: a version, or an alias written with a leading `!`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "kind", content = "value", rename_all = "lowercase")]
pub enum Qualifier<'a> {
    /// A version name: `latest` or a published version such as `v20170830-181539`.
    Version(&'a str),
    /// An alias name, without the leading `!`.
    Alias(&'a str),
}

/// The fields of a [`FunctionUrn`], serialized as the JSON object
/// `{"region","project_id","package","function","qualifier","form"}` with `null` for absent parts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct UrnParts<'a> {
    /// The region (project name), in the 7- and 8-field forms.
    pub region: Option<&'a str>,
    /// The project id, in every form of 3 or more fields.
    pub project_id: Option<&'a str>,
    /// The package, absent in the 1-field form.
    pub package: Option<&'a str>,
    /// The function name.
    pub function: &'a str,
    /// The version or alias, serialized as `{"kind": "version" | "alias", "value": ...}`.
    pub qualifier: Option<Qualifier<'a>>,
    /// The form, serialized with [`UrnForm::as_str`].
    pub form: UrnForm,
}

/// The role of a URN field, as named in errors.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum UrnField {
    /// Field 1 of the 7- and 8-field forms, exactly `urn`.
    LiteralUrn,
    /// Field 2 of the 7- and 8-field forms, exactly `fss`.
    LiteralFss,
    /// Field 5 of the 7- and 8-field forms, exactly `function`.
    LiteralFunction,
    /// The region (project name) field.
    Region,
    /// The project id field.
    ProjectId,
    /// The package field.
    Package,
    /// The function name field.
    Function,
    /// The version or `!alias` field.
    Qualifier,
}

/// An error from [`FunctionUrn::parse`]: which field broke which rule, and where.
///
/// Display prints the text, the field and the rule, for example
/// ``invalid function URN `a:b:c:d:e`: expected 1, 2, 3, 4, 7 or 8 colon-separated fields, found 5``.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub struct UrnError {
    text: String,
    offset: usize,
    location: Option<FieldLocation>,
    rule: Rule,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct FieldLocation {
    field: UrnField,
    position: usize,
    span: Span,
}

/// The rule a URN broke. Messages show the offending field through `UrnError`'s Display.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Rule {
    EmptyInput,
    FieldCount {
        found: usize,
    },
    EmptyField,
    Literal {
        expected: &'static str,
    },
    ProjectId,
    InvalidCharacter {
        noun: &'static str,
        charset: &'static str,
        found: char,
    },
    TooLong {
        noun: &'static str,
        max: usize,
        found: usize,
    },
    FirstCharacter {
        noun: &'static str,
        expected: &'static str,
    },
    LastCharacter {
        noun: &'static str,
    },
    BareAlias,
}

/// A byte range of the URN text. Both ends sit at a `:` or at an end of the text, so slicing
/// with them always lands on a character boundary.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
struct Span {
    start: usize,
    end: usize,
}

impl Span {
    fn of(self, text: &str) -> &str {
        &text[self.start..self.end]
    }
}

/// The character rules of a name-like field.
struct NameRule {
    noun: &'static str,
    max: usize,
    allow_dot: bool,
    first_letter: bool,
    last_alphanumeric: bool,
}

// NOTE: the documentation fixes no rule for the region field, which is the project name, such as
// `cn-north-4` or a sub-project `cn-north-4_sub`. This rule accepts the names seen in examples,
// including masked ones like `xxxxxxxxx`, and rejects placeholders like `{region}`.
const REGION: NameRule = NameRule {
    noun: "a region",
    max: 64,
    allow_dot: false,
    first_letter: true,
    last_alphanumeric: false,
};

// NOTE: the documentation fixes no rule for package (application) names, only the error
// FSS.1027 "Invalid packageName". This rule is the function-name charset with a 64-character limit.
const PACKAGE: NameRule = NameRule {
    noun: "a package name",
    max: 64,
    allow_dot: false,
    first_letter: true,
    last_alphanumeric: false,
};

/// Function names: 1 to 60 characters, starting with a letter and ending with a letter or digit.
const FUNCTION: NameRule = NameRule {
    noun: "a function name",
    max: 60,
    allow_dot: false,
    first_letter: true,
    last_alphanumeric: true,
};

/// Alias names: 1 to 64 characters, starting with a letter and ending with a letter or digit.
const ALIAS: NameRule = NameRule {
    noun: "an alias",
    max: 64,
    allow_dot: false,
    first_letter: true,
    last_alphanumeric: true,
};

// NOTE: the documentation gives only `latest` and the automatic `vYYYYMMDD-HHMMSS` names. Rules
// for user-chosen version names are unconfirmed, so this accepts 1 to 64 letters, digits, `-`,
// `_` and `.`, starting and ending with a letter or digit.
const VERSION: NameRule = NameRule {
    noun: "a version",
    max: 64,
    allow_dot: true,
    first_letter: false,
    last_alphanumeric: true,
};

impl FunctionUrn {
    /// Parses a function URN in any of the six documented forms.
    ///
    /// Parsing makes one allocation, for the stored text.
    ///
    /// # Errors
    ///
    /// Returns a [`UrnError`] when the text is empty, when it has a field count other than
    /// 1, 2, 3, 4, 7 or 8, or when a field is empty or breaks its rule. The error names the
    /// field, its 1-based position and its byte offset.
    pub fn parse(text: &str) -> Result<Self, UrnError> {
        if text.is_empty() {
            return Err(UrnError::new(text, 0, None, Rule::EmptyInput));
        }

        let (fields, count) = split_fields(text)?;

        let Some((form, roles)) = layout(count) else {
            let rule = Rule::FieldCount { found: count };
            return Err(UrnError::new(text, 0, None, rule));
        };

        let mut region = None;
        let mut project_id = None;
        let mut package = None;
        let mut function = Span { start: 0, end: 0 };
        let mut qualifier = None;
        for (index, (&field, scanned)) in roles.iter().zip(&fields).enumerate() {
            let span = scanned.span;
            let value = span.of(text);
            // The exact check runs only when the byte classes cannot prove the field valid,
            // so it alone decides which rule a field broke.
            if !is_valid_by_classes(field, value, scanned.classes) {
                if let Err(rule) = check_field(field, value) {
                    let location = FieldLocation {
                        field,
                        position: index + 1,
                        span,
                    };
                    return Err(UrnError::new(text, span.start, Some(location), rule));
                }
            }
            match field {
                UrnField::Region => region = Some(span),
                UrnField::ProjectId => project_id = Some(span),
                UrnField::Package => package = Some(span),
                UrnField::Function => function = span,
                UrnField::Qualifier => qualifier = Some(span),
                UrnField::LiteralUrn | UrnField::LiteralFss | UrnField::LiteralFunction => {}
            }
        }

        Ok(FunctionUrn {
            text: Box::from(text),
            form,
            region,
            project_id,
            package,
            function,
            qualifier,
        })
    }

    /// Returns the text exactly as parsed.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Returns the form, from the number of fields.
    pub fn form(&self) -> UrnForm {
        self.form
    }

    /// Returns the region (project name), present in the 7- and 8-field forms.
    pub fn region(&self) -> Option<&str> {
        self.region.map(|span| span.of(&self.text))
    }

    /// Returns the project id, present in the 3-, 4-, 7- and 8-field forms.
    pub fn project_id(&self) -> Option<&str> {
        self.project_id.map(|span| span.of(&self.text))
    }

    /// Returns the package, absent in the 1-field form (where the service assumes `default`).
    pub fn package(&self) -> Option<&str> {
        self.package.map(|span| span.of(&self.text))
    }

    /// Returns the function name.
    pub fn function(&self) -> &str {
        self.function.of(&self.text)
    }

    /// Returns the version or alias, present in the 4- and 8-field forms.
    pub fn qualifier(&self) -> Option<Qualifier<'_>> {
        let value = self.qualifier?.of(&self.text);
        Some(match value.strip_prefix('!') {
            Some(alias) => Qualifier::Alias(alias),
            None => Qualifier::Version(value),
        })
    }

    /// Returns every field, for the JSON form of a URN.
    ///
    /// # Examples
    ///
    /// ```
    /// let urn = fgs_model::FunctionUrn::parse("default:test")?;
    /// let json = serde_json::to_string(&urn.parts()).unwrap();
    /// assert_eq!(
    ///     json,
    ///     r#"{"region":null,"project_id":null,"package":"default","function":"test","qualifier":null,"form":"package-name"}"#,
    /// );
    /// # Ok::<(), fgs_model::UrnError>(())
    /// ```
    pub fn parts(&self) -> UrnParts<'_> {
        UrnParts {
            region: self.region(),
            project_id: self.project_id(),
            package: self.package(),
            function: self.function(),
            qualifier: self.qualifier(),
            form: self.form,
        }
    }
}

/// A field found by [`split_fields`]: its span and the union of the classes of its bytes.
#[derive(Clone, Copy)]
struct ScannedField {
    span: Span,
    classes: u8,
}

/// Byte class of ASCII letters and digits.
const ALPHANUMERIC: u8 = 1;
/// Byte class of `-` and `_`.
const NAME_PUNCTUATION: u8 = 2;
/// Byte class of `.`.
const DOT: u8 = 4;
/// Byte class of every other byte, including `!` and the bytes of non-ASCII characters.
const OTHER: u8 = 8;

const BYTE_CLASSES: [u8; 256] = {
    let mut table = [OTHER; 256];
    let mut byte = 0;
    while byte < 256 {
        let b = byte as u8;
        if b.is_ascii_alphanumeric() {
            table[byte] = ALPHANUMERIC;
        } else if b == b'-' || b == b'_' {
            table[byte] = NAME_PUNCTUATION;
        } else if b == b'.' {
            table[byte] = DOT;
        }
        byte += 1;
    }
    table
};

/// Splits the text at each `:` into at most [`MAX_FIELDS`] fields, classifying every byte in
/// the same pass.
fn split_fields(text: &str) -> Result<([ScannedField; MAX_FIELDS], usize), UrnError> {
    let empty = ScannedField {
        span: Span { start: 0, end: 0 },
        classes: 0,
    };
    let mut fields = [empty; MAX_FIELDS];
    let mut count = 0;
    let mut start = 0;
    let mut classes = 0;

    for (index, &byte) in text.as_bytes().iter().enumerate() {
        if byte != b':' {
            classes |= BYTE_CLASSES[usize::from(byte)];
            continue;
        }
        if count == MAX_FIELDS - 1 {
            // This colon starts a ninth field: report the total and where the excess begins.
            let colons_from_here = text.as_bytes()[index..]
                .iter()
                .filter(|&&byte| byte == b':')
                .count();
            let rule = Rule::FieldCount {
                found: MAX_FIELDS + colons_from_here,
            };
            return Err(UrnError::new(text, index + 1, None, rule));
        }
        fields[count] = ScannedField {
            span: Span { start, end: index },
            classes,
        };
        count += 1;
        start = index + 1;
        classes = 0;
    }

    fields[count] = ScannedField {
        span: Span {
            start,
            end: text.len(),
        },
        classes,
    };
    Ok((fields, count + 1))
}

/// Returns true when the byte classes and the first and last bytes prove a field valid.
///
/// A false result does not mean invalid: aliases (whose `!` is in [`OTHER`]) and every invalid
/// field go through [`check_field`], which names the broken rule.
fn is_valid_by_classes(field: UrnField, value: &str, classes: u8) -> bool {
    let bytes = value.as_bytes();
    let (Some(&first), Some(&last)) = (bytes.first(), bytes.last()) else {
        return false;
    };
    let is_name = |rule: &NameRule| {
        let allowed = if rule.allow_dot {
            ALPHANUMERIC | NAME_PUNCTUATION | DOT
        } else {
            ALPHANUMERIC | NAME_PUNCTUATION
        };
        let first_ok = if rule.first_letter {
            first.is_ascii_alphabetic()
        } else {
            first.is_ascii_alphanumeric()
        };
        classes & !allowed == 0
            && bytes.len() <= rule.max
            && first_ok
            && (!rule.last_alphanumeric || last.is_ascii_alphanumeric())
    };
    match field {
        UrnField::LiteralUrn => value == "urn",
        UrnField::LiteralFss => value == "fss",
        UrnField::LiteralFunction => value == "function",
        UrnField::Region => is_name(&REGION),
        UrnField::ProjectId => bytes.len() == 32 && classes == ALPHANUMERIC,
        UrnField::Package => is_name(&PACKAGE),
        UrnField::Function => is_name(&FUNCTION),
        UrnField::Qualifier => is_name(&VERSION),
    }
}

/// Returns the form and the role of each field for a field count, or `None` for an invalid count.
fn layout(count: usize) -> Option<(UrnForm, &'static [UrnField])> {
    use UrnField::*;
    let layout: (UrnForm, &'static [UrnField]) = match count {
        1 => (UrnForm::Name, &[Function]),
        2 => (UrnForm::PackageName, &[Package, Function]),
        3 => (UrnForm::ProjectPackageName, &[ProjectId, Package, Function]),
        4 => (
            UrnForm::ProjectPackageNameQualifier,
            &[ProjectId, Package, Function, Qualifier],
        ),
        7 => (
            UrnForm::Unqualified,
            &[
                LiteralUrn,
                LiteralFss,
                Region,
                ProjectId,
                LiteralFunction,
                Package,
                Function,
            ],
        ),
        8 => (
            UrnForm::Qualified,
            &[
                LiteralUrn,
                LiteralFss,
                Region,
                ProjectId,
                LiteralFunction,
                Package,
                Function,
                Qualifier,
            ],
        ),
        _ => return None,
    };
    Some(layout)
}

fn check_field(field: UrnField, value: &str) -> Result<(), Rule> {
    if value.is_empty() {
        return Err(Rule::EmptyField);
    }
    match field {
        UrnField::LiteralUrn => check_literal(value, "urn"),
        UrnField::LiteralFss => check_literal(value, "fss"),
        UrnField::LiteralFunction => check_literal(value, "function"),
        UrnField::Region => check_name(value, &REGION),
        UrnField::ProjectId => check_project_id(value),
        UrnField::Package => check_name(value, &PACKAGE),
        UrnField::Function => check_name(value, &FUNCTION),
        UrnField::Qualifier => match value.strip_prefix('!') {
            Some("") => Err(Rule::BareAlias),
            Some(alias) => check_name(alias, &ALIAS),
            None => check_name(value, &VERSION),
        },
    }
}

fn check_literal(value: &str, expected: &'static str) -> Result<(), Rule> {
    if value == expected {
        Ok(())
    } else {
        Err(Rule::Literal { expected })
    }
}

/// Checks a project id: exactly 32 ASCII letters or digits.
pub(crate) fn is_project_id(value: &str) -> bool {
    value.len() == 32 && value.bytes().all(|byte| byte.is_ascii_alphanumeric())
}

fn check_project_id(value: &str) -> Result<(), Rule> {
    if is_project_id(value) {
        Ok(())
    } else {
        Err(Rule::ProjectId)
    }
}

/// Checks a non-empty name against its charset, length, first and last character rules.
fn check_name(value: &str, rule: &NameRule) -> Result<(), Rule> {
    let (allowed, charset) = if rule.allow_dot {
        (
            ALPHANUMERIC | NAME_PUNCTUATION | DOT,
            "letters, digits, `-`, `_` or `.`",
        )
    } else {
        (
            ALPHANUMERIC | NAME_PUNCTUATION,
            "letters, digits, `-` or `_`",
        )
    };
    let is_allowed = |byte: u8| BYTE_CLASSES[usize::from(byte)] & !allowed == 0;
    if let Some(index) = value.bytes().position(|byte| !is_allowed(byte)) {
        // Every byte before `index` is ASCII, so `index` starts a character.
        let found = value[index..].chars().next().unwrap_or_default();
        return Err(Rule::InvalidCharacter {
            noun: rule.noun,
            charset,
            found,
        });
    }

    // Every character is ASCII from here on, so the byte length is the character count.
    let bytes = value.as_bytes();
    if bytes.len() > rule.max {
        return Err(Rule::TooLong {
            noun: rule.noun,
            max: rule.max,
            found: bytes.len(),
        });
    }

    let first = bytes[0];
    if rule.first_letter && !first.is_ascii_alphabetic() {
        return Err(Rule::FirstCharacter {
            noun: rule.noun,
            expected: "a letter",
        });
    }
    if !first.is_ascii_alphanumeric() {
        return Err(Rule::FirstCharacter {
            noun: rule.noun,
            expected: "a letter or digit",
        });
    }

    let last = bytes[bytes.len() - 1];
    if rule.last_alphanumeric && !last.is_ascii_alphanumeric() {
        return Err(Rule::LastCharacter { noun: rule.noun });
    }
    Ok(())
}

impl FromStr for FunctionUrn {
    type Err = UrnError;

    fn from_str(text: &str) -> Result<Self, UrnError> {
        Self::parse(text)
    }
}

impl fmt::Display for FunctionUrn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl fmt::Debug for FunctionUrn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("FunctionUrn").field(&self.text).finish()
    }
}

impl AsRef<str> for FunctionUrn {
    fn as_ref(&self) -> &str {
        &self.text
    }
}

impl PartialEq for FunctionUrn {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text
    }
}

impl Eq for FunctionUrn {}

impl std::hash::Hash for FunctionUrn {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.text.hash(state);
    }
}

/// Serializes as the URN text.
impl Serialize for FunctionUrn {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

impl UrnForm {
    /// Returns the form's name in kebab case, as in the JSON form of a URN.
    pub fn as_str(self) -> &'static str {
        match self {
            UrnForm::Name => "name",
            UrnForm::PackageName => "package-name",
            UrnForm::ProjectPackageName => "project-package-name",
            UrnForm::ProjectPackageNameQualifier => "project-package-name-qualifier",
            UrnForm::Unqualified => "unqualified",
            UrnForm::Qualified => "qualified",
        }
    }
}

impl fmt::Display for UrnForm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for UrnForm {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'a> Qualifier<'a> {
    /// Returns the version or alias name, without the `!` of an alias.
    pub fn name(self) -> &'a str {
        match self {
            Qualifier::Version(name) | Qualifier::Alias(name) => name,
        }
    }
}

/// Prints the qualifier as it appears in a URN: `latest`, or `!dev` for an alias.
impl fmt::Display for Qualifier<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Qualifier::Version(name) => f.write_str(name),
            Qualifier::Alias(name) => write!(f, "!{name}"),
        }
    }
}

impl UrnField {
    /// Returns the field's name as used in error messages, such as `project id`.
    pub fn as_str(self) -> &'static str {
        match self {
            UrnField::LiteralUrn => "literal `urn`",
            UrnField::LiteralFss => "literal `fss`",
            UrnField::LiteralFunction => "literal `function`",
            UrnField::Region => "region",
            UrnField::ProjectId => "project id",
            UrnField::Package => "package",
            UrnField::Function => "function name",
            UrnField::Qualifier => "version or alias",
        }
    }

    /// Returns what an empty field of this role should have held, for error messages.
    fn expected(self) -> &'static str {
        match self {
            UrnField::LiteralUrn => "`urn`",
            UrnField::LiteralFss => "`fss`",
            UrnField::LiteralFunction => "`function`",
            UrnField::Region => "a region",
            UrnField::ProjectId => "a project id",
            UrnField::Package => "a package name",
            UrnField::Function => "a function name",
            UrnField::Qualifier => "a version or `!alias`",
        }
    }
}

impl fmt::Display for UrnField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl UrnError {
    fn new(text: &str, offset: usize, location: Option<FieldLocation>, rule: Rule) -> Self {
        UrnError {
            text: text.to_owned(),
            offset,
            location,
            rule,
        }
    }

    /// Returns the field that broke a rule, or `None` when the text is empty or has an invalid
    /// field count.
    pub fn field(&self) -> Option<UrnField> {
        self.location.map(|location| location.field)
    }

    /// Returns the 1-based position of the field that broke a rule, or `None` when the text is
    /// empty or has an invalid field count.
    pub fn position(&self) -> Option<usize> {
        self.location.map(|location| location.position)
    }

    /// Returns the byte offset of the error: the start of the offending field, the start of the
    /// ninth field when there are too many, or 0 for an empty text or a count of 5 or 6 fields.
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// Returns the text that failed to parse.
    pub fn text(&self) -> &str {
        &self.text
    }
}

impl fmt::Display for UrnError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.rule == Rule::EmptyInput {
            return f.write_str(
                "invalid function URN: expected a function name or URN, found an empty string",
            );
        }
        write!(f, "invalid function URN `{}`: ", Escaped(&self.text))?;
        let Some(location) = self.location else {
            if let Rule::FieldCount { found } = self.rule {
                write!(
                    f,
                    "expected 1, 2, 3, 4, 7 or 8 colon-separated fields, found {found}"
                )?;
            }
            return Ok(());
        };

        let value = Escaped(location.span.of(&self.text));
        write!(
            f,
            "field {} ({}) at byte {}: ",
            location.position, location.field, self.offset
        )?;
        match self.rule {
            Rule::EmptyInput | Rule::FieldCount { .. } => Ok(()),
            Rule::EmptyField => write!(
                f,
                "expected {}, found an empty field",
                location.field.expected()
            ),
            Rule::Literal { expected } => write!(f, "expected `{expected}`, found `{value}`"),
            Rule::ProjectId => write!(f, "expected 32 letters or digits, found `{value}`"),
            Rule::InvalidCharacter {
                noun,
                charset,
                found,
            } => write!(
                f,
                "expected {noun} of {charset}, found `{}` in `{value}`",
                Escaped(found.encode_utf8(&mut [0; 4]))
            ),
            Rule::TooLong { noun, max, found } => write!(
                f,
                "expected {noun} of at most {max} characters, found {found} in `{value}`"
            ),
            Rule::FirstCharacter { noun, expected } => {
                write!(
                    f,
                    "expected {noun} starting with {expected}, found `{value}`"
                )
            }
            Rule::LastCharacter { noun } => write!(
                f,
                "expected {noun} ending with a letter or digit, found `{value}`"
            ),
            Rule::BareAlias => write!(f, "expected an alias name after `!`, found `{value}`"),
        }
    }
}

/// Displays text with control characters escaped (`\n`, `\u{7}`), so a message stays on one line.
pub(crate) struct Escaped<'a>(pub(crate) &'a str);

impl fmt::Display for Escaped<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for c in self.0.chars() {
            if c.is_control() {
                write!(f, "{}", c.escape_default())?;
            } else {
                fmt::Write::write_char(f, c)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    const PROJECT: &str = "7aad83af3e8d42e99ac194e8419e2c9b";

    /// The expected fields: region, project id, package, function and qualifier.
    type Fields<'a> = (
        Option<&'a str>,
        Option<&'a str>,
        Option<&'a str>,
        &'a str,
        Option<Qualifier<'a>>,
    );

    #[track_caller]
    fn check(input: &str, form: UrnForm, fields: Fields<'_>) {
        let urn = FunctionUrn::parse(input).unwrap_or_else(|error| panic!("{error}"));
        let (region, project_id, package, function, qualifier) = fields;
        assert_eq!(urn.form(), form, "form of {input}");
        assert_eq!(urn.region(), region, "region of {input}");
        assert_eq!(urn.project_id(), project_id, "project id of {input}");
        assert_eq!(urn.package(), package, "package of {input}");
        assert_eq!(urn.function(), function, "function of {input}");
        assert_eq!(urn.qualifier(), qualifier, "qualifier of {input}");
        assert_eq!(urn.as_str(), input);
        assert_eq!(urn.to_string(), input);
    }

    /// Checks that `input` is rejected for `field` at `position` and byte `offset`, with a message
    /// containing `rule`.
    #[track_caller]
    fn check_err(
        input: &str,
        field: Option<UrnField>,
        position: Option<usize>,
        offset: usize,
        rule: &str,
    ) {
        let error = match FunctionUrn::parse(input) {
            Ok(urn) => panic!("`{input}` parsed as {urn:?}, expected an error"),
            Err(error) => error,
        };
        let message = error.to_string();
        assert_eq!(error.field(), field, "field in: {message}");
        assert_eq!(error.position(), position, "position in: {message}");
        assert_eq!(error.offset(), offset, "offset in: {message}");
        assert!(message.contains(rule), "`{rule}` not in: {message}");
    }

    fn version(name: &str) -> Option<Qualifier<'_>> {
        Some(Qualifier::Version(name))
    }

    fn alias(name: &str) -> Option<Qualifier<'_>> {
        Some(Qualifier::Alias(name))
    }

    #[test]
    #[rustfmt::skip]
    fn urn_documented_examples_parse() {
        use UrnForm::{Qualified, Unqualified};
        let p = Some(PROJECT);
        check("urn:fss:xxxxxxxxx:7aad83af3e8d42e99ac194e8419e2c9b:function:default:test", Unqualified, (Some("xxxxxxxxx"), p, Some("default"), "test", None));
        check("urn:fss:xxxxxxxxxxx:7aad83af3e8d42e99ac194e8419e2c9b:function:default:test:latest", Qualified, (Some("xxxxxxxxxxx"), p, Some("default"), "test", version("latest")));
        check("urn:fss:cn-north-4:35f6ceaa17ca4c239538265a0f823423:function:Acception:testnodejs12:latest", Qualified, (Some("cn-north-4"), Some("35f6ceaa17ca4c239538265a0f823423"), Some("Acception"), "testnodejs12", version("latest")));
        check("urn:fss:xxxxxxxx:7aad83af3e8d42e99ac194e8419e2c9b:function:default:test:!dev", Qualified, (Some("xxxxxxxx"), p, Some("default"), "test", alias("dev")));
        check("urn:fss:xxxxxxxx:7aad83af3e8d42e99ac194e8419e2c9b:function:default:test:v20170830-181539", Qualified, (Some("xxxxxxxx"), p, Some("default"), "test", version("v20170830-181539")));
    }

    #[test]
    #[rustfmt::skip]
    fn urn_documented_placeholders_rejected() {
        use UrnField::Region;
        check_err("urn:fss:{region}:46b6f338fc3445b8846c71dfb1fbxxxx:function:csharp:test2-0:latest", Some(Region), Some(3), 8, "expected a region of letters, digits, `-` or `_`, found `{` in `{region}`");
        check_err("urn:fss:{project_name}:{project_id}:function:default:get_html:latest", Some(Region), Some(3), 8, "found `{` in `{project_name}`");
    }

    #[test]
    fn urn_placeholder_example_with_region_filled() {
        check(
            "urn:fss:cn-north-4:46b6f338fc3445b8846c71dfb1fbxxxx:function:csharp:test2-0:latest",
            UrnForm::Qualified,
            (
                Some("cn-north-4"),
                Some("46b6f338fc3445b8846c71dfb1fbxxxx"),
                Some("csharp"),
                "test2-0",
                version("latest"),
            ),
        );
    }

    #[test]
    #[rustfmt::skip]
    fn urn_every_form_parses() {
        use UrnForm::*;
        let p = Some(PROJECT);
        check("test", Name, (None, None, None, "test", None));
        check("pkg:test", PackageName, (None, None, Some("pkg"), "test", None));
        check("7aad83af3e8d42e99ac194e8419e2c9b:pkg:test", ProjectPackageName, (None, p, Some("pkg"), "test", None));
        check("7aad83af3e8d42e99ac194e8419e2c9b:pkg:test:latest", ProjectPackageNameQualifier, (None, p, Some("pkg"), "test", version("latest")));
        check("7aad83af3e8d42e99ac194e8419e2c9b:pkg:test:!prod", ProjectPackageNameQualifier, (None, p, Some("pkg"), "test", alias("prod")));
        check("urn:fss:cn-north-4_sub:7aad83af3e8d42e99ac194e8419e2c9b:function:pkg:test", Unqualified, (Some("cn-north-4_sub"), p, Some("pkg"), "test", None));
    }

    #[test]
    #[rustfmt::skip]
    fn urn_accepted_field_values() {
        use UrnForm::*;
        let p = Some(PROJECT);
        let q = |qualifier: &str| format!("{PROJECT}:default:f:{qualifier}");
        check("a", Name, (None, None, None, "a", None));
        check("f-1_x", Name, (None, None, None, "f-1_x", None));
        check(&"f".repeat(60), Name, (None, None, None, &"f".repeat(60), None));
        check(&q("1.0.2"), ProjectPackageNameQualifier, (None, p, Some("default"), "f", version("1.0.2")));
        check(&q("7"), ProjectPackageNameQualifier, (None, p, Some("default"), "f", version("7")));
        check(&q(&"v".repeat(64)), ProjectPackageNameQualifier, (None, p, Some("default"), "f", version(&"v".repeat(64))));
        check(&q("!a"), ProjectPackageNameQualifier, (None, p, Some("default"), "f", alias("a")));
        check(&q(&format!("!{}", "a".repeat(64))), ProjectPackageNameQualifier, (None, p, Some("default"), "f", alias(&"a".repeat(64))));
        check("pkg-_:f", PackageName, (None, None, Some("pkg-_"), "f", None));
        check(&format!("{}:f", "p".repeat(64)), PackageName, (None, None, Some(&"p".repeat(64)), "f", None));
        check(&format!("urn:fss:{}:{PROJECT}:function:default:f", "r".repeat(64)), Unqualified, (Some(&"r".repeat(64)), p, Some("default"), "f", None));
        check("urn:fss:r-:ABCDEFGHIJKLMNOPQRSTUVWXYZ012345:function:default:f", Unqualified, (Some("r-"), Some("ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"), Some("default"), "f", None));
    }

    #[test]
    #[rustfmt::skip]
    fn urn_field_count_and_empty_errors() {
        use UrnField::*;
        check_err("", None, None, 0, "found an empty string");
        check_err("a:b:c:d:e", None, None, 0, "expected 1, 2, 3, 4, 7 or 8 colon-separated fields, found 5");
        check_err("a:b:c:d:e:f", None, None, 0, "found 6");
        check_err("a:b:c:d:e:f:g:h:i", None, None, 16, "found 9");
        check_err("a:b:c:d:e:f:g:h:i:j:k", None, None, 16, "found 11");
        check_err(":", Some(Package), Some(1), 0, "expected a package name, found an empty field");
        check_err("pkg:", Some(Function), Some(2), 4, "expected a function name, found an empty field");
        check_err(&format!("{PROJECT}:pkg:f:"), Some(Qualifier), Some(4), 39, "expected a version or `!alias`, found an empty field");
        check_err(&format!("::fss:x:{PROJECT}:function:p:f"), Some(LiteralUrn), Some(1), 0, "expected `urn`, found an empty field");
        check_err(&format!("urn:fss::{PROJECT}:function:p:f"), Some(Region), Some(3), 8, "expected a region, found an empty field");
        check_err("urn:fss:r::function:p:f", Some(ProjectId), Some(4), 10, "expected a project id, found an empty field");
    }

    #[test]
    #[rustfmt::skip]
    fn urn_literal_field_errors() {
        use UrnField::*;
        let tail = format!("{PROJECT}:function:p:f");
        check_err(&format!("URN:fss:r:{tail}"), Some(LiteralUrn), Some(1), 0, "field 1 (literal `urn`) at byte 0: expected `urn`, found `URN`");
        check_err(&format!("urn:FSS:r:{tail}"), Some(LiteralFss), Some(2), 4, "expected `fss`, found `FSS`");
        check_err(&format!("urn:fs:r:{tail}"), Some(LiteralFss), Some(2), 4, "expected `fss`, found `fs`");
        check_err(&format!("urn:fss:r:{PROJECT}:Function:p:f"), Some(LiteralFunction), Some(5), 43, "expected `function`, found `Function`");
        check_err(&format!("urn:fss:r:{PROJECT}:func:p:f:latest"), Some(LiteralFunction), Some(5), 43, "found `func`");
    }

    #[test]
    #[rustfmt::skip]
    fn urn_region_errors() {
        use UrnField::Region;
        let urn = |region: &str| format!("urn:fss:{region}:{PROJECT}:function:p:f");
        check_err(&urn("4cn"), Some(Region), Some(3), 8, "expected a region starting with a letter, found `4cn`");
        check_err(&urn("-cn"), Some(Region), Some(3), 8, "starting with a letter");
        check_err(&urn("cn.north"), Some(Region), Some(3), 8, "found `.` in `cn.north`");
        check_err(&urn("cn north"), Some(Region), Some(3), 8, "found ` ` in `cn north`");
        check_err(&urn(&"r".repeat(65)), Some(Region), Some(3), 8, "expected a region of at most 64 characters, found 65");
    }

    #[test]
    #[rustfmt::skip]
    fn urn_project_id_errors() {
        use UrnField::ProjectId;
        let short = &PROJECT[..31];
        check_err(&format!("urn:fss:xxxxxxxx:{short}:function:p:f"), Some(ProjectId), Some(4), 17, "field 4 (project id) at byte 17: expected 32 letters or digits, found `7aad83af3e8d42e99ac194e8419e2c9`");
        check_err(&format!("urn:fss:r:{PROJECT}0:function:p:f"), Some(ProjectId), Some(4), 10, "expected 32 letters or digits");
        check_err(&format!("urn:fss:r:{}-:function:p:f", &PROJECT[..31]), Some(ProjectId), Some(4), 10, "expected 32 letters or digits");
        check_err("abc:pkg:f", Some(ProjectId), Some(1), 0, "field 1 (project id) at byte 0: expected 32 letters or digits, found `abc`");
        check_err(&format!("{}é:p:f", &PROJECT[..30]), Some(ProjectId), Some(1), 0, "expected 32 letters or digits");
    }

    #[test]
    #[rustfmt::skip]
    fn urn_package_errors() {
        use UrnField::Package;
        check_err("1pkg:f", Some(Package), Some(1), 0, "expected a package name starting with a letter, found `1pkg`");
        check_err("_pkg:f", Some(Package), Some(1), 0, "starting with a letter");
        check_err("pk.g:f", Some(Package), Some(1), 0, "found `.` in `pk.g`");
        check_err(&format!("{}:f", "p".repeat(65)), Some(Package), Some(1), 0, "expected a package name of at most 64 characters, found 65");
        check_err(&format!("{PROJECT}:p/q:f"), Some(Package), Some(2), 33, "found `/` in `p/q`");
    }

    #[test]
    #[rustfmt::skip]
    fn urn_function_name_errors() {
        use UrnField::Function;
        check_err("1test", Some(Function), Some(1), 0, "expected a function name starting with a letter, found `1test`");
        check_err("-test", Some(Function), Some(1), 0, "starting with a letter");
        check_err("test-", Some(Function), Some(1), 0, "expected a function name ending with a letter or digit, found `test-`");
        check_err("test_", Some(Function), Some(1), 0, "ending with a letter or digit");
        check_err("te.st", Some(Function), Some(1), 0, "expected a function name of letters, digits, `-` or `_`, found `.` in `te.st`");
        check_err("tést", Some(Function), Some(1), 0, "found `é` in `tést`");
        check_err("te\nst", Some(Function), Some(1), 0, "found `\\n` in `te\\nst`");
        check_err(&"f".repeat(61), Some(Function), Some(1), 0, "expected a function name of at most 60 characters, found 61");
        check_err("pkg:te st", Some(Function), Some(2), 4, "found ` ` in `te st`");
    }

    #[test]
    #[rustfmt::skip]
    fn urn_alias_errors() {
        use UrnField::Qualifier;
        let urn = |qualifier: &str| format!("urn:fss:r:{PROJECT}:function:p:f:{qualifier}");
        check_err(&urn("!"), Some(Qualifier), Some(8), 56, "expected an alias name after `!`, found `!`");
        check_err(&urn("!1dev"), Some(Qualifier), Some(8), 56, "expected an alias starting with a letter, found `!1dev`");
        check_err(&urn("!dev-"), Some(Qualifier), Some(8), 56, "expected an alias ending with a letter or digit");
        check_err(&urn("!de.v"), Some(Qualifier), Some(8), 56, "expected an alias of letters, digits, `-` or `_`, found `.`");
        check_err(&urn("!!dev"), Some(Qualifier), Some(8), 56, "found `!` in `!!dev`");
        check_err(&urn(&format!("!{}", "a".repeat(65))), Some(Qualifier), Some(8), 56, "expected an alias of at most 64 characters, found 65");
    }

    #[test]
    #[rustfmt::skip]
    fn urn_version_errors() {
        use UrnField::Qualifier;
        let urn = |qualifier: &str| format!("{PROJECT}:p:f:{qualifier}");
        check_err(&urn(".1"), Some(Qualifier), Some(4), 37, "expected a version starting with a letter or digit, found `.1`");
        check_err(&urn("-1"), Some(Qualifier), Some(4), 37, "starting with a letter or digit");
        check_err(&urn("1."), Some(Qualifier), Some(4), 37, "expected a version ending with a letter or digit, found `1.`");
        check_err(&urn("v1+2"), Some(Qualifier), Some(4), 37, "expected a version of letters, digits, `-`, `_` or `.`, found `+`");
        check_err(&urn("lat!est"), Some(Qualifier), Some(4), 37, "found `!` in `lat!est`");
        check_err(&urn(&"v".repeat(65)), Some(Qualifier), Some(4), 37, "expected a version of at most 64 characters, found 65");
    }

    #[test]
    fn urn_equality_follows_text() {
        let a = FunctionUrn::parse("default:test").unwrap();
        let b: FunctionUrn = "default:test".parse().unwrap();
        let c = FunctionUrn::parse("test").unwrap();
        assert_eq!(a, b);
        assert_ne!(a, c);
    }

    #[test]
    fn urn_serializes_as_string() {
        let urn = FunctionUrn::parse("default:test").unwrap();
        assert_eq!(serde_json::to_string(&urn).unwrap(), r#""default:test""#);
    }

    #[test]
    fn urn_parts_json_qualified_alias() {
        let urn = FunctionUrn::parse(&format!(
            "urn:fss:cn-north-4:{PROJECT}:function:default:test:!dev"
        ))
        .unwrap();
        let json = serde_json::to_value(urn.parts()).unwrap();
        let expected = serde_json::json!({
            "region": "cn-north-4",
            "project_id": PROJECT,
            "package": "default",
            "function": "test",
            "qualifier": {"kind": "alias", "value": "dev"},
            "form": "qualified",
        });
        assert_eq!(json, expected);
    }

    #[test]
    fn urn_parts_json_name_only() {
        let urn = FunctionUrn::parse("test").unwrap();
        let json = serde_json::to_string(&urn.parts()).unwrap();
        assert_eq!(
            json,
            r#"{"region":null,"project_id":null,"package":null,"function":"test","qualifier":null,"form":"name"}"#
        );
    }

    #[test]
    fn urn_parts_json_version() {
        let urn = FunctionUrn::parse(&format!("{PROJECT}:default:test:latest")).unwrap();
        let json = serde_json::to_value(urn.parts()).unwrap();
        assert_eq!(
            json["qualifier"],
            serde_json::json!({"kind": "version", "value": "latest"})
        );
        assert_eq!(json["form"], "project-package-name-qualifier");
    }

    #[test]
    fn urn_form_names() {
        use UrnForm::*;
        let names: Vec<&str> = [
            Name,
            PackageName,
            ProjectPackageName,
            ProjectPackageNameQualifier,
            Unqualified,
            Qualified,
        ]
        .iter()
        .map(|form| form.as_str())
        .collect();
        assert_eq!(
            names,
            [
                "name",
                "package-name",
                "project-package-name",
                "project-package-name-qualifier",
                "unqualified",
                "qualified"
            ]
        );
    }

    proptest::proptest! {
        #[test]
        fn byte_class_check_implies_exact_check(
            value in "[a-zA-Z0-9_.!:é-]{0,70}",
            field_index in 0usize..8,
        ) {
            use UrnField::*;
            let field = [LiteralUrn, LiteralFss, LiteralFunction, Region, ProjectId, Package, Function, Qualifier][field_index];
            let classes = value.bytes().fold(0, |classes, byte| classes | BYTE_CLASSES[usize::from(byte)]);
            if is_valid_by_classes(field, &value, classes) {
                proptest::prop_assert_eq!(check_field(field, &value), Ok(()));
            }
        }
    }

    #[test]
    fn qualifier_prints_as_in_urn() {
        assert_eq!(Qualifier::Alias("dev").to_string(), "!dev");
        assert_eq!(Qualifier::Version("latest").to_string(), "latest");
        assert_eq!(Qualifier::Alias("dev").name(), "dev");
    }
}

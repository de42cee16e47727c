//! Function URN inputs and an independent reading of the URN grammar.
//!
//! ```text
//! urn:fss:<region>:<project_id>:function:<package>:<function>[:<version>|:!<alias>]
//! ```
//!
//! The short forms have 1 (`function`), 2 (`package:function`), 3 (`project:package:function`)
//! and 4 (`project:package:function:qualifier`) fields.

use arbitrary::Arbitrary;

use crate::text::{FieldText, NAME_ALPHABET, PROJECT_ALPHABET};

/// The project id of the documentation examples.
pub const EXAMPLE_PROJECT_ID: &str = "7aad83af3e8d42e99ac194e8419e2c9b";

/// A function URN to parse: free text, fields joined by `:`, or one of the documented forms.
#[derive(Arbitrary, Clone, Debug)]
pub enum UrnInput {
    Text(String),
    Fields(Vec<FieldText>),
    Form(FormInput),
}

impl UrnInput {
    /// Writes the URN text.
    pub fn render(&self) -> String {
        match self {
            UrnInput::Text(text) => text.clone(),
            UrnInput::Fields(fields) => fields
                .iter()
                .take(10)
                .map(|field| field.render(NAME_ALPHABET))
                .collect::<Vec<_>>()
                .join(":"),
            UrnInput::Form(form) => form.render(),
        }
    }
}

/// The number of fields of a documented URN form.
#[derive(Arbitrary, Clone, Copy, Debug)]
pub enum FormChoice {
    Name,
    PackageName,
    ProjectPackageName,
    ProjectPackageNameQualifier,
    Unqualified,
    Qualified,
}

/// A project id: the documented example, or picked characters.
#[derive(Arbitrary, Clone, Debug)]
pub enum ProjectInput {
    Example,
    Picked(FieldText),
}

impl ProjectInput {
    /// Writes the project id.
    pub fn render(&self) -> String {
        match self {
            ProjectInput::Example => EXAMPLE_PROJECT_ID.to_owned(),
            ProjectInput::Picked(text) => text.render(PROJECT_ALPHABET),
        }
    }
}

/// The last field of a qualified URN.
#[derive(Arbitrary, Clone, Debug)]
pub enum QualifierInput {
    Latest,
    Version(FieldText),
    Alias(FieldText),
}

impl QualifierInput {
    fn render(&self) -> String {
        match self {
            QualifierInput::Latest => "latest".to_owned(),
            QualifierInput::Version(text) => text.render(NAME_ALPHABET),
            QualifierInput::Alias(text) => format!("!{}", text.render(NAME_ALPHABET)),
        }
    }
}

/// The fields of a documented URN form, each near its rule.
#[derive(Arbitrary, Clone, Debug)]
pub struct FormInput {
    pub form: FormChoice,
    pub region: Option<FieldText>,
    pub project: ProjectInput,
    pub package: Option<FieldText>,
    pub function: FieldText,
    pub qualifier: QualifierInput,
}

impl FormInput {
    /// Writes the URN in the chosen form. An absent region or package is a valid example.
    pub fn render(&self) -> String {
        let region = self.region.as_ref().map_or_else(
            || "cn-north-4".to_owned(),
            |text| text.render(NAME_ALPHABET),
        );
        let project = self.project.render();
        let package = self
            .package
            .as_ref()
            .map_or_else(|| "default".to_owned(), |text| text.render(NAME_ALPHABET));
        let function = self.function.render(NAME_ALPHABET);
        let qualifier = self.qualifier.render();
        let fields: Vec<&str> = match self.form {
            FormChoice::Name => vec![&function],
            FormChoice::PackageName => vec![&package, &function],
            FormChoice::ProjectPackageName => vec![&project, &package, &function],
            FormChoice::ProjectPackageNameQualifier => {
                vec![&project, &package, &function, &qualifier]
            }
            FormChoice::Unqualified => vec![
                "urn", "fss", &region, &project, "function", &package, &function,
            ],
            FormChoice::Qualified => vec![
                "urn", "fss", &region, &project, "function", &package, &function, &qualifier,
            ],
        };
        fields.join(":")
    }
}

/// The rule of one kind of name field.
struct NameRule {
    max_bytes: usize,
    allow_dot: bool,
    first_letter: bool,
    last_alphanumeric: bool,
}

const REGION: NameRule = NameRule {
    max_bytes: 64,
    allow_dot: false,
    first_letter: true,
    last_alphanumeric: false,
};
const PACKAGE: NameRule = REGION;
// Function names: 1 to 60 letters, digits, `-` or `_`, starting with a letter and ending with
// a letter or digit, as CreateFunction documents.
const FUNCTION: NameRule = NameRule {
    max_bytes: 60,
    allow_dot: false,
    first_letter: true,
    last_alphanumeric: true,
};
// Alias names: 1 to 64 characters under the function-name rule, as CreateAlias documents.
const ALIAS: NameRule = NameRule {
    max_bytes: 64,
    ..FUNCTION
};
// Version names: `latest` or `vYYYYMMDD-HHMMSS` in every example, so dots are allowed and the
// first character may be a digit.
const VERSION: NameRule = NameRule {
    max_bytes: 64,
    allow_dot: true,
    first_letter: false,
    last_alphanumeric: true,
};

fn follows(value: &str, rule: &NameRule) -> bool {
    let bytes = value.as_bytes();
    let (Some(&first), Some(&last)) = (bytes.first(), bytes.last()) else {
        return false;
    };
    let allowed = |byte: u8| {
        byte.is_ascii_alphanumeric()
            || byte == b'-'
            || byte == b'_'
            || (rule.allow_dot && byte == b'.')
    };
    let first_ok = if rule.first_letter {
        first.is_ascii_alphabetic()
    } else {
        first.is_ascii_alphanumeric()
    };
    bytes.len() <= rule.max_bytes
        && bytes.iter().all(|&byte| allowed(byte))
        && first_ok
        && (!rule.last_alphanumeric || last.is_ascii_alphanumeric())
}

fn is_project_id(value: &str) -> bool {
    value.len() == 32 && value.bytes().all(|byte| byte.is_ascii_alphanumeric())
}

fn is_qualifier(value: &str) -> bool {
    match value.strip_prefix('!') {
        Some(alias) => follows(alias, &ALIAS),
        None => follows(value, &VERSION),
    }
}

/// Returns whether `text` is a function URN under the grammar above, read field by field
/// without the parser's shortcuts.
pub fn is_valid_urn(text: &str) -> bool {
    let fields: Vec<&str> = text.split(':').collect();
    match fields.as_slice() {
        [function] => follows(function, &FUNCTION),
        [package, function] => follows(package, &PACKAGE) && follows(function, &FUNCTION),
        [project, package, function] => {
            is_project_id(project) && follows(package, &PACKAGE) && follows(function, &FUNCTION)
        }
        [project, package, function, qualifier] => {
            is_project_id(project)
                && follows(package, &PACKAGE)
                && follows(function, &FUNCTION)
                && is_qualifier(qualifier)
        }
        ["urn", "fss", region, project, "function", package, function] => {
            follows(region, &REGION)
                && is_project_id(project)
                && follows(package, &PACKAGE)
                && follows(function, &FUNCTION)
        }
        ["urn", "fss", region, project, "function", package, function, qualifier] => {
            follows(region, &REGION)
                && is_project_id(project)
                && follows(package, &PACKAGE)
                && follows(function, &FUNCTION)
                && is_qualifier(qualifier)
        }
        _ => false,
    }
}

//! The rules request bodies and seeded events follow.

use fgs_model::{ContentLimit, ContentRules};

/// The rules `content` must follow: 4 to 16384 characters of padded standard base64.
///
/// NOTE: the decoded bytes need not be JSON, because a real endpoint stored and returned the
/// base64 of a truncated JSON fragment. Whether it checks base64 at all is unknown.
pub(crate) const CONTENT_RULES: ContentRules = ContentRules {
    limit: ContentLimit::Base64Characters,
    require_json: false,
};

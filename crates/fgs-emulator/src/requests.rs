//! Decoding and validation of CreateEvent and UpdateEvent request bodies, through the model.

use fgs_model::{
    BodyDecoded, ContentLimit, ContentRules, CreateEventRequest, Rule, UpdateEventRequest,
    Violation,
};

use crate::error::ServiceError;

/// The rules `content` must follow: 4 to 16384 characters of padded standard base64.
///
/// NOTE: the decoded bytes need not be JSON, because a real endpoint stored and returned the
/// base64 of a truncated JSON fragment. Whether it checks base64 at all is unknown.
pub(crate) const CONTENT_RULES: ContentRules = ContentRules {
    limit: ContentLimit::Base64Characters,
    require_json: false,
};

/// Decodes and checks a CreateEvent body. Undocumented fields are ignored.
///
/// A body that is not a JSON object gives `FSS.0400`; a missing, mistyped, duplicated or invalid
/// field `FSS.1074`.
pub(crate) fn parse_create_request(body: &[u8]) -> Result<CreateEventRequest, ServiceError> {
    let request = accept(CreateEventRequest::from_json(body))?;
    request.validate(CONTENT_RULES).map_err(|error| {
        tracing::debug!(%error, "invalid CreateEvent field");
        ServiceError::InvalidEventField
    })?;
    Ok(request)
}

/// Decodes and checks an UpdateEvent body. Undocumented fields, `name` included, are ignored.
///
/// A body that is not a JSON object gives `FSS.0400`; a missing, mistyped, duplicated or invalid
/// `content` `FSS.1074`.
pub(crate) fn parse_update_request(body: &[u8]) -> Result<UpdateEventRequest, ServiceError> {
    let request = accept(UpdateEventRequest::from_json(body))?;
    request.validate(CONTENT_RULES).map_err(|error| {
        tracing::debug!(%error, "invalid UpdateEvent field");
        ServiceError::InvalidEventField
    })?;
    Ok(request)
}

/// Maps the violations of a decoded body to the error the service sends.
fn accept<T>(decoded: BodyDecoded<T>) -> Result<T, ServiceError> {
    decoded.value.map_err(|violations| error_for(&violations))
}

fn error_for(violations: &[Violation]) -> ServiceError {
    for violation in violations {
        tracing::debug!(%violation, "invalid request body");
    }
    let not_an_object = violations.iter().any(|violation| {
        matches!(
            violation.rule,
            Rule::InvalidJson | Rule::TopLevelObject | Rule::EmptyBody
        )
    });
    if not_an_object {
        ServiceError::InvalidParameter
    } else {
        ServiceError::InvalidEventField
    }
}

//! Errors the emulator sends, in the shape of the component that would send them, with the
//! status code and message of the documented error catalog.

use std::borrow::Cow;

use axum::http::StatusCode;
use fgs_model::catalog::{self, CatalogEntry};

/// An error of the FunctionGraph service, sent as `{"error_code","error_msg"}` with the catalog text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ServiceError {
    /// `FSS.0400`: a path parameter or the request body is invalid.
    InvalidParameter,
    /// `FSS.0413`: the request body is larger than the emulator reads.
    BodyTooLarge,
    /// `FSS.1051`: no such function in the project.
    FunctionNotFound,
    /// `FSS.1068`: the function already has the maximum number of events.
    EventQuotaExceeded,
    /// `FSS.1070`: no such event on the function.
    EventNotFound,
    /// `FSS.1073`: the function already has an event of that name.
    EventExists,
    /// `FSS.1074`: a field of the event in the request body is invalid.
    InvalidEventField,
    /// `FSS.1309`: the function URN in the path is invalid.
    InvalidFunctionUrn,
}

impl ServiceError {
    pub(crate) fn code(self) -> &'static str {
        match self {
            Self::InvalidParameter => "FSS.0400",
            Self::BodyTooLarge => "FSS.0413",
            Self::FunctionNotFound => "FSS.1051",
            Self::EventQuotaExceeded => "FSS.1068",
            Self::EventNotFound => "FSS.1070",
            Self::EventExists => "FSS.1073",
            Self::InvalidEventField => "FSS.1074",
            Self::InvalidFunctionUrn => "FSS.1309",
        }
    }
}

/// An error of the API gateway in front of the service, sent as
/// `{"error_msg","error_code","request_id"}`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum GatewayError {
    /// `APIGW.0101`: the target is no API route, or the route has no such method.
    ApiNotFound,
    /// `APIGW.0301`: the token or the signature is missing, malformed or wrong.
    IncorrectIamAuthentication,
    /// `APIGW.0307`: the token was issued by the emulator and has expired.
    TokenExpired,
}

impl GatewayError {
    pub(crate) fn code(self) -> &'static str {
        match self {
            Self::ApiNotFound => "APIGW.0101",
            Self::IncorrectIamAuthentication => "APIGW.0301",
            Self::TokenExpired => "APIGW.0307",
        }
    }
}

/// Any error response of the emulator.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum ApiError {
    /// A gateway error, with a detail that names what failed when the catalog text does not.
    /// The detail never contains a secret.
    Gateway {
        error: GatewayError,
        detail: Option<String>,
    },
    Service(ServiceError),
}

impl ApiError {
    /// Returns a gateway error whose message ends with `detail`.
    pub(crate) fn gateway_detail(error: GatewayError, detail: impl Into<String>) -> Self {
        Self::Gateway {
            error,
            detail: Some(detail.into()),
        }
    }
}

impl From<GatewayError> for ApiError {
    fn from(error: GatewayError) -> Self {
        Self::Gateway {
            error,
            detail: None,
        }
    }
}

impl From<ServiceError> for ApiError {
    fn from(error: ServiceError) -> Self {
        Self::Service(error)
    }
}

impl ApiError {
    pub(crate) fn code(&self) -> &'static str {
        match self {
            Self::Gateway { error, .. } => error.code(),
            Self::Service(error) => error.code(),
        }
    }

    fn catalog_entry(&self) -> &'static CatalogEntry {
        // Every code above is in the catalog with one status, as `codes_are_in_catalog` checks.
        catalog::lookup(self.code()).expect("the emulator sends only catalogued codes")
    }

    /// Returns the status code the catalog gives for the error code.
    pub(crate) fn status(&self) -> StatusCode {
        self.catalog_entry()
            .statuses
            .first()
            .and_then(|status| StatusCode::from_u16(*status).ok())
            .unwrap_or(StatusCode::BAD_REQUEST)
    }

    /// Returns the catalog message of the error code. With a detail, the message reads
    /// `{catalog text without its final period}: {detail}`, as the gateway writes
    /// `Incorrect IAM authentication information: verify aksk signature fail`.
    pub(crate) fn message(&self) -> Cow<'static, str> {
        let catalog = self.catalog_entry().message;
        match self {
            Self::Gateway {
                detail: Some(detail),
                ..
            } => {
                let text = catalog.strip_suffix('.').unwrap_or(catalog);
                Cow::Owned(format!("{text}: {detail}"))
            }
            _ => Cow::Borrowed(catalog),
        }
    }

    /// Returns whether the body repeats the request id, as the gateway's bodies do.
    pub(crate) fn carries_request_id(&self) -> bool {
        matches!(self, Self::Gateway { .. })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const fn gateway(error: GatewayError) -> ApiError {
        ApiError::Gateway {
            error,
            detail: None,
        }
    }

    const ALL: [ApiError; 11] = [
        gateway(GatewayError::ApiNotFound),
        gateway(GatewayError::IncorrectIamAuthentication),
        gateway(GatewayError::TokenExpired),
        ApiError::Service(ServiceError::InvalidParameter),
        ApiError::Service(ServiceError::BodyTooLarge),
        ApiError::Service(ServiceError::FunctionNotFound),
        ApiError::Service(ServiceError::EventQuotaExceeded),
        ApiError::Service(ServiceError::EventNotFound),
        ApiError::Service(ServiceError::EventExists),
        ApiError::Service(ServiceError::InvalidEventField),
        ApiError::Service(ServiceError::InvalidFunctionUrn),
    ];

    #[test]
    fn codes_are_in_catalog() {
        for error in &ALL {
            let entry = catalog::lookup(error.code());
            assert!(entry.is_some(), "{} is not catalogued", error.code());
            assert_eq!(
                entry.map(|entry| entry.statuses.len()),
                Some(1),
                "{}",
                error.code()
            );
        }
    }

    #[test]
    fn statuses_follow_catalog() {
        let statuses: Vec<(&str, u16)> = ALL
            .iter()
            .map(|error| (error.code(), error.status().as_u16()))
            .collect();

        assert_eq!(
            statuses,
            [
                ("APIGW.0101", 404),
                ("APIGW.0301", 401),
                ("APIGW.0307", 401),
                ("FSS.0400", 400),
                ("FSS.0413", 413),
                ("FSS.1051", 404),
                ("FSS.1068", 403),
                ("FSS.1070", 404),
                ("FSS.1073", 403),
                ("FSS.1074", 400),
                ("FSS.1309", 400),
            ]
        );
    }

    #[test]
    fn gateway_detail_follows_catalog_text() {
        let error = ApiError::gateway_detail(
            GatewayError::IncorrectIamAuthentication,
            "unknown access key",
        );

        assert_eq!(
            error.message(),
            "Incorrect IAM authentication information: unknown access key"
        );
        assert_eq!(
            ApiError::from(GatewayError::TokenExpired).message(),
            "The token must be updated."
        );
    }
}

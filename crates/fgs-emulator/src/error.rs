//! Errors the emulator sends, in the shape of the component that would send them, with the
//! status code and message of the documented error catalog.

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
    /// `APIGW.0301`: `X-Auth-Token` is missing or wrong.
    IncorrectIamAuthentication,
}

impl GatewayError {
    pub(crate) fn code(self) -> &'static str {
        match self {
            Self::ApiNotFound => "APIGW.0101",
            Self::IncorrectIamAuthentication => "APIGW.0301",
        }
    }
}

/// Any error response of the emulator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ApiError {
    Gateway(GatewayError),
    Service(ServiceError),
}

impl From<GatewayError> for ApiError {
    fn from(error: GatewayError) -> Self {
        Self::Gateway(error)
    }
}

impl From<ServiceError> for ApiError {
    fn from(error: ServiceError) -> Self {
        Self::Service(error)
    }
}

impl ApiError {
    pub(crate) fn code(self) -> &'static str {
        match self {
            Self::Gateway(error) => error.code(),
            Self::Service(error) => error.code(),
        }
    }

    fn catalog_entry(self) -> &'static CatalogEntry {
        // Every code above is in the catalog with one status, as `codes_are_in_catalog` checks.
        catalog::lookup(self.code()).expect("the emulator sends only catalogued codes")
    }

    /// Returns the status code the catalog gives for the error code.
    pub(crate) fn status(self) -> StatusCode {
        self.catalog_entry()
            .statuses
            .first()
            .and_then(|status| StatusCode::from_u16(*status).ok())
            .unwrap_or(StatusCode::BAD_REQUEST)
    }

    /// Returns the catalog message of the error code.
    pub(crate) fn message(self) -> &'static str {
        self.catalog_entry().message
    }

    /// Returns whether the body repeats the request id, as the gateway's bodies do.
    pub(crate) fn carries_request_id(self) -> bool {
        matches!(self, Self::Gateway(_))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: [ApiError; 10] = [
        ApiError::Gateway(GatewayError::ApiNotFound),
        ApiError::Gateway(GatewayError::IncorrectIamAuthentication),
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
        for error in ALL {
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
}

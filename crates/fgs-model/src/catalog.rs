//! The documented error codes: FunctionGraph's own (`FSS.*`) and the API gateway's (`APIGW.*`).
//!
//! Sources: FunctionGraph "Error Codes" page of the API reference and the API gateway's "Error
//! Codes" page of the API request signing guide, as published by Huawei Cloud. Only the rows that
//! bear on the test-event operations and their authentication are listed.

/// One documented error code with its status code and catalog message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CatalogEntry {
    /// The code as sent in `error_code`, for example `FSS.1070`.
    pub code: &'static str,
    /// The status codes the catalog lists for it.
    pub statuses: &'static [u16],
    /// The catalog message.
    pub message: &'static str,
}

macro_rules! entry {
    ($code:literal, [$($status:literal),+], $message:literal) => {
        CatalogEntry { code: $code, statuses: &[$($status),+], message: $message }
    };
}

/// Every listed error code, sorted by code.
pub const CATALOG: &[CatalogEntry] = &[
    entry!(
        "APIGW.0101",
        [404],
        "The API does not exist or has not been published in the environment."
    ),
    entry!("APIGW.0103", [404], "The backend does not exist."),
    entry!(
        "APIGW.0201",
        [400, 413, 414, 494, 502, 504],
        "API request error."
    ),
    entry!(
        "APIGW.0301",
        [401],
        "Incorrect IAM authentication information."
    ),
    entry!(
        "APIGW.0302",
        [403],
        "The IAM user is not authorized to access the API."
    ),
    entry!(
        "APIGW.0303",
        [401],
        "Incorrect app authentication information."
    ),
    entry!(
        "APIGW.0304",
        [403],
        "The app is not authorized to access the API."
    ),
    entry!("APIGW.0305", [401], "Incorrect authentication information."),
    entry!("APIGW.0306", [403], "API access denied."),
    entry!("APIGW.0307", [401], "The token must be updated."),
    entry!(
        "APIGW.0308",
        [429],
        "The throttling threshold has been reached."
    ),
    entry!("APIGW.0310", [403], "The project is unavailable."),
    entry!(
        "APIGW.0311",
        [401],
        "Incorrect debugging authentication information."
    ),
    entry!("APIGW.0401", [403], "Unknown client IP address."),
    entry!(
        "APIGW.0402",
        [403],
        "The IP address is not authorized to access the API."
    ),
    entry!(
        "APIGW.0404",
        [403],
        "Access to the backend IP address has been denied."
    ),
    entry!("APIGW.0610", [502], "No backend available."),
    entry!(
        "APIGW.0613",
        [503],
        "The IAM service is currently unavailable."
    ),
    entry!(
        "APIGW.0801",
        [403],
        "The service is unavailable in the currently selected region."
    ),
    entry!(
        "APIGW.0802",
        [403],
        "The IAM user is forbidden in the currently selected region."
    ),
    entry!("FSS.0400", [400], "Invalid parameter."),
    entry!("FSS.0401", [401], "Unauthorized access."),
    entry!("FSS.0403", [403], "Forbidden"),
    entry!("FSS.0404", [404], "The specified resource was not found."),
    entry!("FSS.0406", [406], "Not acceptable."),
    entry!("FSS.0408", [408], "Request timeout."),
    entry!("FSS.0409", [409], "The specified resource already exists."),
    entry!("FSS.0410", [410], "The specified resource does not exist."),
    entry!("FSS.0413", [413], "The request body is too large."),
    entry!("FSS.0429", [429], "Too many requests."),
    entry!("FSS.0500", [500], "Internal server error."),
    entry!("FSS.0502", [502], "Bad gateway."),
    entry!("FSS.0503", [503], "Service unavailable."),
    entry!("FSS.0504", [504], "Gateway timeout."),
    entry!("FSS.1001", [400], "Invalid query parameter."),
    entry!("FSS.1014", [400], "Invalid function alias."),
    entry!("FSS.1015", [400], "Invalid function version."),
    entry!("FSS.1051", [404], "The function does not exist."),
    entry!("FSS.1052", [404], "The version does not exist."),
    entry!("FSS.1053", [404], "The alias does not exist."),
    entry!("FSS.1060", [404], "The event template cannot be found."),
    entry!(
        "FSS.1068",
        [403],
        "The number of events configured for the function exceeds the maximum allowed limit."
    ),
    entry!("FSS.1069", [403], "The size of EventData exceeds 4 KB."),
    entry!("FSS.1070", [404], "The event cannot be found."),
    entry!("FSS.1073", [403], "The function event already exists."),
    entry!("FSS.1074", [400], "The event field is invalid."),
    entry!("FSS.1118", [401], "Access denied."),
    entry!(
        "FSS.1126",
        [403],
        "You do not have permissions to call the API."
    ),
    entry!("FSS.1201", [413], "The request body is too large."),
    entry!("FSS.1309", [400], "Invalid function URN."),
];

/// Looks up a documented error code.
///
/// # Examples
///
/// ```
/// let entry = fgs_model::catalog::lookup("FSS.1070").expect("documented code");
/// assert_eq!(entry.statuses, &[404]);
/// assert_eq!(entry.message, "The event cannot be found.");
/// ```
pub fn lookup(code: &str) -> Option<&'static CatalogEntry> {
    CATALOG
        .binary_search_by(|entry| entry.code.cmp(code))
        .ok()
        .map(|index| &CATALOG[index])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalog_is_sorted_for_binary_search() {
        for pair in CATALOG.windows(2) {
            assert!(
                pair[0].code < pair[1].code,
                "{} before {}",
                pair[0].code,
                pair[1].code
            );
        }
    }

    #[test]
    fn lookup_finds_event_codes() {
        assert_eq!(lookup("FSS.1068").map(|e| e.statuses), Some(&[403u16][..]));
        assert_eq!(lookup("FSS.1073").map(|e| e.statuses), Some(&[403u16][..]));
        assert_eq!(lookup("FSS.9999"), None);
    }
}

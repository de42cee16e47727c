//! Test event `content`: `decode_content` (padded standard base64, then JSON), `check_content`
//! under each limit, and the UpdateEvent request body that carries it.
//!
//! Properties:
//! - A decoded document encodes back to content that decodes to an equal document.
//! - An error offset lies inside the text (base64 errors) or the decoded bytes (JSON errors).
//! - `check_content` accepts exactly the content of 4 to 16384 characters that decodes. With
//!   the 4 KB option it accepts the content whose decoded bytes fit in 4096.
//! - An accepted request body round-trips through `to_json` and `from_json`.
#![no_main]

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use fgs_fuzz::content::ContentInput;
use fgs_model::content::decode_base64;
use fgs_model::{check_content, decode_content, ContentLimit, ContentRules, UpdateEventRequest};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: ContentInput| {
    let text = input.render();
    let decoded = decode_content(&text);
    let bytes = decode_base64(&text);

    match &decoded {
        Ok(document) => {
            let encoded =
                STANDARD.encode(serde_json::to_vec(document).expect("a document serializes"));
            assert_eq!(
                decode_content(&encoded).as_ref(),
                Ok(document),
                "re-encoded {encoded:?}"
            );
            assert!(bytes.is_ok());
        }
        Err(error) => {
            assert!(
                error.to_string().starts_with("invalid `content`: "),
                "{error}"
            );
            match &bytes {
                Ok(bytes) => {
                    assert!(error.is_json_error(), "{error}");
                    assert!(
                        error.offset() <= bytes.len(),
                        "{error} for {} bytes",
                        bytes.len()
                    );
                }
                Err(base64_error) => {
                    assert_eq!(base64_error, error);
                    assert!(!error.is_json_error(), "{error}");
                    assert!(error.offset() <= text.len(), "{error} for {text:?}");
                }
            }
        }
    }

    let characters = text.chars().count();
    let length_ok = (4..=16384).contains(&characters);
    let strict = check_content(&text, ContentRules::default());
    assert_eq!(
        strict.is_ok(),
        length_ok && decoded.is_ok(),
        "{text:?}: {strict:?}"
    );

    let lenient = ContentRules {
        require_json: false,
        ..ContentRules::default()
    };
    let lenient_result = check_content(&text, lenient);
    assert_eq!(
        lenient_result.is_ok(),
        length_ok && bytes.is_ok(),
        "{lenient_result:?}"
    );

    let four_kib = ContentRules {
        limit: ContentLimit::DecodedFourKib,
        require_json: true,
    };
    let fits = bytes.as_ref().is_ok_and(|bytes| bytes.len() <= 4096);
    let four_kib_result = check_content(&text, four_kib);
    assert_eq!(
        four_kib_result.is_ok(),
        characters >= 4 && fits && decoded.is_ok(),
        "{four_kib_result:?}"
    );
    if let Err(error) = &four_kib_result {
        assert_eq!(error.field(), "content");
        let is_size = bytes.as_ref().is_ok_and(|bytes| bytes.len() > 4096) && characters >= 4;
        assert_eq!(error.is_event_data_size(), is_size, "{error}");
    }

    match UpdateEventRequest::new(text.clone()) {
        Ok(request) => {
            assert!(strict.is_ok());
            let json = request.to_json();
            assert_eq!(UpdateEventRequest::from_json(&json).value, Ok(request));
        }
        Err(error) => assert_eq!(Err(error), strict),
    }
});

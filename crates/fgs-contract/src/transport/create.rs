//! Creating a test event when the response to the POST may be lost.
//!
//! CreateEvent is not idempotent: sending it again after a lost response can create a second
//! event. Event names are unique within a function, so before sending it again the client
//! lists the events and looks for the name it asked for. When the event is there, the client
//! adopts its id instead of creating another.

use fgs_model::{decode_response, Operation, Outcome, Response};

use crate::client::{Client, Exchange, Request, SendError};
use crate::transport::retry::Backoff;

/// The end of a create request.
#[derive(Clone, Debug)]
pub enum Created {
    /// The server responded to the POST; the exchange may have any status.
    Answered(Exchange),
    /// The response to a POST was lost, and the list showed an event with the requested name.
    Adopted {
        /// The id of the event found by name.
        id: String,
        /// The list response that showed it.
        list: Exchange,
    },
}

impl Client {
    /// Sends the CreateEvent request `post` with `body`, for an event called `name`. When its
    /// outcome is unknown (the connection broke after sending, the time ran out, or the gateway
    /// returned 502, 503 or 504), it sends `list` and looks for `name` before sending `post`
    /// again, up to the configured number of retries.
    ///
    /// # Errors
    ///
    /// Returns the error of the last POST when no attempt got an answer and the list did not
    /// show the event. When the list fails, or a later POST cannot connect and so never
    /// reaches the server, it returns the result of the POST whose outcome is unknown, so
    /// that the caller still learns that an event may exist.
    pub async fn create_event(
        &self,
        post: &Request,
        body: &[u8],
        list: &Request,
        name: &str,
    ) -> Result<Created, SendError> {
        let retries = self.settings().retries;
        let backoff = self.settings().backoff;
        let mut attempt = 0;
        let mut lost: Option<Result<Exchange, SendError>> = None;
        loop {
            let result = self.send_with_body(post, Some(body)).await;
            if let (Err(error @ SendError::Connect { .. }), Some(_)) = (&result, &lost) {
                tracing::warn!(name, %error, "failed to send the create request again");
                return lost.unwrap_or(result).map(Created::Answered);
            }
            let unknown = match &result {
                Ok(exchange) => matches!(exchange.status, 502..=504),
                Err(err) => err.outcome_unknown(),
            };
            if !unknown || attempt >= retries {
                return result.map(Created::Answered);
            }
            attempt += 1;

            let reason = match &result {
                Ok(exchange) => format!("status {}", exchange.status),
                Err(err) => err.to_string(),
            };
            tracing::warn!(
                name,
                %reason,
                "outcome of the create request unknown; listing events before sending it again"
            );
            let listed = match self.send(list).await {
                Ok(listed) => listed,
                Err(error) => {
                    tracing::warn!(name, %error, "failed to list events after a lost create request");
                    return result.map(Created::Answered);
                }
            };
            if let Some(id) = find_event(&listed, name) {
                tracing::warn!(name, id = %id, "adopting the event the lost request created");
                return Ok(Created::Adopted { id, list: listed });
            }
            lost = Some(result);
            wait_before_retry(backoff, attempt).await;
        }
    }
}

/// Returns the id of the event called `name` in a ListEvents response, when the response
/// conforms and contains one.
fn find_event(list: &Exchange, name: &str) -> Option<String> {
    let decoded = decode_response(
        Operation::ListEvents,
        list.status,
        list.header("content-type"),
        &list.body,
    );
    let Outcome::Success(Response::ListEvents(events)) = decoded.outcome else {
        return None;
    };
    events
        .events
        .into_iter()
        .find(|event| event.name == name)
        .map(|event| event.id)
}

async fn wait_before_retry(backoff: Backoff, attempt: u32) {
    tokio::time::sleep(backoff.wait(attempt.saturating_sub(1), None)).await;
}

//! The JSON API: the same searches as the command line, the same schema as `--format json`.
//!
//! Every handler parses its parameters into the types the CLI uses, runs the search on a
//! blocking thread (tantivy is synchronous) under a time limit and a cap on concurrent
//! searches, and answers JSON; every error is JSON too, `{"error": …, "status": …}`.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Path, RawQuery, Request, State};
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;
use tokio::sync::Semaphore;

use super::conn::REQUEST_TIMEOUT;
use super::state::{Shared, Snapshot};
use crate::choice::Choice;
use crate::limits::{self, Origin};
use crate::search::{self, stats, DateInterval, FacetKind, SearchParams, Sort};

/// Longest a search may take before the client is told so (the search itself runs on).
pub const QUERY_TIMEOUT: Duration = Duration::from_secs(10);

/// State of the API: the index, and the permits that bound concurrent searches so a burst of
/// expensive queries queues instead of piling up threads.
#[derive(Clone)]
pub struct Api {
    pub shared: Shared,
    pub permits: Arc<Semaphore>,
}

/// An error answer.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    message: String,
}

impl ApiError {
    pub fn new(status: StatusCode, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            message: message.into(),
        }
    }

    fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, message)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = serde_json::json!({ "error": self.message, "status": self.status.as_u16() });
        (self.status, Json(body)).into_response()
    }
}

type ApiResult<T> = Result<Json<T>, ApiError>;

/// Parameters of `/api/search` and `/api/timeline`; filters and facets may repeat.
fn search_params(raw: Option<&str>, allowed: &[&str]) -> Result<SearchParams, ApiError> {
    let mut params = SearchParams::default();
    for (key, value) in form_urlencoded::parse(raw.unwrap_or_default().as_bytes()) {
        let value = value.into_owned();
        if !allowed.contains(&&*key) {
            return Err(ApiError::bad_request(format!(
                "unknown parameter '{key}' (choose from: {})",
                allowed.join(", ")
            )));
        }
        match &*key {
            "q" => params.query = value,
            "speaker" => params.speakers.push(value),
            "entity" => params.entities.push(value),
            "source" => params.sources.push(value),
            "since" => params.since = Some(value).filter(|v| !v.is_empty()),
            "until" => params.until = Some(value).filter(|v| !v.is_empty()),
            "limit" => params.limit = count(&key, &value, limits::HITS, 1)?,
            "offset" => params.offset = count(&key, &value, limits::OFFSET, 0)?,
            "facet_limit" => params.facet_limit = count(&key, &value, limits::FACET_ROWS, 1)?,
            "sort" => params.sort = choice::<Sort>(&key, &value)?,
            "facet" => params.facets.push(choice::<FacetKind>(&key, &value)?),
            "interval" => params.date_interval = choice::<DateInterval>(&key, &value)?,
            "all_copies" => {
                params.all_copies = match &*value {
                    "true" | "1" => true,
                    "false" | "0" | "" => false,
                    _ => {
                        return Err(ApiError::bad_request(format!(
                            "all_copies must be true or false, not '{value}'"
                        )))
                    }
                }
            }
            _ => {}
        }
    }
    Ok(params)
}

/// A whole number from `min` to `limit`'s maximum, refused with the command line's words (and
/// checked again with the other parameters by `SearchParams::validate`). A number too large for a
/// machine word is out of bounds like any other, quoted as written.
fn count(key: &str, value: &str, limit: limits::Limit, min: usize) -> Result<usize, ApiError> {
    if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
        return Err(ApiError::bad_request(format!(
            "{key} must be a whole number, not '{value}'"
        )));
    }
    let checked = match value.parse::<usize>() {
        Ok(n) => limit.check_from(min, n, Origin::Api),
        Err(_) => Err(limit.error(min, value.to_string(), Origin::Api)),
    };
    checked.map_err(|e| ApiError::bad_request(e.to_string()))
}

/// One of a closed set of names, in any case; refused with every name it could have been.
fn choice<T: Choice>(key: &str, value: &str) -> Result<T, ApiError> {
    T::from_name(value).map_err(|e| ApiError::bad_request(format!("{key} {e}")))
}

const SEARCH_PARAMS: &[&str] = &[
    "q",
    "speaker",
    "entity",
    "source",
    "since",
    "until",
    "sort",
    "limit",
    "offset",
    "facet",
    "facet_limit",
    "interval",
    "all_copies",
];

/// Run `work` on a blocking thread with the current snapshot, within the time limit.
async fn with_snapshot<T, F>(api: &Api, work: F) -> Result<T, ApiError>
where
    T: Send + 'static,
    F: FnOnce(&Snapshot) -> Result<T, ApiError> + Send + 'static,
{
    let busy = || {
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            format!(
                "the search took longer than {} s; narrow the query",
                QUERY_TIMEOUT.as_secs()
            ),
        )
    };
    let snapshot = api.shared.snapshot();
    let permits = Arc::clone(&api.permits);
    let run = async move {
        let permit = permits
            .acquire_owned()
            .await
            .map_err(|_| ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "shutting down"))?;
        tokio::task::spawn_blocking(move || {
            let _permit = permit;
            work(&snapshot)
        })
        .await
        .map_err(|e| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?
    };
    tokio::time::timeout(QUERY_TIMEOUT, run)
        .await
        .map_err(|_| busy())?
}

/// A search's failure: the user's query (400), or the index (500).
fn search_error(error: search::SearchError) -> ApiError {
    if error.is_users() {
        return ApiError::bad_request(error.to_string());
    }
    ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, error.to_string())
}

pub async fn search(
    State(api): State<Api>,
    RawQuery(raw): RawQuery,
) -> ApiResult<search::SearchResults> {
    let request = search_params(raw.as_deref(), SEARCH_PARAMS)?
        .validate(Origin::Api)
        .map_err(|e| ApiError::bad_request(e.to_string()))?;
    let results = with_snapshot(&api, move |snap| {
        search::run(&snap.index, &snap.searcher, &request).map_err(search_error)
    })
    .await?;
    Ok(Json(results))
}

pub async fn timeline(
    State(api): State<Api>,
    RawQuery(raw): RawQuery,
) -> ApiResult<search::timeline::Timeline> {
    let request = search_params(raw.as_deref(), SEARCH_PARAMS)?
        .validate(Origin::Api)
        .map_err(|e| ApiError::bad_request(e.to_string()))?;
    let timeline = with_snapshot(&api, move |snap| {
        search::timeline::run(&snap.index, &snap.searcher, &request).map_err(search_error)
    })
    .await?;
    Ok(Json(timeline))
}

pub async fn article(
    State(api): State<Api>,
    Path(id): Path<String>,
) -> ApiResult<search::ArticleView> {
    let found = with_snapshot(&api, move |snap| {
        let found = search::article(&snap.index, &snap.searcher, &id)
            .map_err(|e| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?;
        found.ok_or_else(|| ApiError::new(StatusCode::NOT_FOUND, format!("no article '{id}'")))
    })
    .await?;
    Ok(Json(found))
}

pub async fn stats(State(api): State<Api>, RawQuery(raw): RawQuery) -> ApiResult<stats::Stats> {
    let mut top = 10;
    for (key, value) in form_urlencoded::parse(raw.unwrap_or_default().as_bytes()) {
        match &*key {
            "top" => top = count(&key, &value, limits::TOP, 1)?,
            other => {
                return Err(ApiError::bad_request(format!(
                    "unknown parameter '{other}' (choose from: top)"
                )))
            }
        }
    }
    let found = with_snapshot(&api, move |snap| {
        stats::collect_from(&snap.index, &snap.searcher, top)
            .map_err(|e| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, format!("{e:#}")))
    })
    .await?;
    Ok(Json(found))
}

#[derive(Debug, Serialize)]
pub struct Health {
    pub status: &'static str,
    pub passages: u64,
}

pub async fn healthz(State(api): State<Api>) -> Json<Health> {
    Json(Health {
        status: "ok",
        passages: api.shared.snapshot().searcher.num_docs(),
    })
}

pub async fn not_found() -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, "no such endpoint")
}

pub async fn method_not_allowed(method: Method) -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        format!("method {method} not allowed: the API answers GET"),
    )
}

/// Answer every request within `conn::REQUEST_TIMEOUT`, whatever its handler waits on.
pub async fn within_request_timeout(request: Request, next: Next) -> Response {
    match tokio::time::timeout(REQUEST_TIMEOUT, next.run(request)).await {
        Ok(response) => response,
        Err(_) => ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            format!(
                "the request took longer than {} s",
                REQUEST_TIMEOUT.as_secs()
            ),
        )
        .into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_repeat_and_bad_ones_are_named() {
        let params = search_params(
            Some("q=ceasefire&speaker=Dmitri+S.+Peskov&speaker=Donald+Trump&facet=speaker&facet=date&sort=newest&limit=5"),
            SEARCH_PARAMS,
        )
        .unwrap();
        assert_eq!(params.query, "ceasefire");
        assert_eq!(params.speakers, ["Dmitri S. Peskov", "Donald Trump"]);
        assert_eq!(params.facets, [FacetKind::Speaker, FacetKind::Date]);
        assert_eq!((params.sort, params.limit), (Sort::Newest, 5));
        let err = search_params(Some("q=x&colour=red"), SEARCH_PARAMS).unwrap_err();
        assert!(
            err.message.starts_with("unknown parameter 'colour'"),
            "{}",
            err.message
        );
        let err = search_params(Some("sort=best"), SEARCH_PARAMS).unwrap_err();
        assert_eq!(
            err.message,
            "sort must be one of relevance, newest, oldest, not 'best'"
        );
        let err = search_params(Some("limit=ten"), SEARCH_PARAMS).unwrap_err();
        assert_eq!(err.message, "limit must be a whole number, not 'ten'");
    }
}

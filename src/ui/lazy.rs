//! Views built by split-off chunks ([`crate::browser::split`]): the
//! Authenticator's screens and the authenticator-app set-up load when a user
//! goes there.

use std::future::Future;

use leptos::prelude::*;

use super::theme_provider::use_texts;
use crate::browser::split::ChunkError;

/// Renders the view that `load` (a split point) builds. While its chunk is on
/// its way nothing is shown (from the HTTP cache that is one frame); if it
/// cannot be fetched, the error is shown in words with a "Try again" button
/// that fetches it again.
pub(crate) fn lazy_view<F, Fut>(load: F) -> impl IntoView
where
    F: Fn() -> Fut + Clone + Send + Sync + 'static,
    Fut: Future<Output = Result<AnyView, ChunkError>> + 'static,
{
    let attempt = RwSignal::new(0u32);
    let texts = use_texts();
    move || {
        attempt.track();
        let load = load.clone();
        // `Suspend` runs the future with this owner and observer, so the
        // view the chunk builds finds its contexts (the flow, the texts).
        Suspend::new(send_wrapper::SendWrapper::new(async move {
            match load().await {
                Ok(view) => view,
                Err(_) => view! {
                    <div class="lha-error" role="alert" data-lha-error-code="chunk_load_failed">
                        <p class="lha-error__message">{move || texts.get().chunk_load_failed}</p>
                        <button
                            type="button"
                            class="lha-button lha-button--secondary"
                            on:click=move |_| attempt.update(|n| *n += 1)
                        >
                            {move || texts.get().try_again}
                        </button>
                    </div>
                }
                .into_any(),
            }
        }))
    }
}

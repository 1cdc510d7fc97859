//! Cross-tab coordination: a Web Lock around refresh, a BroadcastChannel to
//! hand new tokens to the other tabs, and the wake-up signals (`storage`,
//! `visibilitychange`, `focus`, a short interval) that keep timers honest in
//! background tabs.
//!
//! Web Locks is bound through `js_sys::Reflect` rather than web-sys, whose
//! `LockManager` binding needs the `web_sys_unstable_apis` cfg in every crate
//! that depends on this one.

use std::cell::RefCell;
use std::future::Future;
use std::rc::Rc;

use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::{future_to_promise, JsFuture};

/// Waits `ms` milliseconds (a `setTimeout` promise). Returns at once when the
/// browser has no window.
pub async fn sleep(ms: u32) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let promise = Promise::new(&mut |resolve, _reject| {
        let ms = i32::try_from(ms).unwrap_or(i32::MAX);
        if window
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .is_err()
        {
            // No timer: resolve at once rather than hang.
            let _ = resolve.call0(&JsValue::UNDEFINED);
        }
    });
    let _ = JsFuture::from(promise).await;
}

/// Whether this browser has Web Locks (`navigator.locks`).
pub fn has_web_locks() -> bool {
    lock_manager().is_some()
}

fn lock_manager() -> Option<JsValue> {
    let navigator = web_sys::window()?.navigator();
    let locks = Reflect::get(&navigator, &JsValue::from_str("locks")).ok()?;
    (!locks.is_undefined() && !locks.is_null()).then_some(locks)
}

/// Runs `task` while holding the exclusive Web Lock `name`, so that one tab at
/// a time runs it. Where Web Locks is missing (very old browsers, some
/// embedded web views) the task runs after a random delay of up to 300 ms
/// without a lock: the task itself must re-read storage and skip work another
/// tab has done, which makes a collision unlikely but not impossible.
///
/// Returns `None` only if the browser's lock machinery failed after taking
/// the task (the caller treats it as a transient failure).
pub async fn with_lock<T, Fut, F>(name: &str, task: F) -> Option<T>
where
    T: 'static,
    Fut: Future<Output = T> + 'static,
    F: FnOnce() -> Fut + 'static,
{
    let slot: Rc<RefCell<Option<T>>> = Rc::new(RefCell::new(None));
    let pending: Rc<RefCell<Option<F>>> = Rc::new(RefCell::new(Some(task)));
    let request = lock_manager().and_then(|locks| {
        let f = Reflect::get(&locks, &JsValue::from_str("request")).ok()?;
        Some((locks, f.dyn_into::<Function>().ok()?))
    });
    if let Some((locks, request)) = request {
        let (inner_slot, inner_task) = (slot.clone(), pending.clone());
        let callback = Closure::once_into_js(move |_lock: JsValue| -> Promise {
            future_to_promise(async move {
                let run = inner_task.borrow_mut().take();
                if let Some(run) = run {
                    let value = run().await;
                    *inner_slot.borrow_mut() = Some(value);
                }
                Ok(JsValue::UNDEFINED)
            })
        });
        let held = request
            .call2(&locks, &JsValue::from_str(name), &callback)
            .ok()
            .and_then(|p| p.dyn_into::<Promise>().ok());
        if let Some(held) = held {
            let _ = JsFuture::from(held).await;
        }
    }
    let done = slot.borrow_mut().take();
    if done.is_some() {
        return done;
    }
    // No Web Locks, or the lock request failed before running the task.
    let run = pending.borrow_mut().take()?;
    let mut jitter = [0u8; 2];
    let delay = if super::random_bytes(&mut jitter).is_ok() {
        u32::from(u16::from_le_bytes(jitter)) % 300
    } else {
        150
    };
    sleep(delay).await;
    Some(run().await)
}

/// A message between the tabs of one origin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TabMessage {
    /// A tab signed in or refreshed: the session in its storage format.
    Session(String),
    /// A tab signed out.
    SignedOut,
}

impl TabMessage {
    fn encode(&self) -> String {
        match self {
            TabMessage::Session(s) => format!("S{s}"),
            TabMessage::SignedOut => "O".to_owned(),
        }
    }

    fn decode(raw: &str) -> Option<TabMessage> {
        if let Some(s) = raw.strip_prefix('S') {
            Some(TabMessage::Session(s.to_owned()))
        } else if raw == "O" {
            Some(TabMessage::SignedOut)
        } else {
            None
        }
    }
}

/// An event listener: its target, event name and handler.
type Listener = (
    web_sys::EventTarget,
    &'static str,
    Closure<dyn FnMut(web_sys::Event)>,
);

/// Listeners that live as long as this value: dropping it removes them.
pub struct TabEvents {
    channel: Option<web_sys::BroadcastChannel>,
    _on_message: Option<Closure<dyn FnMut(web_sys::MessageEvent)>>,
    listeners: Vec<Listener>,
    interval: Option<(i32, Closure<dyn FnMut()>)>,
}

impl TabEvents {
    /// Opens the BroadcastChannel `channel_name` and listens for other tabs'
    /// messages (`on_message`), `storage` events (`on_storage(key, new_value)`),
    /// and wake-ups (`on_wake`: `visibilitychange` to visible, `focus`, and
    /// an interval of `interval_ms`).
    pub fn listen(
        channel_name: &str,
        interval_ms: i32,
        on_message: impl Fn(TabMessage) + 'static,
        on_storage: impl Fn(String, Option<String>) + 'static,
        on_wake: impl Fn() + 'static,
    ) -> TabEvents {
        let mut events = TabEvents {
            channel: None,
            _on_message: None,
            listeners: Vec::new(),
            interval: None,
        };
        let Some(window) = web_sys::window() else {
            return events;
        };

        if let Ok(channel) = web_sys::BroadcastChannel::new(channel_name) {
            let handler = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(
                move |e: web_sys::MessageEvent| {
                    if let Some(msg) = e.data().as_string().as_deref().and_then(TabMessage::decode)
                    {
                        on_message(msg);
                    }
                },
            );
            channel.set_onmessage(Some(handler.as_ref().unchecked_ref()));
            events.channel = Some(channel);
            events._on_message = Some(handler);
        }

        let on_wake = Rc::new(on_wake);
        let storage = Closure::<dyn FnMut(web_sys::Event)>::new(move |e: web_sys::Event| {
            if let Some(e) = e.dyn_ref::<web_sys::StorageEvent>() {
                if let Some(key) = e.key() {
                    on_storage(key, e.new_value());
                }
            }
        });
        events.add(window.clone().into(), "storage", storage);

        let wake = on_wake.clone();
        let visibility = Closure::<dyn FnMut(web_sys::Event)>::new(move |_| {
            let visible = web_sys::window()
                .and_then(|w| w.document())
                .is_some_and(|d| d.visibility_state() == web_sys::VisibilityState::Visible);
            if visible {
                wake();
            }
        });
        if let Some(document) = window.document() {
            events.add(document.into(), "visibilitychange", visibility);
        }
        let wake = on_wake.clone();
        let focus = Closure::<dyn FnMut(web_sys::Event)>::new(move |_| wake());
        events.add(window.clone().into(), "focus", focus);

        let wake = on_wake;
        let tick = Closure::<dyn FnMut()>::new(move || wake());
        if let Ok(id) = window.set_interval_with_callback_and_timeout_and_arguments_0(
            tick.as_ref().unchecked_ref(),
            interval_ms,
        ) {
            events.interval = Some((id, tick));
        }
        events
    }

    fn add(
        &mut self,
        target: web_sys::EventTarget,
        name: &'static str,
        handler: Closure<dyn FnMut(web_sys::Event)>,
    ) {
        if target
            .add_event_listener_with_callback(name, handler.as_ref().unchecked_ref())
            .is_ok()
        {
            self.listeners.push((target, name, handler));
        }
    }

    /// Sends `message` to the other tabs (not to this one).
    pub fn broadcast(&self, message: &TabMessage) {
        if let Some(channel) = &self.channel {
            // postMessage only throws on a closed channel; the other tabs then
            // still follow through `storage` events or their next check.
            let _ = channel.post_message(&JsValue::from_str(&message.encode()));
        }
    }
}

impl Drop for TabEvents {
    fn drop(&mut self) {
        for (target, name, handler) in &self.listeners {
            let _ =
                target.remove_event_listener_with_callback(name, handler.as_ref().unchecked_ref());
        }
        if let Some(channel) = &self.channel {
            channel.set_onmessage(None);
            channel.close();
        }
        if let (Some(window), Some((id, _))) = (web_sys::window(), &self.interval) {
            window.clear_interval_with_handle(*id);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::TabMessage;

    #[test]
    fn messages_round_trip_and_junk_is_ignored() {
        for m in [
            TabMessage::Session("{\"v\":1}".into()),
            TabMessage::SignedOut,
        ] {
            assert_eq!(TabMessage::decode(&m.encode()), Some(m));
        }
        assert_eq!(TabMessage::decode(""), None);
        assert_eq!(TabMessage::decode("X{}"), None);
    }
}

//! Key-value storage: memory, `sessionStorage` and `localStorage`.
//!
//! Every key this crate writes starts with [`KEY_PREFIX`] and carries a format
//! version (`lha/v1/...`), so a wipe finds them all and a future format can
//! live beside this one. Values are strings; decoding them (and refusing
//! corrupt or foreign data) is the core's job.

use std::cell::RefCell;
use std::collections::BTreeMap;

use gloo_storage::Storage as _;

use crate::core::StorageKind;

/// The prefix of every key this crate writes.
pub const KEY_PREFIX: &str = "lha/";
/// Where the signed-in session is kept (in the configured storage).
pub const SESSION_KEY: &str = "lha/v1/session";
/// Where the pending authorization (state, nonce, PKCE verifier) waits for the
/// callback. Always in `sessionStorage`: it must survive the redirect to the
/// provider, and it belongs to the one tab that started the sign-in.
pub const PENDING_KEY: &str = "lha/v1/pending";
/// Where the `state` of a provider logout waits for the provider's redirect
/// back (`sessionStorage`).
pub const PENDING_LOGOUT_KEY: &str = "lha/v1/pending-logout";
/// Where the provider's public signing keys (its JWK Set) are cached
/// (`sessionStorage`), so a page load after a key rotation refetches them
/// once instead of trusting a stale set. Public data; wiped with the rest.
pub const JWKS_KEY: &str = "lha/v1/jwks";

/// Why a value could not be written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// The browser refused to give access to this storage (disabled cookies,
    /// a sandboxed frame, private mode in some browsers).
    #[error("the browser's {0} is not available (it may be disabled for this site)")]
    Unavailable(&'static str),
    /// The write was refused, usually because the storage quota is full.
    #[error("the browser refused to save to its {0} (the storage may be full)")]
    WriteRefused(&'static str),
}

/// A string key-value store. Implementations never panic.
pub trait KeyValueStore {
    /// The value under `key`, if there is one.
    fn get(&self, key: &str) -> Option<String>;
    /// Stores `value` under `key`.
    fn set(&self, key: &str, value: &str) -> Result<(), StoreError>;
    /// Deletes `key` (nothing happens if it is absent).
    fn remove(&self, key: &str);
    /// Every key that starts with `prefix`.
    fn keys_with_prefix(&self, prefix: &str) -> Vec<String>;

    /// Deletes every key this crate wrote.
    fn wipe(&self) {
        for key in self.keys_with_prefix(KEY_PREFIX) {
            self.remove(&key);
        }
    }
}

thread_local! {
    static MEMORY: RefCell<BTreeMap<String, String>> = const { RefCell::new(BTreeMap::new()) };
}

/// Storage that lives as long as the page: lost on reload, invisible to other
/// tabs, out of reach of anything that reads `Storage`.
#[derive(Clone, Copy, Debug, Default)]
pub struct MemoryStore;

impl KeyValueStore for MemoryStore {
    fn get(&self, key: &str) -> Option<String> {
        MEMORY.with(|m| m.borrow().get(key).cloned())
    }

    fn set(&self, key: &str, value: &str) -> Result<(), StoreError> {
        MEMORY.with(|m| m.borrow_mut().insert(key.to_owned(), value.to_owned()));
        Ok(())
    }

    fn remove(&self, key: &str) {
        MEMORY.with(|m| m.borrow_mut().remove(key));
    }

    fn keys_with_prefix(&self, prefix: &str) -> Vec<String> {
        MEMORY.with(|m| {
            m.borrow()
                .keys()
                .filter(|k| k.starts_with(prefix))
                .cloned()
                .collect()
        })
    }
}

/// Which Web Storage area a [`WebStore`] uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WebStorageArea {
    /// `window.sessionStorage`: per tab, survives reloads.
    Session,
    /// `window.localStorage`: shared by every tab of the origin, survives restarts.
    Local,
}

impl WebStorageArea {
    fn name(self) -> &'static str {
        match self {
            WebStorageArea::Session => "sessionStorage",
            WebStorageArea::Local => "localStorage",
        }
    }
}

/// `sessionStorage` or `localStorage`, through gloo-storage.
#[derive(Clone, Copy, Debug)]
pub struct WebStore {
    area: WebStorageArea,
}

impl WebStore {
    /// A store on `area`. Fails when the browser denies access to it.
    pub fn new(area: WebStorageArea) -> Result<WebStore, StoreError> {
        let store = WebStore { area };
        store.raw()?;
        Ok(store)
    }

    /// The underlying `web_sys::Storage`, or an error when access is denied.
    fn raw(&self) -> Result<web_sys::Storage, StoreError> {
        // gloo-storage's `raw()` throws when the area is unavailable, so probe
        // first; when the probe succeeds, gloo's accessor returns the same object.
        let window = web_sys::window().ok_or(StoreError::Unavailable(self.area.name()))?;
        let probe = match self.area {
            WebStorageArea::Session => window.session_storage(),
            WebStorageArea::Local => window.local_storage(),
        };
        match probe {
            Ok(Some(_)) => Ok(match self.area {
                WebStorageArea::Session => gloo_storage::SessionStorage::raw(),
                WebStorageArea::Local => gloo_storage::LocalStorage::raw(),
            }),
            _ => Err(StoreError::Unavailable(self.area.name())),
        }
    }
}

impl KeyValueStore for WebStore {
    fn get(&self, key: &str) -> Option<String> {
        self.raw().ok()?.get_item(key).ok().flatten()
    }

    fn set(&self, key: &str, value: &str) -> Result<(), StoreError> {
        self.raw()?
            .set_item(key, value)
            .map_err(|_| StoreError::WriteRefused(self.area.name()))
    }

    fn remove(&self, key: &str) {
        if let Ok(raw) = self.raw() {
            // removeItem only throws on a detached document; nothing to do then.
            let _ = raw.remove_item(key);
        }
    }

    fn keys_with_prefix(&self, prefix: &str) -> Vec<String> {
        let Ok(raw) = self.raw() else {
            return Vec::new();
        };
        let len = raw.length().unwrap_or(0);
        (0..len)
            .filter_map(|i| raw.key(i).ok().flatten())
            .filter(|k| k.starts_with(prefix))
            .collect()
    }
}

/// The store for the session tokens, as the configuration asks.
#[derive(Clone, Copy, Debug)]
pub enum TokenStore {
    /// In memory only.
    Memory(MemoryStore),
    /// In `sessionStorage` or `localStorage`.
    Web(WebStore),
}

impl TokenStore {
    /// Opens the store `kind` names.
    pub fn open(kind: StorageKind) -> Result<TokenStore, StoreError> {
        Ok(match kind {
            StorageKind::Memory => TokenStore::Memory(MemoryStore),
            StorageKind::Session => TokenStore::Web(WebStore::new(WebStorageArea::Session)?),
            StorageKind::Local => TokenStore::Web(WebStore::new(WebStorageArea::Local)?),
        })
    }

    fn inner(&self) -> &dyn KeyValueStore {
        match self {
            TokenStore::Memory(m) => m,
            TokenStore::Web(w) => w,
        }
    }
}

impl KeyValueStore for TokenStore {
    fn get(&self, key: &str) -> Option<String> {
        self.inner().get(key)
    }
    fn set(&self, key: &str, value: &str) -> Result<(), StoreError> {
        self.inner().set(key, value)
    }
    fn remove(&self, key: &str) {
        self.inner().remove(key)
    }
    fn keys_with_prefix(&self, prefix: &str) -> Vec<String> {
        self.inner().keys_with_prefix(prefix)
    }
}

/// Deletes every key this crate wrote, in memory, `sessionStorage` and
/// `localStorage` alike.
pub fn wipe_everywhere() {
    MemoryStore.wipe();
    for area in [WebStorageArea::Session, WebStorageArea::Local] {
        if let Ok(store) = WebStore::new(area) {
            store.wipe();
        }
    }
}

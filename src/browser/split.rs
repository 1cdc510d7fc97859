//! Split points: code that a user may never need is fetched when it is
//! first called.
//!
//! A function declared with [`split_point!`] is, in the hosted page's release
//! build (cargo feature `split`, `scripts/build.sh`), a
//! [wasm-split](https://docs.rs/wasm_split_helpers) split point: its code,
//! and everything that only it reaches, goes into a separate `.wasm` chunk
//! that the browser fetches (pinned by Subresource Integrity) the first time
//! the function is called. Without the feature (tests, `cargo build`, apps
//! that embed the components with their own build) it is an ordinary
//! function. Either way the caller gets a `Result`: a chunk that cannot be
//! fetched (offline, a deploy replaced the files) is an error in words, never
//! a panic. A failed fetch is not remembered: the next call tries again.

/// A split-off chunk of the page could not be fetched or instantiated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ChunkError;

impl std::fmt::Display for ChunkError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a part of the page (a WebAssembly chunk) could not be loaded")
    }
}

impl std::error::Error for ChunkError {}

#[cfg(feature = "split")]
impl From<leptos::wasm_split::SplitLoaderError> for ChunkError {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        // The loader logs the cause (HTTP status, integrity, instantiate
        // error) to the console itself.
        ChunkError
    }
}

/// Declares `fn $name(args) -> T` as a split point in chunk `$chunk`;
/// callers get `async fn $name(args) -> Result<T, ChunkError>`, and
/// `async fn $preload() -> Result<(), ChunkError>` fetches the chunk ahead of
/// time without running anything. Functions with the same `$chunk` share one
/// chunk.
///
/// The code that `wasm_split` generates holds the loader's FFI glue (an
/// import that the splitter rewrites, a static loader cell), which needs
/// `unsafe`: it is allowed on these two generated functions and nowhere else
/// in the crate (`#![deny(unsafe_code)]` in lib.rs).
macro_rules! split_point {
    (
        $(#[$meta:meta])*
        $vis:vis fn $name:ident ( $( $arg:ident : $ty:ty ),* $(,)? ) -> $ret:ty,
        chunk = $chunk:ident, preload = $preload:ident
        $body:block
    ) => {
        #[cfg(all(feature = "split", target_family = "wasm"))]
        #[::leptos::wasm_split::wasm_split(
            $chunk,
            fallible,
            wasm_split_path = ::leptos::wasm_split,
            preload(#[allow(unsafe_code, dead_code)] $preload)
        )]
        #[allow(unsafe_code)]
        $(#[$meta])*
        $vis fn $name( $( $arg : $ty ),* ) -> Result<$ret, $crate::browser::split::ChunkError> {
            let value: $ret = $body;
            Ok(value)
        }

        #[cfg(not(all(feature = "split", target_family = "wasm")))]
        $(#[$meta])*
        #[allow(clippy::unused_async)]
        $vis async fn $name( $( $arg : $ty ),* ) -> Result<$ret, $crate::browser::split::ChunkError> {
            let value: $ret = $body;
            Ok(value)
        }

        #[cfg(not(all(feature = "split", target_family = "wasm")))]
        #[allow(dead_code, clippy::unused_async)]
        $vis async fn $preload() -> Result<(), $crate::browser::split::ChunkError> {
            Ok(())
        }
    };
}
pub(crate) use split_point;

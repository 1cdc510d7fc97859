//! One signal, one button: what any Leptos 0.8 CSR page costs before it does anything.

use leptos::prelude::*;

fn main() {
    leptos::mount::mount_to_body(|| {
        let count = RwSignal::new(0u32);
        view! {
            <main>
                <button class="floor-button" on:click=move |_| count.update(|n| *n += 1)>
                    "Sign in " {move || count.get()}
                </button>
            </main>
        }
    });
}

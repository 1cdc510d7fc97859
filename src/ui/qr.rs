//! QR codes rendered locally as inline SVG (no image service sees the TOTP
//! secret).

use leptos::prelude::*;
use qrcodegen::{QrCode, QrCodeEcc};

/// The text to encode, and the image's accessible name.
pub struct QrSvg {
    /// What the code holds (an `otpauth://` URI).
    pub text: String,
    /// The `aria-label` of the image.
    pub label: String,
}

impl QrSvg {
    /// An `<svg>` of the code with a quiet zone of 4 modules, or a short
    /// notice when the text is too long to encode.
    pub fn view(&self) -> AnyView {
        let Ok(code) = QrCode::encode_text(&self.text, QrCodeEcc::Medium) else {
            return view! { <p class="lha-auth__hint">"The key is too long for a QR code."</p> }
                .into_any();
        };
        let size = code.size();
        let mut path = String::new();
        for y in 0..size {
            for x in 0..size {
                if code.get_module(x, y) {
                    path.push_str(&format!("M{},{}h1v1h-1z", x + 4, y + 4));
                }
            }
        }
        let full = size + 8;
        view! {
            <svg
                class="lha-totp__qr"
                role="img"
                aria-label=self.label.clone()
                viewBox=format!("0 0 {full} {full}")
                shape-rendering="crispEdges"
                data-lha-qr=""
            >
                <rect width="100%" height="100%" fill="#fff"/>
                <path d=path fill="#000"/>
            </svg>
        }
        .into_any()
    }
}

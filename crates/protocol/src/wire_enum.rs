//! `wire_enum!` declares an enum whose variants travel as fixed strings, and writes each string
//! once: serde's `rename`, `as_str` and `from_wire` all come from the same literal. The widget
//! decodes these enums without serde (see `src/wire/` in the widget: serde's visitors cost
//! kilobytes of wasm), so it needs the names at run time; the server keeps serde.
//!
//! The names are matched as `tt`, not `literal`: utoipa reads `#[serde(rename = …)]` token by
//! token and does not see through a `literal` fragment (the OpenAPI document would list the
//! Rust names).

macro_rules! wire_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$variant_meta:meta])* $variant:ident = $wire:tt, )*
        }
    ) => {
        $(#[$meta])*
        pub enum $name {
            $( $(#[$variant_meta])* #[serde(rename = $wire)] $variant, )*
        }

        impl $name {
            /// Every variant, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant,)*];

            /// The name on the wire.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $wire,)*
                }
            }

            /// The variant with this wire name.
            pub fn from_wire(name: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|v| v.as_str() == name)
            }
        }
    };
}

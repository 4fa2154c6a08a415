//! The application's pictograms, each a `data:` address built from its
//! file in `public/icons` (see `build.rs`): `<img src=icons::LOCK .../>`.
//! A misspelt icon does not compile.

include!(concat!(env!("OUT_DIR"), "/icons.rs"));

#[cfg(test)]
mod tests {
    /// The address decodes back to the file, so the browser draws what
    /// the file draws.
    #[test]
    fn an_icon_address_is_its_file() {
        let file = include_str!("../../public/icons/warning.svg").trim().replace('"', "'");
        let encoded = super::WARNING.strip_prefix("data:image/svg+xml,").expect("an SVG data address");
        let mut decoded = String::new();
        let mut rest = encoded;
        while let Some(i) = rest.find('%') {
            decoded.push_str(&rest[..i]);
            let byte = u8::from_str_radix(&rest[i + 1..i + 3], 16).expect("two hex digits");
            decoded.push(char::from(byte));
            rest = &rest[i + 3..];
        }
        decoded.push_str(rest);
        assert_eq!(decoded, file);
        assert!(!encoded.contains(['"', '#', '<', '>', '&', '\n']), "nothing an address or HTML would read otherwise");
    }
}

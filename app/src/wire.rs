//! How the answers of the server functions that islands call travel: JSON,
//! as `server_fn`'s own `Json`, but read in the browser from text
//! (`serde_json::from_str`), the way Leptos reads an island's props. With
//! `server_fn`'s reader (`from_slice`), a type that a page both receives
//! as props and asks for again (her demande, her sharing choices) had its
//! JSON reader compiled twice into the light bundle, once per reader.

use serde::{Serialize, de::DeserializeOwned};
use server_fn::{Bytes, ContentType, Decodes, Encodes, Format, FormatType};

/// JSON read from text.
pub struct JsonText;

/// For `#[server(output = wire::Json)]`.
pub type Json = server_fn::codec::Post<JsonText>;

impl ContentType for JsonText {
    const CONTENT_TYPE: &'static str = "application/json";
}

impl FormatType for JsonText {
    const FORMAT_TYPE: Format = Format::Text;
}

impl<T: Serialize> Encodes<T> for JsonText {
    type Error = serde_json::Error;

    fn encode(output: &T) -> Result<Bytes, Self::Error> {
        serde_json::to_vec(output).map(Bytes::from)
    }
}

impl<T: DeserializeOwned> Decodes<T> for JsonText {
    type Error = serde_json::Error;

    fn decode(bytes: Bytes) -> Result<T, Self::Error> {
        let text = std::str::from_utf8(&bytes).map_err(<serde_json::Error as serde::de::Error>::custom)?;
        serde_json::from_str(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_it_writes_it_reads_back_and_bad_bytes_are_an_error() {
        let value = (String::from("é🌱 \"guillemets\""), 42_i64, vec![true, false]);
        let bytes = <JsonText as Encodes<_>>::encode(&value).expect("encodes");
        assert_eq!(bytes, serde_json::to_vec(&value).expect("same JSON as server_fn's"));
        let back: (String, i64, Vec<bool>) = <JsonText as Decodes<_>>::decode(bytes).expect("decodes");
        assert_eq!(back, value);
        assert!(<JsonText as Decodes<String>>::decode(Bytes::from_static(b"\"\xff\"")).is_err());
        assert!(<JsonText as Decodes<i64>>::decode(Bytes::from_static(b"{")).is_err());
    }
}

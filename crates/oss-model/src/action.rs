//! DoMetaQueryAction and DoDataPipeLineAction: requests and answers whose XML depends on the
//! action the query names (`createDataset`, `listDatasets`...), carried as checked text
//! rather than a model per action.

use serde::{Deserialize, Serialize};

use crate::op::Document;
use crate::{ParseError, XmlBody};

/// An XML document of any root element, kept as received; reading one checks that it is a
/// single well-formed document. An empty body reads as an empty document.
///
/// ```
/// use oss_model::{ActionDocument, XmlBody};
///
/// let doc = ActionDocument::from_xml("<ListDatasetsResponse><Datasets/></ListDatasetsResponse>").unwrap();
/// assert_eq!(doc.root().as_deref(), Some("ListDatasetsResponse"));
/// assert!(ActionDocument::from_xml("<a><b></a>").is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ActionDocument {
    /// The document's text (empty for none).
    pub xml: String,
}

impl ActionDocument {
    /// The document `xml`, once checked.
    pub fn new(xml: impl Into<String>) -> Result<Self, ParseError> {
        Self::from_xml(xml.into())
    }

    /// The name of the root element, if there is a document.
    pub fn root(&self) -> Option<String> {
        let mut reader = quick_xml::Reader::from_str(&self.xml);
        loop {
            match reader.read_event() {
                Ok(quick_xml::events::Event::Start(e)) | Ok(quick_xml::events::Event::Empty(e)) => {
                    return Some(String::from_utf8_lossy(e.local_name().as_ref()).into_owned())
                }
                Ok(quick_xml::events::Event::Eof) | Err(_) => return None,
                Ok(_) => {}
            }
        }
    }
}

impl XmlBody for ActionDocument {
    /// Not a fixed element: the action decides.
    const ROOT: &'static str = "*";

    fn from_xml(xml: impl AsRef<[u8]>) -> Result<Self, ParseError> {
        let text = std::str::from_utf8(xml.as_ref())
            .map_err(|e| ParseError::new(format!("the body is not UTF-8: {e}")))?;
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        if !text.trim().is_empty() {
            crate::xml::check_document(text)?;
        }
        Ok(ActionDocument {
            xml: text.to_owned(),
        })
    }

    fn to_xml(&self) -> String {
        self.xml.clone()
    }
}

impl Document for ActionDocument {}

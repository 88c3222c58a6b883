//! `object_store` [`Attributes`] as OSS object metadata and back: the content headers,
//! the storage class and user metadata, through oss-client's [`ObjectHeaders`] and
//! [`ObjectMeta`] (which know the vendor's header names).
//!
//! User metadata names are what OSS allows (`-`, digits and letters, folded to lower
//! case): oss-client refuses any other name before sending, so
//! `Attribute::Metadata("test_key")` fails with an error instead of being renamed.

use object_store::{Attribute, Attributes};
use oss_client::model::{ObjectHeaders, ObjectMeta, StorageClass};

/// The object headers that store `attributes`.
pub(crate) fn to_headers(attributes: &Attributes) -> object_store::Result<ObjectHeaders> {
    let mut headers = ObjectHeaders::new();
    for (attribute, value) in attributes {
        let value = value.as_ref().to_owned();
        match attribute {
            Attribute::ContentDisposition => headers.content_disposition = Some(value),
            Attribute::ContentEncoding => headers.content_encoding = Some(value),
            Attribute::ContentLanguage => headers.content_language = Some(value),
            Attribute::ContentType => headers.content_type = Some(value),
            Attribute::CacheControl => headers.cache_control = Some(value),
            Attribute::StorageClass => headers.storage_class = Some(StorageClass::from(value)),
            Attribute::Metadata(name) => headers = headers.meta(name.as_ref(), value),
            other => {
                return Err(object_store::Error::NotSupported {
                    source: format!("the attribute {other:?} has no OSS counterpart").into(),
                })
            }
        }
    }
    Ok(headers)
}

/// The attributes an object's metadata holds. The storage class is reported when it is not
/// `Standard` (the default every object has unless told otherwise), as S3 reports it.
pub(crate) fn from_meta(meta: &ObjectMeta) -> Attributes {
    let mut attributes = Attributes::new();
    let mut set = |attribute: Attribute, value: &Option<String>| {
        if let Some(value) = value {
            attributes.insert(attribute, value.clone().into());
        }
    };
    set(Attribute::ContentDisposition, &meta.content_disposition);
    set(Attribute::ContentEncoding, &meta.content_encoding);
    set(Attribute::ContentLanguage, &meta.content_language);
    set(Attribute::ContentType, &meta.content_type);
    set(Attribute::CacheControl, &meta.cache_control);
    if let Some(class) = meta
        .storage_class
        .as_ref()
        .filter(|c| **c != StorageClass::Standard)
    {
        attributes.insert(Attribute::StorageClass, class.as_str().to_owned().into());
    }
    for (name, value) in &meta.user_meta {
        attributes.insert(
            Attribute::Metadata(name.clone().into()),
            value.clone().into(),
        );
    }
    attributes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributes_round_trip_through_object_metadata() {
        let attributes = Attributes::from_iter([
            (Attribute::CacheControl, "max-age=604800"),
            (Attribute::ContentDisposition, "attachment"),
            (Attribute::ContentEncoding, "gzip"),
            (Attribute::ContentLanguage, "en-US"),
            (Attribute::ContentType, "text/html"),
            (Attribute::StorageClass, "IA"),
            (Attribute::Metadata("Author".into()), "alice"),
        ]);
        let headers = to_headers(&attributes).unwrap();
        assert_eq!(headers.storage_class, Some(StorageClass::Ia));
        assert_eq!(headers.user_meta["author"], "alice");
        let meta = ObjectMeta {
            content_type: headers.content_type.clone(),
            cache_control: headers.cache_control.clone(),
            content_disposition: headers.content_disposition.clone(),
            content_encoding: headers.content_encoding.clone(),
            content_language: headers.content_language.clone(),
            storage_class: headers.storage_class.clone(),
            user_meta: headers.user_meta.clone(),
            ..ObjectMeta::default()
        };
        let back = from_meta(&meta);
        assert_eq!(back.len(), attributes.len());
        assert_eq!(
            back.get(&Attribute::Metadata("author".into()))
                .map(|v| v.as_ref()),
            Some("alice")
        );
        assert_eq!(
            back.get(&Attribute::StorageClass).map(|v| v.as_ref()),
            Some("IA")
        );
    }

    #[test]
    fn the_standard_storage_class_is_not_reported() {
        let meta = ObjectMeta {
            storage_class: Some(StorageClass::Standard),
            ..ObjectMeta::default()
        };
        assert!(from_meta(&meta).is_empty());
    }
}

//! The closed vocabularies of the API (ACLs, storage classes, directives…) as enums that keep
//! values they do not know.
//!
//! OSS adds values over time (`ColdArchive`, `DeepColdArchive`, `SM4`), so no enum here fails
//! on an unknown one: it lands in the `Other(String)` variant, exactly as received, and is sent
//! back unchanged. Known values are recognised ignoring ASCII case and surrounding whitespace
//! (the reference prints `public-read ` with a trailing space), and always written in their
//! canonical wire spelling. Every enum implements [`FromStr`] (infallibly), [`Display`],
//! [`AsRef<str>`], `From<&str>`, `From<String>`, and serde (de)serialization as its wire
//! string.
//!
//! [`Display`]: std::fmt::Display

use std::convert::Infallible;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

macro_rules! wire_enum {
    (
        $(#[$meta:meta])*
        $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident => $wire:literal, )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
            /// A value this version does not know, kept exactly as received.
            Other(String),
        }

        impl $name {
            /// Every known value, in declaration order.
            pub const KNOWN: &'static [$name] = &[$($name::$variant),+];

            /// The wire spelling.
            pub fn as_str(&self) -> &str {
                match self {
                    $( $name::$variant => $wire, )+
                    $name::Other(value) => value,
                }
            }

            /// Reads a wire value: a known one ignoring ASCII case and surrounding
            /// whitespace, anything else as [`Other`](Self::Other).
            pub fn parse(value: &str) -> Self {
                let trimmed = value.trim();
                $(
                    if trimmed.eq_ignore_ascii_case($wire) {
                        return $name::$variant;
                    }
                )+
                $name::Other(value.to_owned())
            }
        }

        impl FromStr for $name {
            type Err = Infallible;

            fn from_str(value: &str) -> Result<Self, Infallible> {
                Ok($name::parse(value))
            }
        }

        impl From<&str> for $name {
            fn from(value: &str) -> Self {
                $name::parse(value)
            }
        }

        impl From<String> for $name {
            fn from(value: String) -> Self {
                match $name::parse(&value) {
                    $name::Other(_) => $name::Other(value),
                    known => known,
                }
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                String::deserialize(deserializer).map($name::from)
            }
        }
    };
}

wire_enum! {
    /// An access control list: a bucket's (`x-oss-acl`, `Grant` in GetBucketAcl) or an
    /// object's (`x-oss-object-acl`, `Grant` in GetObjectAcl).
    Acl {
        /// `private`: only the owner reads and writes (the default for a new bucket).
        Private => "private",
        /// `public-read`: anyone reads, the owner writes.
        PublicRead => "public-read",
        /// `public-read-write`: anyone reads and writes.
        PublicReadWrite => "public-read-write",
        /// `default`: an object inherits its bucket's ACL (objects only).
        Default => "default",
    }
}

wire_enum! {
    /// The storage class of a bucket or an object (`x-oss-storage-class`, `StorageClass`).
    StorageClass {
        /// `Standard`.
        Standard => "Standard",
        /// `IA`: Infrequent Access.
        Ia => "IA",
        /// `Archive`: must be restored before it can be read.
        Archive => "Archive",
        /// `ColdArchive`.
        ColdArchive => "ColdArchive",
        /// `DeepColdArchive`.
        DeepColdArchive => "DeepColdArchive",
    }
}

wire_enum! {
    /// How a bucket's data is made redundant (`DataRedundancyType`).
    DataRedundancyType {
        /// `LRS`: locally redundant (the default).
        Lrs => "LRS",
        /// `ZRS`: zone-redundant.
        Zrs => "ZRS",
    }
}

wire_enum! {
    /// How an object was created (`x-oss-object-type`, `Type` in listings).
    ObjectType {
        /// `Normal`: PutObject (or PostObject, CopyObject).
        Normal => "Normal",
        /// `Appendable`: AppendObject.
        Appendable => "Appendable",
        /// `Multipart`: CompleteMultipartUpload.
        Multipart => "Multipart",
        /// `Symlink`: PutSymlink.
        Symlink => "Symlink",
    }
}

wire_enum! {
    /// What CopyObject does with the source's metadata (`x-oss-metadata-directive`).
    MetadataDirective {
        /// `COPY`: keep the source's metadata (the default).
        Copy => "COPY",
        /// `REPLACE`: use the metadata sent with the request.
        Replace => "REPLACE",
    }
}

wire_enum! {
    /// What CopyObject does with the source's tags (`x-oss-tagging-directive`).
    TaggingDirective {
        /// `Copy`: keep the source's tags (the default).
        Copy => "Copy",
        /// `Replace`: use the tags sent in `x-oss-tagging`.
        Replace => "Replace",
    }
}

wire_enum! {
    /// How fast RestoreObject restores a Cold Archive object (`JobParameters/Tier`).
    RestoreTier {
        /// `Expedited`: within about an hour.
        Expedited => "Expedited",
        /// `Standard`: within a few hours.
        Standard => "Standard",
        /// `Bulk`: within about half a day, the cheapest.
        Bulk => "Bulk",
    }
}

wire_enum! {
    /// How a listing encodes names (`encoding-type`, `EncodingType`).
    EncodingType {
        /// `url`: names are percent-encoded, so that keys holding characters XML 1.0 cannot
        /// carry still list.
        Url => "url",
    }
}

wire_enum! {
    /// A server-side encryption algorithm (`x-oss-server-side-encryption`).
    ServerSideEncryption {
        /// `AES256`: keys managed by OSS.
        Aes256 => "AES256",
        /// `KMS`: keys managed by Key Management Service.
        Kms => "KMS",
        /// `SM4`: the Chinese national standard block cipher.
        Sm4 => "SM4",
    }
}

wire_enum! {
    /// The versioning state of a bucket.
    VersioningStatus {
        /// New writes get a version id each; older versions are kept.
        Enabled => "Enabled",
        /// New writes get the `null` version id; versions already made are kept.
        Suspended => "Suspended",
    }
}

wire_enum! {
    /// The state of a bucket's retention (WORM) policy.
    BucketWormState {
        /// Initiated: it protects objects, can be aborted, and lapses after 24 hours unless
        /// completed.
        InProgress => "InProgress",
        /// Completed: it can only be extended.
        Locked => "Locked",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_values_parse_leniently_and_print_canonically() {
        assert_eq!(Acl::parse("public-read "), Acl::PublicRead);
        assert_eq!(StorageClass::parse("ia"), StorageClass::Ia);
        assert_eq!(StorageClass::Ia.to_string(), "IA");
        assert_eq!(
            "DeepColdArchive".parse::<StorageClass>(),
            Ok(StorageClass::DeepColdArchive)
        );
        assert_eq!(MetadataDirective::Replace.as_ref(), "REPLACE");
        assert_eq!(TaggingDirective::Replace.as_ref(), "Replace");
    }

    #[test]
    fn unknown_values_are_kept_verbatim() {
        assert_eq!(
            StorageClass::parse(" Glacier"),
            StorageClass::Other(" Glacier".into())
        );
        assert_eq!(StorageClass::from(String::from("X")).as_str(), "X");
        assert_eq!(Acl::KNOWN.len(), 4);
    }
}

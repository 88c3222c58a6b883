//! The operations, one module per family, and the helpers they share.

pub(crate) mod acl;
pub(crate) mod append;
pub(crate) mod bucket;
pub(crate) mod conditions;
pub(crate) mod configs;
pub(crate) mod copy;
pub(crate) mod cors;
pub(crate) mod delete_multiple;
pub(crate) mod document;
pub(crate) mod listing;
pub(crate) mod meta;
pub(crate) mod multipart;
pub(crate) mod multipart_listing;
pub(crate) mod object;
pub(crate) mod range;
pub(crate) mod read;
pub(crate) mod referer;
pub(crate) mod restore;
pub(crate) mod service;
pub(crate) mod symlink;
pub(crate) mod tagging;
pub(crate) mod upload;
pub(crate) mod validate;
pub(crate) mod versions;
pub(crate) mod website;
pub(crate) mod worm;
pub(crate) mod xml;

// The SDKs' bucket families.
pub(crate) mod bucket_config;
pub(crate) mod items;
pub(crate) mod regions;
pub(crate) mod replication;

// Browser forms and callbacks (issue 13).
pub(crate) mod form;
pub(crate) mod post_object;
pub(crate) mod post_policy;

// Issue 12 remainder.
pub(crate) mod retention;

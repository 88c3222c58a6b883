//! oss-auth

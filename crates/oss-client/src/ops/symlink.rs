//! What PutSymlink adds to its generic [`Request`]: the symlink's own metadata. A symlink is
//! an object that points at another key; GET and HEAD on it return the target.
//!
//! ```no_run
//! # async fn demo(bucket: oss_client::Bucket) -> oss_client::Result<()> {
//! bucket.put_symlink("latest.tar.gz", "releases/1.2.3.tar.gz").await?;
//! assert_eq!(bucket.get_symlink("latest.tar.gz").await?.target, "releases/1.2.3.tar.gz");
//! # Ok(())
//! # }
//! ```

use oss_model::op;
use oss_model::ObjectHeaders;

use crate::ops::object_options::object_setters;
use crate::request::Request;

pub use oss_model::SymlinkInfo;

impl Request<op::PutSymlink> {
    fn headers_mut(&mut self) -> &mut ObjectHeaders {
        self.input_mut()
            .headers
            .get_or_insert_with(Default::default)
    }

    object_setters!(custom);
}

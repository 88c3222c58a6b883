//! A browser upload form (PostObject): the application signs a policy, prints the HTML form a
//! page would serve, then posts the same form itself, as a browser would.
//!
//! Runs against a local oss-server that the example starts itself:
//! `cargo run -p oss-client --example post_form`.

use std::time::Duration;

use oss_client::ops::post::{PostFile, PostPolicy};
use oss_client::Client;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let server = oss_server::ServerConfig::new().start().await?;
    let client = Client::builder()
        .endpoint(server.endpoint())
        .region(server.region())
        .credentials(server.credentials()[0].clone())
        .build()?;
    let bucket = client.bucket("example-bucket");
    bucket.put_bucket().await?;

    // What the page may upload: under uploads/, 1 byte to 10 MiB, any text type, for ten
    // minutes; a 201 answer with a PostResponse.
    let policy = PostPolicy::new(Duration::from_secs(600))
        .key_starts_with("uploads/")
        .content_length_range(1, 10 << 20)
        .content_type_starts_with("text/")
        .success_action_status(201);
    let form = bucket.post_form(&policy).await?;
    println!(
        "<form action=\"{}\" method=\"post\" enctype=\"multipart/form-data\">",
        form.url
    );
    for (name, value) in &form.fields {
        println!("  <input type=\"hidden\" name=\"{name}\" value=\"{value}\">");
    }
    println!("  <input type=\"hidden\" name=\"Content-Type\" value=\"text/plain\">");
    println!("  <input type=\"file\" name=\"file\"> <input type=\"submit\">\n</form>");

    // The browser's post, made here: `${filename}` in the key becomes the file's name.
    let form = form.with_field("Content-Type", "text/plain");
    let posted = bucket
        .post_object(
            &form,
            "notes.txt",
            PostFile::from_bytes("posted from a form"),
        )
        .await?;
    let response = posted.response.clone().unwrap_or_default();
    println!(
        "stored {} at {} (ETag {})",
        response.key, response.location, response.etag
    );

    // A file outside the policy is refused, and nothing is stored.
    let refused = bucket
        .post_object(&form, "empty.txt", PostFile::from_bytes(""))
        .await
        .unwrap_err();
    println!("an empty file: {:?}", refused.code());
    server.shutdown().await;
    Ok(())
}

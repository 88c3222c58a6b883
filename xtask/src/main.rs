//! Project automation; see `cargo xtask help`.
fn main() {
    eprintln!("xtask: not yet");
}

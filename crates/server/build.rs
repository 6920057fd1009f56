// `sqlx::migrate!` embeds the migrations when the crate compiles; without this, adding one
// leaves an incremental build with the old list (sqlx's documented build script).
fn main() {
    println!("cargo:rerun-if-changed=migrations");
    println!("cargo:rerun-if-changed=migrations-postgres");
}

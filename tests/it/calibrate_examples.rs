//! The example exports in `examples/crm/` are the generator's output, byte for byte. To write
//! them again after a change to the generator: `PROSPECT_SIM_WRITE_EXAMPLES=1 cargo test
//! --release calibrate_examples`, then review `git diff examples/crm`.

use std::path::Path;

use prospect_sim::calibrate::synthetic::examples;

#[test]
fn committed_example_exports_are_the_generators_output() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/crm");
    let write = std::env::var_os("PROSPECT_SIM_WRITE_EXAMPLES").is_some();
    let all = examples();
    assert!(all.len() >= 6, "{} examples", all.len());
    for (name, text) in all {
        let path = dir.join(&name);
        if write {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&path, &text).unwrap();
        }
        let committed = std::fs::read(&path)
            .unwrap_or_else(|e| panic!("{}: {e} (write it as the module says)", path.display()));
        assert!(
            committed == text.as_bytes(),
            "{} differs from the generator's output (write it again as the module says)",
            path.display()
        );
    }
}

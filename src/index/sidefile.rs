//! Files newsdex keeps beside tantivy's in the index directory, written so a kill at any
//! instruction leaves the old file or the new one, never half of one.

use std::io;
use std::path::Path;

use serde::{Deserialize, Serialize};

/// Read a JSON file; `None` when it does not exist. A file that does not parse is an error
/// naming it.
pub(crate) fn read_json<T: for<'de> Deserialize<'de>>(path: &Path) -> io::Result<Option<T>> {
    match std::fs::read(path) {
        Ok(bytes) => serde_json::from_slice(&bytes).map(Some).map_err(|e| {
            io::Error::new(
                io::ErrorKind::InvalidData,
                format!("{}: {e}", path.display()),
            )
        }),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(io::Error::new(e.kind(), format!("{}: {e}", path.display()))),
    }
}

/// Write to a temporary file, flush it to disk, then rename. `step` names the failpoint just
/// before the rename (see `crate::failpoint`), where a kill leaves the temporary file behind.
pub(crate) fn write_json_atomic<T: Serialize>(
    path: &Path,
    value: &T,
    step: &str,
) -> io::Result<()> {
    let tmp = path.with_extension("json.tmp");
    {
        let file = std::fs::File::create(&tmp)?;
        let mut writer = io::BufWriter::new(&file);
        serde_json::to_writer(&mut writer, value).map_err(io::Error::other)?;
        io::Write::flush(&mut writer)?;
        drop(writer);
        file.sync_all()?;
    }
    crate::failpoint::hit(step);
    std::fs::rename(&tmp, path)
}

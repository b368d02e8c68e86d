//! Page parts, one per file.

pub mod dashboard;
pub mod dropzone;
pub mod files;
pub mod header;
pub mod mapping;
pub mod metric;
pub mod progress;
pub mod settings;

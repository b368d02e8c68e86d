//! Ingestion tests: every format's fixture read field by field.

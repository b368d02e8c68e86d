//! The whole pipeline on canonical contacts: fuzzer rows under a fixed header are ingested,
//! merged and every metric computed, so odd values reach the metric arithmetic.
#![no_main]

use deflect::engine::dataset::Dataset;
use deflect::engine::params::{Filters, Params};
use deflect::engine::report::Report;
use deflect_fuzz::ingest_chunked;
use libfuzzer_sys::fuzz_target;

const HEADER: &[u8] = b"id,customer,channel,created,first_response,resolved,closed,status,direction,agent,team,issue_type,reopens,agent_replies,escalated,transfers,csat,queue_wait_s,talk_s,hold_s,after_work_s,answered,abandoned,abandon_stage,abandon_wait_s,not_demand\n";

fuzz_target!(|data: &[u8]| {
    let mut file = HEADER.to_vec();
    file.extend_from_slice(data);
    let Ok(ing) = ingest_chunked("tickets.csv", &file, &[1 << 20]) else { return };
    let ds = Dataset::from_parts(ing.parts);
    let report = Report::build(&ds, &Params::default(), &Filters::default());
    let _ = report.to_json();
});

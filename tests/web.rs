//! Tests that need a real browser (headless Chromium via wasm-bindgen-test-runner): the engine
//! service reading a real `File` in slices, and components rendering values with their data
//! attributes.
#![cfg(target_arch = "wasm32")]

use std::cell::RefCell;
use std::rc::Rc;

use deflect::engine::catalogue::entry;
use deflect::protocol::{Request, Response, Settings};
use deflect::ui::components::metric::value_view;
use deflect::ui::i18n::Lang;
use deflect::worker::Service;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const FIXTURE: &str = include_str!("fixtures/e2e_tickets.csv");

fn file(name: &str, text: &str) -> web_sys::File {
    let parts = js_sys::Array::new();
    parts.push(&js_sys::Uint8Array::from(text.as_bytes()));
    web_sys::File::new_with_u8_array_sequence(&parts, name).expect("file")
}

fn utc() -> Settings {
    let mut s = Settings::default();
    s.params.insert("time_zone".into(), "UTC".into());
    s
}

async fn load(svc: Rc<Service>, files: Vec<web_sys::File>) -> Vec<Response> {
    let got = Rc::new(RefCell::new(Vec::new()));
    let sink = got.clone();
    let names = files.iter().map(|f| f.name()).collect();
    let req = Request::Load { job: 1, names, choices: vec![], sample: false, settings: utc(), remembered: Default::default() };
    svc.handle(req, files, Rc::new(move |r| sink.borrow_mut().push(r))).await;
    let out = got.borrow().clone();
    out
}

#[wasm_bindgen_test]
async fn service_reads_a_browser_file_in_slices() {
    // 7-byte slices: records, quoted fields and line ends are cut everywhere.
    let svc = Service::with_chunk_bytes(7.0);
    let responses = load(svc, vec![file("e2e_tickets.csv", FIXTURE)]).await;
    let progress = responses.iter().filter(|r| matches!(r, Response::Progress { .. })).count();
    assert!(progress >= 1);
    let Some(Response::Done { analysis, .. }) = responses.last() else { panic!("no result: {responses:?}") };
    let r = &analysis.report;
    assert_eq!(r.headline("contact_volume").and_then(|x| x.value).map(|v| v.as_f64()), Some(10.0));
    let frt = r.headline("first_response_time").expect("frt");
    assert_eq!((frt.median, frt.mean, frt.p90), (Some(9900.0), Some(22520.625), Some(97200.0)));
    assert_eq!((analysis.files[0].rows, analysis.files[0].used, analysis.files[0].rejected), (11, 10, 1));
}

#[wasm_bindgen_test]
async fn recompute_with_a_filter_needs_no_rereading() {
    let svc = Service::with_chunk_bytes(1024.0);
    load(svc.clone(), vec![file("e2e_tickets.csv", FIXTURE)]).await;
    let mut settings = utc();
    settings.filters.channels = vec![deflect::engine::record::Channel::Email];
    let got = Rc::new(RefCell::new(Vec::new()));
    let sink = got.clone();
    svc.handle(Request::Recompute { job: 2, settings }, vec![], Rc::new(move |r| sink.borrow_mut().push(r))).await;
    let got = got.borrow();
    let Some(Response::Done { analysis, .. }) = got.last() else { panic!("no result") };
    assert_eq!(analysis.report.headline("contact_volume").and_then(|x| x.value).map(|v| v.as_f64()), Some(5.0));
}

#[wasm_bindgen_test]
fn a_rate_renders_as_a_locale_percentage_with_its_raw_value() {
    let doc = web_sys::window().and_then(|w| w.document()).expect("document");
    let host = doc.create_element("div").expect("div");
    doc.body().expect("body").append_child(&host).expect("append");
    let e = entry("first_response_target_rate").expect("catalogued");
    let row = deflect::engine::metrics::MetricRow::rate(e.id, 7, 8, "needs");
    let host_el: web_sys::HtmlElement = host.clone().unchecked_into();
    let _mount = leptos::mount::mount_to(host_el, move || value_view(Lang::It, e, &row, ""));
    let span = host.query_selector("[data-metric=first_response_target_rate]").expect("query").expect("span");
    assert_eq!(span.text_content().as_deref().map(str::trim), Some("87,5 %"));
    assert_eq!(span.get_attribute("data-value").as_deref(), Some("0.875"));
    assert_eq!(span.get_attribute("data-num").as_deref(), Some("7"));
    assert_eq!(span.get_attribute("data-den").as_deref(), Some("8"));
}

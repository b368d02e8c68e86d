//! Opt-in persistence: "keep these files in this browser" stores the dropped files in this
//! origin's IndexedDB so they are there next time; "forget everything" deletes them and every
//! setting. Off by default: without the opt-in, nothing of a file is ever stored.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

const DB: &str = "deflect";
const STORE: &str = "files";
/// Storage key of the opt-in.
pub const KEEP_KEY: &str = "deflect.keep_files";

fn factory() -> Option<web_sys::IdbFactory> {
    web_sys::window()?.indexed_db().ok().flatten()
}

/// Turns an IDB request into a promise of its result.
fn request_promise(req: &web_sys::IdbRequest) -> js_sys::Promise {
    let req = req.clone();
    js_sys::Promise::new(&mut |resolve, reject| {
        let r2 = req.clone();
        let ok = Closure::once_into_js(move |_e: web_sys::Event| {
            let _ = resolve.call1(&JsValue::NULL, &r2.result().unwrap_or(JsValue::UNDEFINED));
        });
        let err = Closure::once_into_js(move |_e: web_sys::Event| {
            let _ = reject.call1(&JsValue::NULL, &JsValue::from_str("IndexedDB request failed"));
        });
        req.set_onsuccess(Some(ok.unchecked_ref()));
        req.set_onerror(Some(err.unchecked_ref()));
    })
}

async fn open() -> Result<web_sys::IdbDatabase, JsValue> {
    let f = factory().ok_or("IndexedDB is not available")?;
    let req = f.open_with_u32(DB, 1)?;
    let upgrade = Closure::once_into_js(move |e: web_sys::Event| {
        let Some(target) = e.target() else { return };
        let Ok(req) = target.dyn_into::<web_sys::IdbOpenDbRequest>() else { return };
        if let Ok(db) = req.result().and_then(|r| r.dyn_into::<web_sys::IdbDatabase>()) {
            if !db.object_store_names().contains(STORE) {
                let _ = db.create_object_store(STORE);
            }
        }
    });
    req.set_onupgradeneeded(Some(upgrade.unchecked_ref()));
    let db = JsFuture::from(request_promise(&req)).await?;
    db.dyn_into::<web_sys::IdbDatabase>()
}

/// Stores the files (replacing what was stored).
pub async fn save_files(files: &[web_sys::File]) -> Result<(), JsValue> {
    let db = open().await?;
    let tx = db.transaction_with_str_and_mode(STORE, web_sys::IdbTransactionMode::Readwrite)?;
    let store = tx.object_store(STORE)?;
    JsFuture::from(request_promise(&store.clear()?)).await?;
    for (i, f) in files.iter().enumerate() {
        JsFuture::from(request_promise(&store.put_with_key(f, &JsValue::from(i as u32))?)).await?;
    }
    db.close();
    Ok(())
}

/// The stored files, in order.
pub async fn load_files() -> Result<Vec<web_sys::File>, JsValue> {
    let db = open().await?;
    let tx = db.transaction_with_str(STORE)?;
    let store = tx.object_store(STORE)?;
    let all = JsFuture::from(request_promise(&store.get_all()?)).await?;
    db.close();
    let arr: js_sys::Array = all.dyn_into()?;
    Ok(arr.iter().filter_map(|v| v.dyn_into::<web_sys::File>().ok()).collect())
}

/// Deletes the database.
pub async fn forget_files() -> Result<(), JsValue> {
    let f = factory().ok_or("IndexedDB is not available")?;
    let req = f.delete_database(DB)?;
    JsFuture::from(request_promise(&req)).await?;
    Ok(())
}

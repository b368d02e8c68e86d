//! The app binary: mounts the Leptos UI (see `deflect::ui`).

fn main() {
    deflect::ui::mount();
}

//! Lookup files: the users, groups and organisations behind the ids that API exports carry
//! (Zendesk `assignee_id`, `group_id`, `requester_id`; Intercom `admin_assignee_id`,
//! `team_assignee_id`; HubSpot `hubspot_owner_id`). Dropped alongside, they are read into
//! [`crate::engine::record::Lookup`] entries, and the dataset shows names instead of ids and
//! matches requesters by e-mail.
//!
//! Recognised: Zendesk `users`, `groups` and `organizations` JSON (also sideloaded next to
//! `tickets`), Intercom `admins` and `teams`, HubSpot owners (`firstName`, `lastName`). The JSON
//! key the rows came from is the strongest clue; the columns decide when it is missing.

use super::formats::{mapping_of, Clues, Spec, TEXT};
use super::mapping::{Conv, Field, Header, Mapping, RecordKind};

/// The lookup specs.
pub fn specs() -> Vec<Spec> {
    vec![
        Spec { id: "zendesk_users", name: "Zendesk users (lookup)", score: score_zendesk_users, mapping: zendesk_users, special: None },
        Spec { id: "zendesk_groups", name: "Zendesk groups (lookup)", score: score_zendesk_groups, mapping: zendesk_groups, special: None },
        Spec { id: "zendesk_organizations", name: "Zendesk organizations (lookup)", score: score_zendesk_orgs, mapping: zendesk_orgs, special: None },
        Spec { id: "intercom_admins", name: "Intercom teammates (lookup)", score: score_intercom_admins, mapping: intercom_admins, special: None },
        Spec { id: "intercom_teams", name: "Intercom teams (lookup)", score: score_intercom_teams, mapping: intercom_teams, special: None },
        Spec { id: "hubspot_owners", name: "HubSpot owners (lookup)", score: score_hubspot_owners, mapping: hubspot_owners, special: None },
    ]
}

/// The rows came from one of these JSON keys, or the file is named after one (a bare array
/// saved as `users.json`).
fn hint_is(c: &Clues, names: &[&str]) -> bool {
    let base = c.base_name();
    c.hint.is_some_and(|h| names.contains(&h)) || names.iter().any(|n| base.contains(n))
}

/// Any of the first rows' `url` values points at a Zendesk API path.
fn zendesk_url(c: &Clues, path: &str) -> bool {
    let Some(i) = c.header.find("url") else { return false };
    c.rows.iter().take(20).filter_map(|r| r.get(i)).any(|u| u.contains("zendesk.com/api/v2/") && u.contains(path))
}

fn lookup(h: &Header, source: &str, table: &str, key: &[&str], name: &[&str], email: &[&str]) -> Mapping {
    let m = mapping_of(
        h,
        RecordKind::Lookup,
        source,
        &[(Field::LookupKey, key, TEXT), (Field::LookupName, name, TEXT), (Field::LookupEmail, email, Conv::Customer)],
    );
    m.constant(Field::LookupTable, table)
}

fn score_zendesk_users(c: &Clues) -> f32 {
    let shape = c.has_all(&["id", "name", "email", "role"]);
    if shape && (zendesk_url(c, "/users/") || c.has_any(&["ticket_restriction", "only_private_comments", "shared_phone_number"])) {
        0.95
    } else if shape && hint_is(c, &["users"]) {
        0.9
    } else {
        0.0
    }
}

/// Zendesk users: id → name and e-mail.
pub fn zendesk_users(h: &Header) -> Mapping {
    lookup(h, "zendesk", "user", &["id"], &["name"], &["email"])
}

fn score_zendesk_groups(c: &Clues) -> f32 {
    let shape = c.has_all(&["id", "name"]) && !c.has("email");
    if shape && (zendesk_url(c, "/groups/") || (hint_is(c, &["groups"]) && c.has_any(&["is_public", "default", "deleted"]))) {
        0.95
    } else {
        0.0
    }
}

/// Zendesk groups: id → name.
pub fn zendesk_groups(h: &Header) -> Mapping {
    lookup(h, "zendesk", "group", &["id"], &["name"], &[])
}

fn score_zendesk_orgs(c: &Clues) -> f32 {
    let shape = c.has_all(&["id", "name"]) && c.has_any(&["domain_names", "organization_fields", "shared_tickets"]);
    if shape && (zendesk_url(c, "/organizations/") || hint_is(c, &["organizations"])) {
        0.95
    } else {
        0.0
    }
}

/// Zendesk organisations: id → name.
pub fn zendesk_orgs(h: &Header) -> Mapping {
    lookup(h, "zendesk", "organisation", &["id"], &["name"], &[])
}

fn score_intercom_admins(c: &Clues) -> f32 {
    let shape = c.has_all(&["id", "name", "email"]) && c.has_any(&["away_mode_enabled", "away_mode_reassign", "has_inbox_seat", "job_title"]);
    if shape || (hint_is(c, &["admins"]) && c.has_all(&["id", "name"])) {
        0.95
    } else {
        0.0
    }
}

/// Intercom teammates (admins): id → name and e-mail.
pub fn intercom_admins(h: &Header) -> Mapping {
    lookup(h, "intercom", "user", &["id"], &["name"], &["email"])
}

fn score_intercom_teams(c: &Clues) -> f32 {
    let shape = c.has_all(&["id", "name"]) && c.has("admin_ids");
    if shape || (hint_is(c, &["teams"]) && c.has_all(&["id", "name"]) && !c.has("email")) {
        0.95
    } else {
        0.0
    }
}

/// Intercom teams: id → name.
pub fn intercom_teams(h: &Header) -> Mapping {
    lookup(h, "intercom", "group", &["id"], &["name"], &[])
}

fn score_hubspot_owners(c: &Clues) -> f32 {
    if c.has_all(&["id", "email"]) && c.has_any(&["firstName", "firstname"]) && c.has_any(&["lastName", "lastname", "userId"]) {
        0.95
    } else {
        0.0
    }
}

/// HubSpot owners: id → "first last" and e-mail.
pub fn hubspot_owners(h: &Header) -> Mapping {
    let mut m = lookup(h, "hubspot", "user", &["id"], &["firstName", "firstname"], &["email"]);
    if let Some(i) = ["lastName", "lastname"].iter().find_map(|n| h.find(n)) {
        m.columns.push(super::mapping::ColumnMap { field: Field::LookupName, column: h.names[i].clone(), conv: Conv::Append { field: Field::LookupName } });
    }
    m
}

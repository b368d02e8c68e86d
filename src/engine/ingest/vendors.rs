//! Helpdesk ticket exports read one row per ticket: Zendesk (admin CSV and API JSON),
//! Freshdesk and Freshservice CSV, Zammad XLSX, Jira Service Management CSV (English and
//! Spanish headers), HubSpot tickets (API names and labels), Salesforce Case (labels and API
//! names) and Help Scout conversations JSON.
//!
//! Each format is a [`Spec`]: its decisive columns (FORMATS.md §6) and a declarative mapping
//! the user can review and change. Where FORMATS.md marks a shape unverified, the most
//! plausible reading is taken and the comment next to it says "unverified".

use super::formats::{mapping_of, with_values, Clues, Spec, LABEL, TEXT, TIMESTAMP};
use super::mapping::{Conv, Field, Header, Mapping, RecordKind};
use crate::engine::time::DurationUnit;

const MINUTES_AFTER_CREATED: Conv = Conv::After { base: Field::Created, unit: DurationUnit::Minutes };
const MILLIS_AFTER_CREATED: Conv = Conv::After { base: Field::Created, unit: DurationUnit::Millis };
const CUSTOMER: Conv = Conv::Customer;
const COUNT: Conv = Conv::Count;
const CSAT: Conv = Conv::Csat;

/// The helpdesk specs.
pub fn specs() -> Vec<Spec> {
    vec![
        Spec { id: "zendesk_tickets_csv", name: "Zendesk ticket export (CSV)", score: score_zendesk_csv, mapping: zendesk_csv, special: None },
        Spec { id: "zendesk_tickets_json", name: "Zendesk tickets (API / incremental export JSON)", score: score_zendesk_json, mapping: zendesk_json, special: None },
        Spec { id: "freshdesk_tickets_csv", name: "Freshdesk ticket export", score: score_freshdesk, mapping: freshdesk, special: None },
        Spec { id: "freshservice_tickets_csv", name: "Freshservice ticket export", score: score_freshservice, mapping: freshservice, special: None },
        Spec { id: "zammad_tickets_xlsx", name: "Zammad ticket report", score: score_zammad, mapping: zammad, special: None },
        Spec { id: "jira_service_management_csv", name: "Jira Service Management issues (CSV)", score: score_jira, mapping: jira, special: None },
        Spec { id: "hubspot_tickets", name: "HubSpot tickets", score: score_hubspot, mapping: hubspot, special: None },
        Spec { id: "salesforce_cases", name: "Salesforce cases", score: score_salesforce, mapping: salesforce, special: None },
        Spec { id: "helpscout_conversations_json", name: "Help Scout conversations (API JSON)", score: score_helpscout, mapping: helpscout, special: None },
    ]
}

// ---------------------------------------------------------------------------------------------
// Zendesk

const ZENDESK_CSV_MARKS: &[&str] = &[
    "Requester wait time in minutes",
    "Requester wait time in minutes within business hours",
    "First reply time in minutes",
    "First reply time in minutes within business hours",
    "First resolution time in minutes",
    "Full resolution time in minutes",
    "Agent wait time in minutes",
    "On hold time in minutes",
    "Group stations",
    "Assignee stations",
    "Satisfaction Score",
];

fn score_zendesk_csv(c: &Clues) -> f32 {
    let marks = c.count(ZENDESK_CSV_MARKS);
    if marks >= 2 && c.has_any(&["Id", "Summation column"]) && c.has("Created at") {
        0.9 + 0.01 * marks.min(9) as f32
    } else {
        0.0
    }
}

/// `Via` display values of the admin CSV export. Only `Mail` is seen in a real file; the others
/// follow the channel names of Zendesk's UI (unverified).
const ZENDESK_VIA: &[(&str, &str)] = &[
    ("mail", "email"),
    ("email", "email"),
    ("web form", "web_form"),
    ("web widget", "web_form"),
    ("help center", "web_form"),
    ("web service", "other"),
    ("api", "other"),
    ("chat", "chat"),
    ("messaging", "messaging"),
    ("native messaging", "messaging"),
    ("text", "messaging"),
    ("mobile sdk", "messaging"),
    ("phone call (inbound)", "phone"),
    ("phone call (outbound)", "phone"),
    ("voicemail", "phone"),
    ("closed ticket", "other"),
    ("sample ticket", "other"),
];

/// Zendesk admin CSV export (FORMATS.md §1.1a). First response and first solve are the
/// minute durations after `Created at` (METRICS.md §4a); `Solved at` (the latest solve) only
/// when the export lacks the first-resolution column. Issue type is `Ticket type`, or, without
/// it, the first `[list]` custom field (the real Excel-resaved file has only
/// `Manual Tagging of Categories [list]`).
pub fn zendesk_csv(h: &Header) -> Mapping {
    let mut m = mapping_of(
        h,
        RecordKind::Contact,
        "zendesk",
        &[
            (Field::Id, &["Id", "ID"], TEXT),
            (Field::Customer, &["Requester email"], CUSTOMER),
            (Field::Customer, &["Requester id"], CUSTOMER),
            (Field::Channel, &["Via"], LABEL),
            (Field::NotDemand, &["Via"], LABEL),
            (Field::Created, &["Created at"], TIMESTAMP),
            (Field::Updated, &["Updated at"], TIMESTAMP),
            (Field::FirstResponse, &["First reply time in minutes"], MINUTES_AFTER_CREATED),
            (Field::Resolved, &["First resolution time in minutes"], MINUTES_AFTER_CREATED),
            (Field::Resolved, &["Solved at"], TIMESTAMP),
            (Field::Status, &["Status"], TEXT),
            (Field::Priority, &["Priority"], TEXT),
            (Field::Agent, &["Assignee"], TEXT),
            (Field::Team, &["Group"], TEXT),
            (Field::IssueType, &["Ticket type"], TEXT),
            (Field::Reopens, &["Reopens"], COUNT),
            (Field::AgentReplies, &["Replies"], COUNT),
            (Field::Csat, &["Satisfaction Score"], CSAT),
        ],
    );
    if m.column_of(Field::IssueType).is_none() {
        if let Some(list) = h.names.iter().find(|n| n.trim_end().ends_with("[list]")) {
            m.add(h, Field::IssueType, &[list.as_str()], TEXT);
        }
    }
    let m = with_values(m, Field::Channel, ZENDESK_VIA);
    with_values(m, Field::NotDemand, &[("sample ticket", "not_demand")])
}

fn score_zendesk_json(c: &Clues) -> f32 {
    let ticket = c.has("requester_id") && c.has("created_at") && c.has_any(&["via.channel", "generated_timestamp"]);
    if !ticket {
        return 0.0;
    }
    let metrics = c.has_any(&["metric_set.reply_time_in_minutes.calendar", "metric.reply_time_in_minutes.calendar"]);
    if metrics {
        0.97
    } else {
        0.95
    }
}

/// Zendesk tickets from the API (`{"tickets": [...]}` incremental export, NDJSON full export,
/// FORMATS.md §1.1b). Ticket metrics are read from `metric_set` (the sideload
/// `include=metric_sets`, joined onto its ticket when it arrives as a top-level array; the
/// exact sideload shape is unverified) or `metric`. Agents and groups are ids: a users/groups
/// lookup file dropped alongside turns them into names.
pub fn zendesk_json(h: &Header) -> Mapping {
    let m = mapping_of(
        h,
        RecordKind::Contact,
        "zendesk",
        &[
            (Field::Id, &["id"], TEXT),
            (Field::Customer, &["requester.email", "requester_id"], CUSTOMER),
            (Field::Channel, &["via.channel"], LABEL),
            // Voice tickets carry their direction in `via.source.rel` (unverified): outbound
            // calls are not demand.
            (Field::NotDemand, &["via.source.rel"], LABEL),
            (Field::Created, &["created_at"], TIMESTAMP),
            (Field::Updated, &["updated_at"], TIMESTAMP),
            (
                Field::FirstResponse,
                &["metric_set.reply_time_in_minutes.calendar", "metric.reply_time_in_minutes.calendar"],
                MINUTES_AFTER_CREATED,
            ),
            (
                Field::Resolved,
                &["metric_set.first_resolution_time_in_minutes.calendar", "metric.first_resolution_time_in_minutes.calendar"],
                MINUTES_AFTER_CREATED,
            ),
            (Field::Resolved, &["metric_set.solved_at", "metric.solved_at"], TIMESTAMP),
            (Field::Status, &["status"], TEXT),
            (Field::Priority, &["priority"], TEXT),
            (Field::Agent, &["assignee_id"], TEXT),
            (Field::Team, &["group_id"], TEXT),
            (Field::IssueType, &["type"], TEXT),
            (Field::Reopens, &["metric_set.reopens", "metric.reopens"], COUNT),
            (Field::AgentReplies, &["metric_set.replies", "metric.replies"], COUNT),
            (Field::Csat, &["satisfaction_rating.score"], CSAT),
        ],
    );
    let m = with_values(
        m,
        Field::Channel,
        &[("web", "web_form"), ("web_widget", "web_form"), ("help_center", "web_form"), ("any_channel", "other"), ("sample_ticket", "other")],
    );
    with_values(m, Field::NotDemand, &[("outbound", "not_demand")])
}

// ---------------------------------------------------------------------------------------------
// Freshdesk and Freshservice

const FRESHSERVICE_MARKS: &[&str] = &["Requester Email", "Requester Name", "Urgency", "Impact", "Sub-Category"];

fn score_freshdesk(c: &Clues) -> f32 {
    let core = c.has("First response time (in hrs)") && c.has_any(&["Agent interactions", "Customer interactions"]);
    if core && c.count(FRESHSERVICE_MARKS) == 0 {
        0.95
    } else {
        0.0
    }
}

fn score_freshservice(c: &Clues) -> f32 {
    if c.has("First Response Time (in Hrs)") && c.count(FRESHSERVICE_MARKS) >= 1 {
        0.96
    } else {
        0.0
    }
}

/// Freshdesk ticket export (FORMATS.md §1.2). `Initial response time` is the first response
/// timestamp. The `(in hrs)` columns are business-hours durations (`HH:MM:SS`) that cannot be
/// placed on the calendar, so they feed nothing: Deflect computes business time itself. An
/// `Outbound Email` source is not demand. Date format unverified (any ISO or dd/mm form reads).
pub fn freshdesk(h: &Header) -> Mapping {
    mapping_of(
        h,
        RecordKind::Contact,
        "freshdesk",
        &[
            (Field::Id, &["Ticket ID"], TEXT),
            (Field::Customer, &["Email"], CUSTOMER),
            (Field::Customer, &["Contact ID"], CUSTOMER),
            (Field::Channel, &["Source"], LABEL),
            (Field::Created, &["Created time"], TIMESTAMP),
            (Field::FirstResponse, &["Initial response time"], TIMESTAMP),
            (Field::Resolved, &["Resolved time"], TIMESTAMP),
            (Field::Closed, &["Closed time"], TIMESTAMP),
            (Field::Updated, &["Last update time", "Last updated time"], TIMESTAMP),
            (Field::Status, &["Status"], TEXT),
            (Field::Priority, &["Priority"], TEXT),
            (Field::Agent, &["Agent"], TEXT),
            (Field::Team, &["Group"], TEXT),
            (Field::IssueType, &["Type", "Product"], TEXT),
            (Field::AgentReplies, &["Agent interactions"], COUNT),
            (Field::Csat, &["Survey results", "Survey result"], CSAT),
        ],
    )
}

/// Freshservice ticket export: Freshdesk's sibling with `Requester …` columns and ITSM
/// categories (FORMATS.md §1.2).
pub fn freshservice(h: &Header) -> Mapping {
    mapping_of(
        h,
        RecordKind::Contact,
        "freshservice",
        &[
            (Field::Id, &["Ticket Id", "Ticket ID"], TEXT),
            (Field::Customer, &["Requester Email"], CUSTOMER),
            (Field::Channel, &["Source"], LABEL),
            (Field::Created, &["Created Time"], TIMESTAMP),
            (Field::FirstResponse, &["Initial Response Time"], TIMESTAMP),
            (Field::Resolved, &["Resolved Time"], TIMESTAMP),
            (Field::Closed, &["Closed Time"], TIMESTAMP),
            (Field::Updated, &["Last Updated Time"], TIMESTAMP),
            (Field::Status, &["Status"], TEXT),
            (Field::Priority, &["Priority"], TEXT),
            (Field::Agent, &["Agent"], TEXT),
            (Field::Team, &["Group"], TEXT),
            (Field::IssueType, &["Category", "Type"], TEXT),
            (Field::AgentReplies, &["Agent interactions"], COUNT),
            (Field::Csat, &["Survey Result", "Survey results"], CSAT),
        ],
    )
}

// ---------------------------------------------------------------------------------------------
// Zammad

fn score_zammad(c: &Clues) -> f32 {
    let marks = c.count(&["First Response Diff In Min", "Close Escalation At", "Create Channel", "First Response Escalation At", "Time Units Total"]);
    if marks >= 2 && c.has("#") {
        0.95
    } else {
        0.0
    }
}

/// Zammad's ticket report (FORMATS.md §1.5, from `lib/excel_sheet/ticket.rb`). Zammad has
/// no separate solve: `Closed At` is both resolved and closed. Spreadsheet dates arrive as
/// Excel serials in the exporting user's zone. The `merged` and `removed` states are not
/// demand.
pub fn zammad(h: &Header) -> Mapping {
    mapping_of(
        h,
        RecordKind::Contact,
        "zammad",
        &[
            (Field::Id, &["#", "Number"], TEXT),
            (Field::Customer, &["Customer"], CUSTOMER),
            (Field::Channel, &["Create Channel"], LABEL),
            (Field::Created, &["Created At"], TIMESTAMP),
            (Field::Updated, &["Updated At"], TIMESTAMP),
            (Field::FirstResponse, &["First Response At"], TIMESTAMP),
            (Field::FirstResponse, &["First Response In Min"], MINUTES_AFTER_CREATED),
            (Field::Resolved, &["Closed At"], TIMESTAMP),
            (Field::Closed, &["Closed At"], TIMESTAMP),
            (Field::Status, &["State"], TEXT),
            (Field::Priority, &["Priority"], TEXT),
            (Field::Agent, &["Owner"], TEXT),
            (Field::Team, &["Group"], TEXT),
            (Field::IssueType, &["Type", "Category"], TEXT),
        ],
    )
}

// ---------------------------------------------------------------------------------------------
// Jira Service Management

fn score_jira(c: &Clues) -> f32 {
    let english = c.has("Issue key") && c.has_any(&["Issue id", "Issue Type", "Created"]);
    // Localised exports (FORMATS.md §0: `Clave de incidencia;…;Creada;Estado;Campo
    // personalizado (…)` is seen; the other Spanish names are unverified).
    let spanish = c.has("Clave de incidencia") && c.has_any(&["Creada", "Estado"]);
    if english || spanish {
        if c.header.has_prefix("Custom field (") || c.header.has_prefix("Campo personalizado (") {
            0.96
        } else {
            0.9
        }
    } else {
        0.0
    }
}

/// Jira Service Management issue search export (FORMATS.md §1.6), English or Spanish
/// headers. Repeated header names (`Watchers`, `Comment`) are fine: the first is used.
/// Dates are the user's Jira format, by default `25/Feb/26 10:17 PM`. Issues resolved as
/// duplicates are not demand.
pub fn jira(h: &Header) -> Mapping {
    let m = mapping_of(
        h,
        RecordKind::Contact,
        "jira",
        &[
            (Field::Id, &["Issue key", "Clave de incidencia"], TEXT),
            (Field::Customer, &["Reporter Id", "Id. del informador"], CUSTOMER),
            (Field::Customer, &["Reporter", "Informador"], CUSTOMER),
            (Field::Created, &["Created", "Creada"], TIMESTAMP),
            (Field::Updated, &["Updated", "Actualizada"], TIMESTAMP),
            (
                Field::FirstResponse,
                &["Custom field ([CHART] Date of First Response)", "Campo personalizado ([CHART] Date of First Response)"],
                TIMESTAMP,
            ),
            (Field::Resolved, &["Resolved", "Resuelta"], TIMESTAMP),
            (Field::Status, &["Status", "Estado"], TEXT),
            (Field::Priority, &["Priority", "Prioridad"], TEXT),
            (Field::Agent, &["Assignee", "Persona asignada", "Responsable"], TEXT),
            (
                Field::IssueType,
                &[
                    "Custom field (Request Type)",
                    "Custom field (Customer Request Type)",
                    "Campo personalizado (Request Type)",
                    "Campo personalizado (Tipo de solicitud)",
                    "Issue Type",
                    "Tipo de incidencia",
                ],
                TEXT,
            ),
            (Field::Csat, &["Custom field (Satisfaction)", "Satisfaction rating", "Campo personalizado (Satisfaction)"], CSAT),
            (Field::NotDemand, &["Resolution", "Resolución"], LABEL),
        ],
    );
    with_values(m, Field::NotDemand, &[("duplicate", "not_demand"), ("duplicado", "not_demand")])
}

// ---------------------------------------------------------------------------------------------
// HubSpot

fn score_hubspot(c: &Clues) -> f32 {
    let api = c.has_any(&["hs_pipeline_stage", "properties.hs_pipeline_stage", "time_to_first_agent_reply", "properties.time_to_first_agent_reply"])
        && c.has_any(&["createdate", "properties.createdate"]);
    // UI export labels (unverified).
    let labels = c.has("Ticket status") && c.has("Pipeline") && c.has_any(&["Ticket ID", "Ticket name"]);
    if api {
        0.95
    } else if labels {
        0.9
    } else {
        0.0
    }
}

/// HubSpot tickets (FORMATS.md §1.7): API property names (also under `properties.` in the
/// API's JSON) or the UI export's labels (unverified). Durations are milliseconds; the reply
/// and close dates are used when present. Owners are ids: an owners lookup file turns them
/// into names.
pub fn hubspot(h: &Header) -> Mapping {
    mapping_of(
        h,
        RecordKind::Contact,
        "hubspot",
        &[
            (Field::Id, &["hs_object_id", "properties.hs_object_id", "id", "Ticket ID"], TEXT),
            (Field::Customer, &["hs_primary_contact_email", "properties.hs_primary_contact_email", "Associated Contact"], CUSTOMER),
            (Field::Channel, &["source_type", "properties.source_type", "Source"], LABEL),
            (Field::Created, &["createdate", "properties.createdate", "Create date"], TIMESTAMP),
            (Field::Updated, &["hs_lastmodifieddate", "properties.hs_lastmodifieddate", "Last modified date"], TIMESTAMP),
            (Field::FirstResponse, &["first_agent_reply_date", "properties.first_agent_reply_date", "First agent reply date"], TIMESTAMP),
            (
                Field::FirstResponse,
                &["time_to_first_agent_reply", "properties.time_to_first_agent_reply", "Time to first agent reply"],
                MILLIS_AFTER_CREATED,
            ),
            (Field::Resolved, &["closed_date", "properties.closed_date", "Close date"], TIMESTAMP),
            (Field::Resolved, &["time_to_close", "properties.time_to_close", "Time to close"], MILLIS_AFTER_CREATED),
            (Field::Closed, &["closed_date", "properties.closed_date", "Close date"], TIMESTAMP),
            (Field::Status, &["hs_pipeline_stage", "properties.hs_pipeline_stage", "Ticket status"], TEXT),
            (Field::Priority, &["hs_ticket_priority", "properties.hs_ticket_priority", "Priority"], TEXT),
            (Field::Agent, &["hubspot_owner_id", "properties.hubspot_owner_id", "Ticket owner"], TEXT),
            (Field::Team, &["hubspot_team_id", "properties.hubspot_team_id", "HubSpot team"], TEXT),
            (Field::IssueType, &["hs_ticket_category", "properties.hs_ticket_category", "Category"], TEXT),
        ],
    )
}

// ---------------------------------------------------------------------------------------------
// Salesforce

fn score_salesforce(c: &Clues) -> f32 {
    let number = c.has_any(&["CaseNumber", "Case Number"]);
    let origin = c.has_any(&["Origin", "Case Origin"]);
    if number && origin {
        if c.has_any(&["IsEscalated", "Escalated"]) {
            0.96
        } else {
            0.93
        }
    } else {
        0.0
    }
}

/// Salesforce Case (FORMATS.md §1.8) with API names (Data Loader, Bulk API: UTC ISO dates)
/// or report labels (user's locale and zone, e.g. `5/29/2019 11:35 AM`). `ClosedDate` is
/// both resolved and closed; deleted cases are not demand.
pub fn salesforce(h: &Header) -> Mapping {
    mapping_of(
        h,
        RecordKind::Contact,
        "salesforce",
        &[
            (Field::Id, &["CaseNumber", "Case Number", "Id", "Case ID"], TEXT),
            (Field::Customer, &["ContactEmail", "Contact Email"], CUSTOMER),
            (Field::Customer, &["SuppliedEmail", "Web Email", "Email Address"], CUSTOMER),
            (Field::Customer, &["ContactId", "Contact Name"], CUSTOMER),
            (Field::Customer, &["SuppliedPhone"], CUSTOMER),
            (Field::Channel, &["Origin", "Case Origin"], LABEL),
            (Field::Created, &["CreatedDate", "Date/Time Opened", "Opened Date"], TIMESTAMP),
            (Field::Resolved, &["ClosedDate", "Date/Time Closed", "Closed Date"], TIMESTAMP),
            (Field::Closed, &["ClosedDate", "Date/Time Closed", "Closed Date"], TIMESTAMP),
            (Field::Updated, &["LastModifiedDate", "Last Modified Date", "SystemModstamp"], TIMESTAMP),
            (Field::Status, &["Status"], TEXT),
            (Field::Priority, &["Priority"], TEXT),
            (Field::Agent, &["Case Owner", "OwnerId", "Owner"], TEXT),
            (Field::IssueType, &["Type", "Case Type", "Reason", "Case Reason"], TEXT),
            (Field::Escalated, &["IsEscalated", "Escalated"], Conv::Bool),
            (Field::NotDemand, &["IsDeleted", "Deleted"], LABEL),
        ],
    )
}

// ---------------------------------------------------------------------------------------------
// Help Scout

fn score_helpscout(c: &Clues) -> f32 {
    let mailbox = c.has_any(&["mailboxId", "mailbox_id"]);
    let created = c.has_any(&["createdAt", "created_at"]);
    let marks = c.count(&["primaryCustomer.email", "primary_customer.email", "customerWaitingSince.time", "customer_waiting_since.time", "folderId", "folder_id"]);
    if mailbox && created && marks >= 1 {
        0.95
    } else {
        0.0
    }
}

/// Help Scout conversations from the Mailbox API (`_embedded.conversations`, FORMATS.md
/// §1.3), camelCase or snake_case keys. The conversation object has no first-reply time
/// (threads carry it), so first response is not available. Spam, drafts and deleted
/// conversations are not demand; conversations an agent started (`source.via` = `user`)
/// are outbound.
pub fn helpscout(h: &Header) -> Mapping {
    let m = mapping_of(
        h,
        RecordKind::Contact,
        "helpscout",
        &[
            (Field::Id, &["id"], TEXT),
            (Field::Customer, &["primaryCustomer.email", "primary_customer.email"], CUSTOMER),
            (Field::Customer, &["primaryCustomer.id", "primary_customer.id"], CUSTOMER),
            (Field::Channel, &["type", "source.type"], LABEL),
            (Field::Direction, &["source.via"], LABEL),
            (Field::Created, &["createdAt", "created_at"], TIMESTAMP),
            (Field::Updated, &["userUpdatedAt", "user_updated_at", "updatedAt", "updated_at"], TIMESTAMP),
            (Field::Resolved, &["closedAt", "closed_at"], TIMESTAMP),
            (Field::Closed, &["closedAt", "closed_at"], TIMESTAMP),
            (Field::Status, &["status"], TEXT),
            (Field::NotDemand, &["state"], LABEL),
            (Field::Agent, &["assignee.email", "assignee.id"], TEXT),
            (Field::Team, &["mailboxId", "mailbox_id"], TEXT),
            (Field::IssueType, &["tags.0.tag", "tags.0.name"], TEXT),
        ],
    );
    with_values(m, Field::Direction, &[("customer", "inbound"), ("user", "outbound")])
}

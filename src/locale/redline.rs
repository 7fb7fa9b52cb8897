//! The words of a redline's apparatus (`ptcdoc diff`): its summary, legend
//! and the names of the cover facts that changed, per language. A locale
//! file without `[redline]` gets the English ones.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct RedlineWords {
    /// "Changes: {summary}".
    pub heading: String,
    /// "{changed} changed, {added} added, {removed} removed".
    pub summary: String,
    /// "This version ({symbol}) compared with {against}."
    pub compared: String,
    pub legend: String,
    pub inserted: String,
    pub deleted: String,
    /// What the margin bar and the numbers mean.
    pub explanation: String,
    /// A cover fact that changed: "{name}: {old} → {new}".
    pub fact: String,
    pub symbol: String,
    pub title: String,
    pub sessions: String,
    pub meeting_dates: String,
    pub date_of_issue: String,
}

impl Default for RedlineWords {
    fn default() -> Self {
        RedlineWords {
            heading: "Changes: {summary}".into(),
            summary: "{changed} changed, {added} added, {removed} removed".into(),
            compared: "This version ({symbol}) compared with {against}.".into(),
            legend: "Legend:".into(),
            inserted: "inserted text".into(),
            deleted: "deleted text".into(),
            explanation: "a bar in the margin marks a changed paragraph or item. Paragraphs are \
                          numbered as in the new version; a removed paragraph keeps its old number."
                .into(),
            fact: "{name}: {old} → {new}".into(),
            symbol: "symbol".into(),
            title: "title".into(),
            sessions: "sessions".into(),
            meeting_dates: "meeting dates".into(),
            date_of_issue: "date of issue".into(),
        }
    }
}

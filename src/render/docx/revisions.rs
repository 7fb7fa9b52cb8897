//! Word tracked changes for a redline: runs of marked text inside
//! `w:ins`/`w:del` (deleted text as `w:delText`), and the paragraph mark of
//! a wholly inserted or deleted paragraph tracked too (`w:pPr/w:rPr`), so
//! that accepting every change gives the new text and rejecting every
//! change the old, without empty paragraphs left behind.

use crate::model::Revision;

use super::xml::Xml;

/// The state of tracked changes while the body is written.
#[derive(Debug, Default)]
pub struct Revisions {
    /// Who made the changes, and when (`2020-03-24T00:00:00Z`).
    pub author: String,
    pub date: String,
    next_id: u32,
    /// The mark of the text being written.
    pub active: Option<Revision>,
    /// The mark of the whole text being written (a block, an item): an
    /// empty paragraph there (before a list) is inserted or deleted too.
    pub whole: Option<Revision>,
}

impl Revisions {
    pub fn new(author: &str, date: Option<crate::input::Date>) -> Revisions {
        Revisions {
            author: author.to_string(),
            date: date.map_or(String::new(), |d| {
                format!("{:04}-{:02}-{:02}T00:00:00Z", d.year, d.month, d.day)
            }),
            ..Revisions::default()
        }
    }

    fn tag(revision: Revision) -> &'static str {
        match revision {
            Revision::Inserted => "w:ins",
            Revision::Deleted => "w:del",
        }
    }

    /// Opens the change element of `revision`; close it with
    /// [`Revisions::close`].
    /// The next annotation id (changes and bookmarks share one sequence).
    pub fn take_id(&mut self) -> u32 {
        self.next_id += 1;
        self.next_id - 1
    }

    fn open_change(&mut self, x: &mut Xml, revision: Revision, empty: bool) {
        let id = self.take_id().to_string();
        let mut attrs = vec![("w:id", id.as_str()), ("w:author", self.author.as_str())];
        if !self.date.is_empty() {
            attrs.push(("w:date", self.date.as_str()));
        }
        if empty {
            x.empty(Revisions::tag(revision), &attrs);
        } else {
            x.open(Revisions::tag(revision), &attrs);
        }
    }

    /// Before a run: opens the change it belongs to, if any.
    pub fn open(&mut self, x: &mut Xml) {
        if let Some(r) = self.active {
            self.open_change(x, r, false);
        }
    }

    /// After a run.
    pub fn close(&self, x: &mut Xml) {
        if let Some(r) = self.active {
            x.close(Revisions::tag(r));
        }
    }

    /// The element a run's text is written in: deleted text is `w:delText`.
    pub fn text_tag(&self) -> &'static str {
        match self.active {
            Some(Revision::Deleted) => "w:delText",
            _ => "w:t",
        }
    }

    /// The element of a field's instruction.
    pub fn instruction_tag(&self) -> &'static str {
        match self.active {
            Some(Revision::Deleted) => "w:delInstrText",
            _ => "w:instrText",
        }
    }

    /// In a paragraph's properties: its mark inserted or deleted.
    pub fn paragraph_mark(&mut self, x: &mut Xml, revision: Revision) {
        x.open("w:rPr", &[]);
        self.open_change(x, revision, true);
        x.close("w:rPr");
    }
}

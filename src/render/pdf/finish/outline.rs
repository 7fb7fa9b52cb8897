//! The document outline (bookmarks): sections, and the headings inside
//! them, each landing on its heading.

use lopdf::{Dictionary, Document, Object, ObjectId};

use crate::render::pdf::layout::Layout;
use crate::render::pdf::objects::{name, round, text_string, xyz};

/// The nested outline: sections, and the headings inside them.
pub(super) fn outline(doc: &mut Document, layout: &Layout, pages: &[ObjectId]) -> Option<ObjectId> {
    let entries = &layout.outline;
    if entries.is_empty() {
        return None;
    }
    let root = doc.new_object_id();
    let ids: Vec<ObjectId> = entries.iter().map(|_| doc.new_object_id()).collect();
    // Each entry's parent: the nearest earlier entry of a lower level.
    let mut parent: Vec<Option<usize>> = Vec::with_capacity(entries.len());
    let mut stack: Vec<usize> = Vec::new();
    for (i, e) in entries.iter().enumerate() {
        while stack
            .last()
            .is_some_and(|&top| entries[top].level >= e.level)
        {
            stack.pop();
        }
        parent.push(stack.last().copied());
        stack.push(i);
    }
    let children = |p: Option<usize>| -> Vec<usize> {
        (0..entries.len()).filter(|&i| parent[i] == p).collect()
    };
    for (i, e) in entries.iter().enumerate() {
        let siblings = children(parent[i]);
        let at = siblings.iter().position(|&s| s == i).unwrap_or(0);
        let kids = children(Some(i));
        let mut dict = Dictionary::new();
        dict.set("Title", text_string(&e.title));
        dict.set(
            "Parent",
            Object::Reference(parent[i].map_or(root, |p| ids[p])),
        );
        if at > 0 {
            dict.set("Prev", Object::Reference(ids[siblings[at - 1]]));
        }
        if let Some(&next) = siblings.get(at + 1) {
            dict.set("Next", Object::Reference(ids[next]));
        }
        if let (Some(&first), Some(&last)) = (kids.first(), kids.last()) {
            dict.set("First", Object::Reference(ids[first]));
            dict.set("Last", Object::Reference(ids[last]));
            dict.set("Count", Object::Integer(kids.len() as i64));
        }
        if let Some(&page) = pages.get(e.dest.page) {
            dict.set("Dest", xyz(page, round(layout.height - e.dest.y, 0.001)));
        }
        doc.objects.insert(ids[i], Object::Dictionary(dict));
    }
    let top = children(None);
    let mut dict = Dictionary::new();
    dict.set("Type", name("Outlines"));
    if let (Some(&first), Some(&last)) = (top.first(), top.last()) {
        dict.set("First", Object::Reference(ids[first]));
        dict.set("Last", Object::Reference(ids[last]));
    }
    dict.set("Count", Object::Integer(entries.len() as i64));
    doc.objects.insert(root, Object::Dictionary(dict));
    Some(root)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::pdf::layout::{Dest, OutlineEntry};
    use crate::render::pdf::style::Superscript;

    #[test]
    fn outline_nests_headings_under_sections() {
        let dest = |page, y| Dest { page, y };
        let entry = |level, title: &str, d| OutlineEntry {
            level,
            title: title.to_string(),
            dest: d,
        };
        let layout = Layout {
            width: 595.0,
            height: 842.0,
            superscript: Superscript {
                scale: 0.65,
                rise: 0.35,
            },
            pages: Vec::new(),
            links: Vec::new(),
            destinations: Default::default(),
            outline: vec![
                entry(0, "I. One", dest(0, 100.0)),
                entry(1, "Sub a", dest(0, 300.0)),
                entry(1, "Sub b", dest(1, 100.0)),
                entry(0, "II. Two", dest(1, 400.0)),
            ],
        };
        let mut doc = Document::with_version("1.7");
        let pages = vec![
            doc.add_object(Dictionary::new()),
            doc.add_object(Dictionary::new()),
        ];
        let root = outline(&mut doc, &layout, &pages).unwrap();
        let root = doc.get_dictionary(root).unwrap();
        let first = root.get(b"First").unwrap().as_reference().unwrap();
        let one = doc.get_dictionary(first).unwrap();
        assert_eq!(one.get(b"Count").unwrap().as_i64().unwrap(), 2);
        let sub_a = doc
            .get_dictionary(one.get(b"First").unwrap().as_reference().unwrap())
            .unwrap();
        let dest = sub_a.get(b"Dest").unwrap().as_array().unwrap();
        assert_eq!(dest[0].as_reference().unwrap(), pages[0]);
        assert_eq!(dest[3].as_float().unwrap(), 542.0);
        let two = doc
            .get_dictionary(one.get(b"Next").unwrap().as_reference().unwrap())
            .unwrap();
        assert_eq!(two.get(b"Title").unwrap().as_str().unwrap(), b"II. Two");
        assert!(two.get(b"Next").is_err());
    }
}

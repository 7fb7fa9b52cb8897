//! Our XLIFF 2.0 core schema (tests/schemas/xliff-2.0-core-subset.xsd),
//! which the exchange tests validate exports with: it accepts a correct
//! hand-written file, refuses each of a set of files broken one fault at
//! a time (so a pass of the exports means something), and accepts an
//! export whose texts hold every kind of inline code ptcdoc writes.

mod common;

use common::exchange::validate_xliff;
use common::*;

fn validate_text(xliff: &str) -> Result<(), String> {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("test.xlf");
    std::fs::write(&file, xliff).unwrap();
    validate_xliff(&file)
}

/// A small file that uses what the schema describes: notes, original
/// data, both kinds of segment, every inline element, a group, xml:space
/// and xml:lang, and an extension attribute.
const VALID: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" xmlns:ext="urn:example:ext"
       version="2.0" srcLang="en" trgLang="fr-CH" xml:space="default">
  <file id="f1" original="doc" canResegment="no" ext:origin="test">
    <notes>
      <note id="n1" category="about" priority="2" appliesTo="source">A test file.</note>
    </notes>
    <unit id="u1" name="introduction/1" translate="yes">
      <notes>
        <note category="paragraph">1</note>
      </notes>
      <originalData>
        <data id="d1">[](#cep)</data>
        <data id="d2s">*</data>
        <data id="d2e">*</data>
        <data id="d3" xml:space="preserve">&lt;br<cp hex="9"/>/&gt;</data>
      </originalData>
      <segment id="s1" state="final" subState="ptc:accepted" canResegment="no">
        <source xml:lang="en">See <ph id="1" type="link" subType="ptc:ref" disp="(i)" equiv="" canCopy="no" canDelete="no" canReorder="no" dataRef="d1"/> and <pc id="2" type="fmt" subType="xlf:i" canOverlap="no" dataRefStart="d2s" dataRefEnd="d2e">this</pc>.</source>
        <target xml:lang="fr-CH" order="1">Voir <ph id="1" type="link" subType="ptc:ref" disp="(i)" canCopy="no" canDelete="no" canReorder="no" dataRef="d1"/> et <pc id="2" type="fmt" subType="xlf:i" dataRefStart="d2s" dataRefEnd="d2e">ceci</pc>.</target>
      </segment>
      <ignorable id="i1">
        <source xml:space="preserve"> </source>
      </ignorable>
      <segment id="s2" state="initial">
        <source>A <sc id="3" type="fmt" dataRef="d3" canReorder="firstNo"/>split<ec startRef="3" dataRef="d3"/> <mrk id="m1" type="term" translate="no" value="x">term</mrk> <sm id="m2" type="comment" value="note"/>here<em startRef="m2"/> <cp hex="1F"/></source>
      </segment>
    </unit>
    <group id="g1" name="packages" type="ptc:package">
      <unit id="u2">
        <segment>
          <source>Two</source>
          <target>Deux</target>
        </segment>
      </unit>
      <group id="g2"/>
    </group>
  </file>
</xliff>
"#;

#[test]
fn a_hand_written_xliff_2_core_file_is_accepted() {
    assert_eq!(validate_text(VALID), Ok(()));
}

/// `VALID` with `from` (there once) replaced by `to`.
fn broken(from: &str, to: &str) -> String {
    assert_eq!(VALID.matches(from).count(), 1, "{from:?} is not there once");
    VALID.replacen(from, to, 1)
}

/// Asserts xmllint refuses each `(fault, file, what it says)`.
fn assert_each_refused(cases: &[(&str, String, &str)]) {
    for (fault, file, said) in cases {
        match validate_text(file) {
            Ok(()) => panic!("{fault}: accepted\n{file}"),
            Err(err) => assert!(err.contains(said), "{fault}: expected {said:?} in:\n{err}"),
        }
    }
}

/// Missing required attributes and values outside their type.
#[test]
fn a_missing_or_wrong_attribute_is_refused() {
    assert_each_refused(&[
        (
            "no srcLang",
            broken(r#" srcLang="en""#, ""),
            "xliff': The attribute 'srcLang' is required",
        ),
        (
            "no version",
            broken(r#"version="2.0" "#, ""),
            "xliff': The attribute 'version' is required",
        ),
        (
            "XLIFF 1.2",
            broken(r#"version="2.0""#, r#"version="1.2""#),
            "attribute 'version': The value '1.2' does not match the fixed value",
        ),
        (
            "a unit without id",
            broken(r#"<unit id="u2">"#, "<unit>"),
            "unit': The attribute 'id' is required",
        ),
        (
            "a unit id that is no name token",
            broken(r#"<unit id="u2">"#, r#"<unit id="revenue/2">"#),
            "'revenue/2' is not a valid value of the atomic type 'xs:NMTOKEN'",
        ),
        (
            "a state XLIFF 2 does not have",
            broken(r#"state="final""#, r#"state="approved""#),
            "attribute 'state': [facet 'enumeration'] The value 'approved'",
        ),
        (
            "a code type that is not one of the six",
            broken(
                r#"type="fmt" subType="xlf:i" canOverlap"#,
                r#"type="bold" subType="xlf:i" canOverlap"#,
            ),
            "attribute 'type': [facet 'enumeration'] The value 'bold'",
        ),
        (
            "a yes/no flag that is neither",
            broken(r#"canOverlap="no""#, r#"canOverlap="false""#),
            "attribute 'canOverlap': [facet 'enumeration'] The value 'false'",
        ),
        (
            "a ph without id",
            broken(
                r#"<ph id="1" type="link" subType="ptc:ref" disp="(i)" equiv"#,
                r#"<ph type="link" subType="ptc:ref" disp="(i)" equiv"#,
            ),
            "ph': The attribute 'id' is required",
        ),
        (
            "an attribute of no namespace that XLIFF does not have",
            broken(r#"<group id="g2"/>"#, r#"<group id="g2" colour="red"/>"#),
            "The attribute 'colour' is not allowed",
        ),
        (
            "a priority above 10",
            broken(r#"priority="2""#, r#"priority="11""#),
            "The value '11' is greater than the maximum value allowed ('10')",
        ),
    ]);
}

/// Ids given twice where they must be unique, references to no data.
#[test]
fn a_broken_identity_constraint_is_refused() {
    assert_each_refused(&[
        (
            "two units with one id, one of them in a group",
            broken(r#"<unit id="u2">"#, r#"<unit id="u1">"#),
            "['u1'] in unique identity-constraint '{urn:oasis:names:tc:xliff:document:2.0}unitIds'",
        ),
        (
            "two files with one id",
            broken(
                "  </file>\n",
                "  </file>\n  <file id=\"f1\"><unit id=\"u1\"><segment><source/></segment></unit></file>\n",
            ),
            "['f1'] in unique identity-constraint '{urn:oasis:names:tc:xliff:document:2.0}fileIds'",
        ),
        (
            "a dataRef to no data",
            broken(r#"dataRef="d1"/> and"#, r#"dataRef="d9"/> and"#),
            "['d9'] of keyref '{urn:oasis:names:tc:xliff:document:2.0}dataRef'",
        ),
        (
            "a dataRefEnd to no data",
            broken(r#"dataRefEnd="d2e">this"#, r#"dataRefEnd="d9">this"#),
            "['d9'] of keyref '{urn:oasis:names:tc:xliff:document:2.0}dataRefEnd'",
        ),
        (
            "two data with one id",
            broken(r#"<data id="d2e">"#, r#"<data id="d2s">"#),
            "['d2s'] in key identity-constraint '{urn:oasis:names:tc:xliff:document:2.0}dataIds'",
        ),
        (
            "a segment id that a code of its unit has",
            broken(r#"<segment id="s2""#, r#"<segment id="2""#),
            "['2'] in unique identity-constraint '{urn:oasis:names:tc:xliff:document:2.0}unitContentIds'",
        ),
        (
            "a code id given twice in a source, once nested in another code",
            broken(">this</pc>.</source>", "><ph id=\"1\"/>this</pc>.</source>"),
            "['1'] in unique identity-constraint '{urn:oasis:names:tc:xliff:document:2.0}unitContentIds'",
        ),
    ]);
}

/// Elements missing, out of order or unknown.
#[test]
fn elements_out_of_place_are_refused() {
    assert_each_refused(&[
        (
            "a unit with no segment",
            broken(
                "<segment>\n          <source>Two</source>\n          <target>Deux</target>\n        </segment>",
                "<ignorable><source>Two</source></ignorable>",
            ),
            "unit': Missing child element(s)",
        ),
        (
            "a target before its source",
            broken(
                "<source>Two</source>\n          <target>Deux</target>",
                "<target>Deux</target>\n          <source>Two</source>",
            ),
            "target': This element is not expected. Expected is ( {urn:oasis:names:tc:xliff:document:2.0}source )",
        ),
        (
            "notes after the original data",
            broken(
                "<notes>\n        <note category=\"paragraph\">1</note>\n      </notes>\n",
                "",
            )
            .replacen(
                "</originalData>\n",
                "</originalData>\n      <notes><note>late</note></notes>\n",
                1,
            ),
            "notes': This element is not expected",
        ),
        (
            "an element XLIFF does not have, in its namespace",
            broken(r#"<group id="g2"/>"#, "<p>text</p>"),
            "document:2.0}p': This element is not expected",
        ),
    ]);
}

#[test]
fn an_export_with_every_kind_of_inline_code_is_valid() {
    let work = tempfile::tempdir().unwrap();
    let doc = work.path().join("doc");
    copy_dir(&default_doc(), &doc);
    let path = doc.join("document.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    // `\\` in TOML: a backslash before the line end, a hard break.
    let codes = |words: &str, url: &str| {
        format!(
            "*emphasis* **strong *both*** [{words}]({url}) [](#phase-iv) \
             [the aim](#revenue-aim) <{url}> `code`\\\\\nbreak"
        )
    };
    let edited = text
        .replacen(
            "Considering that the Economic",
            &codes("words", "https://www.wcoomd.org/en/"),
            1,
        )
        .replacen(
            "Étant donné que le Dossier",
            &codes("mots", "https://www.wcoomd.org/fr/"),
            1,
        );
    assert!(edited != text);
    std::fs::write(&path, edited).unwrap();
    let out = ptcdoc(
        work.path(),
        &["translations", "export", "doc", "--output", "fr.xlf"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let xliff = std::fs::read_to_string(work.path().join("fr.xlf")).unwrap();
    for code in [
        "subType=\"xlf:i\"",
        "subType=\"xlf:b\"",
        "type=\"link\" canCopy",
        "ptc:ref",
        "ptc:autolink",
        "ptc:code",
        "xlf:lb",
        "d4ts",
    ] {
        assert!(xliff.contains(code), "no {code} in:\n{xliff}");
    }
    assert_eq!(validate_xliff(&work.path().join("fr.xlf")), Ok(()));
}

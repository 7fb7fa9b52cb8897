use allsorts::binary::read::ReadScope;
use allsorts::font::MatchingPresentation;
use allsorts::font_data::FontData;
use allsorts::gsub::{FeatureMask, FeatureMaskExt};
use allsorts::tables::FontTableProvider;
use allsorts::{Font, tag};

fn main() {
    for name in [
        "LiberationSerif-Regular",
        "LiberationSerif-Italic",
        "LiberationSans-Bold",
    ] {
        let bytes = std::fs::read(format!("templates/fonts/{name}.ttf")).unwrap();
        let scope = ReadScope::new(&bytes);
        let fd = scope.read::<FontData<'_>>().unwrap();
        let provider = fd.table_provider(0).unwrap();
        let tables: Vec<String> = [tag::GSUB, tag::GPOS, tag::KERN, tag::GDEF]
            .iter()
            .map(|t| format!("{}={}", tag::DisplayTag(*t), provider.has_table(*t)))
            .collect();
        println!("{name}: {:?}", tables);
        let mut font = Font::new(provider).unwrap();
        for ch in [
            ' ', '\u{a0}', '\u{202f}', '-', '\u{ad}', '\u{2011}', '\u{2010}', '’', '“', '”', '–',
            '©', '«', '»', '•', 'œ', '\u{2009}', '*',
        ] {
            let (g, _) = font.lookup_glyph_index(ch, MatchingPresentation::NotRequired, None);
            println!(
                "  U+{:04X} -> {} adv {:?}",
                ch as u32,
                g,
                font.horizontal_advance(g)
            );
        }
        let t = std::time::Instant::now();
        let mut n = 0;
        for w in [
            "AVATAR",
            "office",
            "Tools.",
            "Yerevan,",
            "To",
            "P.",
            "Workshop",
            "WCO",
            "LYNX",
            "Te",
            "Committee",
        ] {
            let glyphs = font.map_glyphs(w, tag::LATN, MatchingPresentation::NotRequired);
            let infos = font
                .shape(
                    glyphs,
                    tag::LATN,
                    Some(tag::DFLT),
                    FeatureMask::empty(),
                    &[],
                    None,
                    true,
                )
                .unwrap();
            let ks: Vec<(u16, i16)> = infos
                .iter()
                .map(|i| (i.glyph.glyph_index, i.kerning))
                .collect();
            n += infos.len();
            println!("  {w}: {:?}", ks);
        }
        let infos_default = {
            let glyphs =
                font.map_glyphs("office fi fl", tag::LATN, MatchingPresentation::NotRequired);
            font.shape(
                glyphs,
                tag::LATN,
                Some(tag::DFLT),
                FeatureMask::default_mask(),
                &[],
                None,
                true,
            )
            .unwrap()
        };
        println!(
            "  default mask office: {:?}",
            infos_default
                .iter()
                .map(|i| i.glyph.glyph_index)
                .collect::<Vec<_>>()
        );
        println!("  shaped {n} in {:?}", t.elapsed());
        let t = std::time::Instant::now();
        for _ in 0..1000 {
            let glyphs = font.map_glyphs("Committee", tag::LATN, MatchingPresentation::NotRequired);
            let _ = font
                .shape(
                    glyphs,
                    tag::LATN,
                    Some(tag::DFLT),
                    FeatureMask::empty(),
                    &[],
                    None,
                    true,
                )
                .unwrap();
        }
        println!("  1000 shapes {:?}", t.elapsed());
    }
}

//! PDF pages for invoices and reports: A4, one embedded font that has Chinese (Noto Sans SC,
//! subset to the hanzi of GB 18030 and Latin, OFL), text measured from the same font so amounts
//! line up on the right and long text wraps. The PDF itself is written by krilla, which subsets
//! the font again to the glyphs used and embeds it: the file shows the same in every reader.

use std::sync::OnceLock;

use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::Metadata;
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::text::{Font, TextDirection};
use krilla::Document;
use skrifa::instance::{LocationRef, Size};
use skrifa::{FontRef, MetadataProvider};

use crate::kernel::error::{Error, Result};

static FONT_BYTES: &[u8] = include_bytes!("../../assets/fonts/NotoSansSC-Regular-GB18030.otf");

pub const PAGE_WIDTH: f32 = 595.0;
pub const PAGE_HEIGHT: f32 = 842.0;
pub const MARGIN: f32 = 48.0;

fn font() -> &'static Font {
    static FONT: OnceLock<Font> = OnceLock::new();
    FONT.get_or_init(|| Font::new(FONT_BYTES.into(), 0).expect("the bundled font loads"))
}

/// The width of `text` at `size` points, from the font's advance widths.
pub fn text_width(text: &str, size: f32) -> f32 {
    static FONT_REF: OnceLock<FontRef<'static>> = OnceLock::new();
    let font = FONT_REF.get_or_init(|| FontRef::new(FONT_BYTES).expect("the bundled font parses"));
    let charmap = font.charmap();
    let metrics = font.glyph_metrics(Size::new(size), LocationRef::default());
    text.chars()
        .map(|c| {
            charmap
                .map(c)
                .and_then(|glyph| metrics.advance_width(glyph))
                .unwrap_or(size * 0.5)
        })
        .sum()
}

/// Splits `text` into lines no wider than `width` (at a space when there is one, anywhere in
/// Chinese text, which has none).
pub fn wrap(text: &str, size: f32, width: f32) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        for c in paragraph.chars() {
            line.push(c);
            if text_width(&line, size) > width {
                let cut = line
                    .rfind(' ')
                    .filter(|&i| i > 0)
                    .unwrap_or(line.len() - c.len_utf8());
                let rest = line[cut..].trim_start().to_string();
                line.truncate(cut);
                lines.push(std::mem::take(&mut line));
                line = rest;
            }
        }
        lines.push(line);
    }
    lines
}

#[derive(Clone, Copy)]
pub enum Align {
    Left,
    Right,
}

enum Op {
    Text {
        x: f32,
        y: f32,
        size: f32,
        text: String,
        grey: bool,
    },
    Rule {
        y: f32,
        x0: f32,
        x1: f32,
    },
    Band {
        y: f32,
        height: f32,
    },
    Image {
        x: f32,
        y: f32,
        width: f32,
        height: f32,
        png: Vec<u8>,
    },
    /// Black rectangles `[x, y, width, height]`: a barcode's bars or a QR code's modules.
    Boxes(Vec<[f32; 4]>),
}

/// What is drawn at the top of each new page (a table's column headings).
pub type PageHeader = Box<dyn Fn(&mut Sheet)>;

/// Pages being laid out top to bottom. `y` is the cursor's distance from the top of the page;
/// [`Sheet::need`] starts a new page when what comes next would not fit.
pub struct Sheet {
    pages: Vec<Vec<Op>>,
    pub y: f32,
    title: String,
    language: String,
    /// Repeated at the top of every page after the first (a table's header).
    pub running_header: Option<PageHeader>,
}

impl Sheet {
    pub fn new(title: &str, language: &str) -> Sheet {
        Sheet {
            pages: vec![Vec::new()],
            y: MARGIN,
            title: title.to_string(),
            language: language.to_string(),
            running_header: None,
        }
    }

    fn ops(&mut self) -> &mut Vec<Op> {
        self.pages.last_mut().expect("a sheet has a page")
    }

    /// Makes room for `height` points, starting a new page when there is not enough.
    pub fn need(&mut self, height: f32) {
        if self.y + height > PAGE_HEIGHT - MARGIN {
            self.pages.push(Vec::new());
            self.y = MARGIN;
            if let Some(header) = self.running_header.take() {
                header(self);
                self.running_header = Some(header);
            }
        }
    }

    /// Text with its baseline at `baseline` from the top.
    pub fn text_at(&mut self, x: f32, baseline: f32, size: f32, text: &str, align: Align) {
        let x = match align {
            Align::Left => x,
            Align::Right => x - text_width(text, size),
        };
        self.ops().push(Op::Text {
            x,
            y: baseline,
            size,
            text: text.to_string(),
            grey: false,
        });
    }

    pub fn grey_text_at(&mut self, x: f32, baseline: f32, size: f32, text: &str) {
        self.ops().push(Op::Text {
            x,
            y: baseline,
            size,
            text: text.to_string(),
            grey: true,
        });
    }

    /// A line of text at the cursor, which moves down past it.
    pub fn line(&mut self, size: f32, text: &str) {
        self.need(size * 1.5);
        let baseline = self.y + size;
        self.text_at(MARGIN, baseline, size, text, Align::Left);
        self.y += size * 1.5;
    }

    pub fn rule(&mut self) {
        let y = self.y;
        self.ops().push(Op::Rule {
            y,
            x0: MARGIN,
            x1: PAGE_WIDTH - MARGIN,
        });
    }

    /// A light band behind a table header.
    pub fn band(&mut self, height: f32) {
        let y = self.y;
        self.ops().push(Op::Band { y, height });
    }

    pub fn image_png(&mut self, x: f32, y: f32, width: f32, height: f32, png: Vec<u8>) {
        self.ops().push(Op::Image {
            x,
            y,
            width,
            height,
            png,
        });
    }

    /// Black rectangles `[x, y, width, height]` (y from the top): barcodes.
    pub fn boxes(&mut self, rects: Vec<[f32; 4]>) {
        self.ops().push(Op::Boxes(rects));
    }

    /// Starts a new page (a sheet of labels is full).
    pub fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = MARGIN;
    }

    pub fn gap(&mut self, height: f32) {
        self.y += height;
    }

    /// Writes the pages, with "page n of m" at the foot of each.
    pub fn finish(self) -> Result<Vec<u8>> {
        let mut document = Document::new();
        document.set_metadata(
            Metadata::new()
                .title(self.title.clone())
                .language(self.language.clone())
                .creator("Suanpan".to_string()),
        );
        let count = self.pages.len();
        let font = font().clone();
        for (number, ops) in self.pages.into_iter().enumerate() {
            let settings = PageSettings::from_wh(PAGE_WIDTH, PAGE_HEIGHT)
                .ok_or_else(|| Error::internal("page size"))?;
            let mut page = document.start_page_with(settings);
            let mut surface = page.surface();
            for op in ops {
                match op {
                    Op::Text {
                        x,
                        y,
                        size,
                        text,
                        grey,
                    } => {
                        let shade = if grey { 110 } else { 20 };
                        surface.set_fill(Some(Fill {
                            paint: rgb::Color::new(shade, shade, shade).into(),
                            opacity: NormalizedF32::ONE,
                            rule: Default::default(),
                        }));
                        surface.draw_text(
                            Point::from_xy(x, y),
                            font.clone(),
                            size,
                            &text,
                            false,
                            TextDirection::Auto,
                        );
                    }
                    Op::Rule { y, x0, x1 } => {
                        let mut path = PathBuilder::new();
                        path.move_to(x0, y);
                        path.line_to(x1, y);
                        if let Some(path) = path.finish() {
                            surface.set_fill(None);
                            surface.set_stroke(Some(Stroke {
                                paint: rgb::Color::new(180, 180, 180).into(),
                                width: 0.6,
                                ..Default::default()
                            }));
                            surface.draw_path(&path);
                            surface.set_stroke(None);
                        }
                    }
                    Op::Band { y, height } => {
                        let mut path = PathBuilder::new();
                        if let Some(rect) =
                            Rect::from_xywh(MARGIN, y, PAGE_WIDTH - 2.0 * MARGIN, height)
                        {
                            path.push_rect(rect);
                        }
                        if let Some(path) = path.finish() {
                            surface.set_fill(Some(Fill {
                                paint: rgb::Color::new(238, 240, 244).into(),
                                opacity: NormalizedF32::ONE,
                                rule: Default::default(),
                            }));
                            surface.draw_path(&path);
                        }
                    }
                    Op::Boxes(rects) => {
                        let mut path = PathBuilder::new();
                        for [x, y, w, h] in rects {
                            if let Some(rect) = Rect::from_xywh(x, y, w, h) {
                                path.push_rect(rect);
                            }
                        }
                        if let Some(path) = path.finish() {
                            surface.set_fill(Some(Fill {
                                paint: rgb::Color::new(0, 0, 0).into(),
                                opacity: NormalizedF32::ONE,
                                rule: Default::default(),
                            }));
                            surface.draw_path(&path);
                        }
                    }
                    Op::Image {
                        x,
                        y,
                        width,
                        height,
                        png,
                    } => {
                        let image =
                            krilla::image::Image::from_png(png.into(), true).map_err(|e| {
                                Error::validation("logo", format!("logo: {e}"), "徽标图片无法读取")
                            })?;
                        if let Some(size) = krilla::geom::Size::from_wh(width, height) {
                            surface.push_transform(&krilla::geom::Transform::from_translate(x, y));
                            surface.draw_image(image, size);
                            surface.pop();
                        }
                    }
                }
            }
            if count > 1 {
                let footer = format!("{} / {count}", number + 1);
                surface.set_fill(Some(Fill::default()));
                surface.draw_text(
                    Point::from_xy(
                        PAGE_WIDTH - MARGIN - text_width(&footer, 8.0),
                        PAGE_HEIGHT - MARGIN / 2.0,
                    ),
                    font.clone(),
                    8.0,
                    &footer,
                    false,
                    TextDirection::Auto,
                );
            }
            surface.finish();
            page.finish();
        }
        document
            .finish()
            .map_err(|e| Error::internal(format!("writing the PDF failed: {e:?}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_measured_and_wrapped_by_the_font() {
        let narrow = text_width("iii", 10.0);
        let wide = text_width("WWW", 10.0);
        assert!(narrow < wide, "{narrow} {wide}");
        // Chinese characters are a full em wide.
        assert!((text_width("发票", 10.0) - 20.0).abs() < 0.5);
        let lines = wrap("one two three four five six", 10.0, 60.0);
        assert!(lines.len() > 1);
        assert!(lines.iter().all(|l| text_width(l, 10.0) <= 60.0));
        let chinese = wrap("龙井茶二百五十克装礼盒一份", 10.0, 50.0);
        assert_eq!(chinese[0], "龙井茶二百");
    }

    #[test]
    fn every_hanzi_of_gb_18030_has_a_glyph() {
        // Names use characters outside GB 2312 (喆, 堃, 昇, 䶮): none may print as a box. The
        // hanzi GB 18030 requires in the Basic Multilingual Plane: CJK Unified Ideographs
        // U+4E00–U+9FEF and Extension A U+3400–U+4DB5.
        let font = FontRef::new(FONT_BYTES).unwrap();
        let charmap = font.charmap();
        let missing: Vec<String> = (0x4E00..=0x9FEF_u32)
            .chain(0x3400..=0x4DB5)
            .filter_map(char::from_u32)
            .filter(|&c| charmap.map(c).is_none())
            .map(|c| format!("U+{:04X} {c}", c as u32))
            .collect();
        assert!(
            missing.is_empty(),
            "{} without a glyph, e.g. {:?}",
            missing.len(),
            &missing[..missing.len().min(5)]
        );
        // Latin, full-width forms and the yuan and euro signs are there too.
        for c in "AZaz09¥€，。（）ＡＺ１".chars() {
            assert!(charmap.map(c).is_some(), "{c}");
        }
    }

    #[test]
    fn a_sheet_becomes_a_pdf_with_pages() {
        let mut sheet = Sheet::new("Test", "zh-CN");
        for i in 0..80 {
            sheet.line(12.0, &format!("第 {i} 行 line"));
        }
        let bytes = sheet.finish().unwrap();
        assert!(bytes.starts_with(b"%PDF-"));
        let text = String::from_utf8_lossy(&bytes);
        assert!(text.contains("/Count 2"), "two pages");
    }
}

//! Printing on the server: a [`Document`] (blocks in reading order) becomes a
//! PDF file of A4 pages.
//!
//! - Text is set in DejaVu Sans, built into the binary (`app/fonts/`, with its
//!   licence), so nothing is needed on disk and French text prints whole:
//!   accents, « », ’, non-breaking spaces, ✓. Only the glyphs used are embedded.
//! - Large print for low vision: body 12 pt, lines 1.4 apart, titles 20 pt
//!   and headings 15 pt in bold, alerts in bold in a framed box.
//! - Lines are wrapped with the glyph advances that are drawn (no kerning, so
//!   measuring and drawing agree exactly); a word wider than the line is cut.
//! - The file is tagged for screen readers (title H1, headings H2, paragraphs P,
//!   items as a list with their bullet as label), in French (`fr-FR`), with a
//!   bookmark outline of the title and headings, and declared PDF/UA-1 when
//!   krilla's checks for it pass. The frames and page numbers are artifacts, so
//!   they are not read out. Should those checks ever refuse a document, it is
//!   written again as the same tagged PDF without the PDF/UA claim.

use std::num::NonZeroU16;
use std::panic::{AssertUnwindSafe, catch_unwind};

use krilla::color::rgb;
use krilla::configure::{Accessibility, ConfigurationBuilder};
use krilla::destination::XyzDestination;
use krilla::error::KrillaError;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::Metadata;
use krilla::num::NormalizedF32;
use krilla::outline::{Outline, OutlineNode};
use krilla::page::PageSettings;
use krilla::paint::{Fill, FillRule, Stroke};
use krilla::surface::Surface;
use krilla::tagging::{Artifact, ArtifactType, ContentTag, Identifier, ListNumbering, Node, SpanTag, Tag, TagGroup, TagTree};
use krilla::text::{Font, GlyphId, KrillaGlyph};
use krilla::{Data, SerializeSettings};
use skrifa::instance::{LocationRef, Size as FontSize};
use skrifa::{FontRef, MetadataProvider};

/// A document to print: blocks in reading order.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub title: String,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Title(String),
    Heading(String),
    Paragraph(String),
    Item(String),
    Alert(String),
}

#[derive(Debug)]
pub struct PdfError(pub String);

impl std::fmt::Display for PdfError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PDF: {}", self.0)
    }
}

impl std::error::Error for PdfError {}

/// The PDF file of `doc`. Never panics: a panic inside the PDF library is
/// returned as an error too.
pub fn render(doc: &Document) -> Result<Vec<u8>, PdfError> {
    match catch_unwind(AssertUnwindSafe(|| render_checked(doc))) {
        Ok(result) => result,
        Err(panic) => {
            let why = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            Err(PdfError(format!("the PDF library failed: {why}")))
        }
    }
}

fn render_checked(doc: &Document) -> Result<Vec<u8>, PdfError> {
    let fonts = Fonts::load()?;
    let laid = lay_out(doc, &fonts)?;
    match write(doc, &fonts, &laid, true) {
        Err(Written::Refused(_)) => write(doc, &fonts, &laid, false).map_err(Written::into_error),
        other => other.map_err(Written::into_error),
    }
}

// ---------------------------------------------------------------------------
// Page geometry and styles (PDF points: 1/72 inch; y grows downwards in krilla).

const PAGE_WIDTH: f32 = 595.276; // A4, 210 mm
const PAGE_HEIGHT: f32 = 841.89; // A4, 297 mm
const MARGIN: f32 = 56.7; // 2 cm
const TEXT_WIDTH: f32 = PAGE_WIDTH - 2.0 * MARGIN;
const BOTTOM: f32 = PAGE_HEIGHT - MARGIN;
const LINE_HEIGHT: f32 = 1.4;
const BODY_SIZE: f32 = 12.0;
const FOOTER_SIZE: f32 = 10.0;
/// Baseline of the page number, in the bottom margin.
const FOOTER_BASELINE: f32 = PAGE_HEIGHT - MARGIN / 2.0;
/// Where an item's bullet and its text start, from the left margin.
const BULLET_INDENT: f32 = 8.0;
const ITEM_INDENT: f32 = 24.0;
/// The alert's frame: a bar on the left, a thin border, inner padding.
const ALERT_BAR: f32 = 5.0;
const ALERT_BORDER: f32 = 1.2;
const ALERT_PADDING: f32 = 8.0;
const ALERT_INDENT: f32 = ALERT_BAR + ALERT_PADDING + 2.0;
const TEXT_COLOUR: (u8, u8, u8) = (0, 0, 0);
const ALERT_COLOUR: (u8, u8, u8) = (150, 60, 0);
const ALERT_BACKGROUND: (u8, u8, u8) = (255, 244, 220);
const BULLET: &str = "•";
const H1: NonZeroU16 = NonZeroU16::MIN;
const H2: NonZeroU16 = match NonZeroU16::new(2) {
    Some(level) => level,
    None => NonZeroU16::MIN,
};

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Weight {
    Regular,
    Bold,
}

#[derive(Clone, Copy, Debug)]
struct Style {
    weight: Weight,
    size: f32,
    /// Left edge of the text, from the left margin.
    indent: f32,
    /// Kept free on the right, from the right margin.
    right: f32,
    space_before: f32,
    space_after: f32,
}

impl Style {
    fn of(block: &Block) -> Style {
        let body =
            Style { weight: Weight::Regular, size: BODY_SIZE, indent: 0.0, right: 0.0, space_before: 0.0, space_after: 8.0 };
        match block {
            Block::Title(_) => Style { weight: Weight::Bold, size: 20.0, space_before: 10.0, space_after: 10.0, ..body },
            Block::Heading(_) => Style { weight: Weight::Bold, size: 15.0, space_before: 12.0, space_after: 4.0, ..body },
            Block::Paragraph(_) => body,
            Block::Item(_) => Style { indent: ITEM_INDENT, space_after: 3.0, ..body },
            Block::Alert(_) => Style {
                weight: Weight::Bold,
                indent: ALERT_INDENT,
                right: ALERT_PADDING,
                space_before: 6.0 + ALERT_PADDING,
                space_after: 10.0 + ALERT_PADDING,
                ..body
            },
        }
    }

    fn line_height(&self) -> f32 {
        self.size * LINE_HEIGHT
    }

    fn width(&self) -> f32 {
        TEXT_WIDTH - self.indent - self.right
    }
}

// ---------------------------------------------------------------------------
// Fonts: krilla embeds them; skrifa (krilla's own reader) gives glyphs and
// advances for measuring.

static REGULAR: &[u8] = include_bytes!("../fonts/DejaVuSans.ttf");
static BOLD: &[u8] = include_bytes!("../fonts/DejaVuSans-Bold.ttf");

struct Face {
    font: Font,
    charmap: skrifa::charmap::Charmap<'static>,
    advances: skrifa::metrics::GlyphMetrics<'static>,
    units_per_em: f32,
    /// Ascender and descender, per em (descender negative).
    ascent: f32,
    descent: f32,
}

impl Face {
    fn load(data: &'static [u8], name: &str) -> Result<Face, PdfError> {
        let read = FontRef::new(data).map_err(|e| PdfError(format!("font {name}: {e}")))?;
        let metrics = read.metrics(FontSize::unscaled(), LocationRef::default());
        let units_per_em = f32::from(metrics.units_per_em);
        if units_per_em <= 0.0 {
            return Err(PdfError(format!("font {name}: no units per em")));
        }
        let font = Font::new(Data::from(data), 0).ok_or_else(|| PdfError(format!("font {name}: unreadable")))?;
        Ok(Face {
            font,
            charmap: read.charmap(),
            advances: read.glyph_metrics(FontSize::unscaled(), LocationRef::default()),
            units_per_em,
            ascent: metrics.ascent / units_per_em,
            descent: metrics.descent / units_per_em,
        })
    }

    /// The glyph of `c` and its advance per em, if the font has one.
    fn glyph(&self, c: char) -> Option<(GlyphId, f32)> {
        let id = self.charmap.map(c)?;
        if id.to_u32() == 0 {
            return None;
        }
        let advance = self.advances.advance_width(id).unwrap_or(0.0) / self.units_per_em;
        Some((GlyphId::new(id.to_u32()), advance))
    }

    fn has(&self, c: char) -> bool {
        self.glyph(c).is_some()
    }

    /// Width of `text` at `size`; characters without a glyph count for nothing
    /// (the text has been cleaned: there are none).
    fn width(&self, text: &str, size: f32) -> f32 {
        text.chars().filter_map(|c| self.glyph(c)).map(|(_, advance)| advance * size).sum()
    }

    /// Glyphs of one line, each pointing back to its characters in `text`
    /// (so the text can be copied, searched and read out).
    fn glyphs(&self, text: &str) -> Vec<KrillaGlyph> {
        text.char_indices()
            .filter_map(|(at, c)| {
                let (id, advance) = self.glyph(c)?;
                Some(KrillaGlyph::new(id, advance, 0.0, 0.0, 0.0, at..at + c.len_utf8(), None))
            })
            .collect()
    }

    /// Distance from the top of a line box to its baseline.
    fn baseline(&self, size: f32, line_height: f32) -> f32 {
        let half_leading = (line_height - (self.ascent - self.descent) * size) / 2.0;
        half_leading + self.ascent * size
    }
}

struct Fonts {
    regular: Face,
    bold: Face,
}

impl Fonts {
    fn load() -> Result<Fonts, PdfError> {
        Ok(Fonts { regular: Face::load(REGULAR, "DejaVu Sans")?, bold: Face::load(BOLD, "DejaVu Sans Bold")? })
    }

    fn face(&self, weight: Weight) -> &Face {
        match weight {
            Weight::Regular => &self.regular,
            Weight::Bold => &self.bold,
        }
    }
}

/// The text as it can be printed: no control characters nor the code points
/// PDF/UA forbids, every kind of breaking space a plain space, `\n` kept as a
/// line break, and a character the font lacks replaced by � (or ?).
fn clean(text: &str, face: &Face) -> String {
    let replacement = if face.has('\u{FFFD}') { '\u{FFFD}' } else { '?' };
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' => out.push('\n'),
            '\r' => {}
            '\u{A0}' | '\u{202F}' | '\u{2007}' => out.push(if face.has(c) { c } else { '\u{A0}' }),
            c if c.is_whitespace() => out.push(' '),
            '\u{AD}' | '\u{FEFF}' | '\u{FFFE}' => {}
            c if c.is_control() => {}
            c if face.has(c) => out.push(c),
            // Invisible format characters (zero-width space, joiners, marks).
            '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{206F}' => {}
            _ => out.push(replacement),
        }
    }
    out
}

// ---------------------------------------------------------------------------
// Line breaking.

/// One printed line: its text (ending with the space it was broken at, so the
/// words stay apart when the text is extracted) and its drawn width.
#[derive(Debug, Clone, PartialEq, Default)]
struct Line {
    text: String,
    width: f32,
}

/// `text` (already cleaned) in lines no wider than `max` at `size`: words
/// break at spaces, `\n` forces a break, a word wider than the line is cut.
fn wrap(text: &str, face: &Face, size: f32, max: f32) -> Vec<Line> {
    let space = face.width(" ", size);
    let mut lines = Vec::new();
    for hard in text.split('\n') {
        let mut current = String::new();
        let mut width = 0.0;
        for word in words(hard) {
            let word = word.as_str();
            let word_width = face.width(word, size);
            if !current.is_empty() && width + space + word_width <= max {
                current.push(' ');
                current.push_str(word);
                width += space + word_width;
                continue;
            }
            if !current.is_empty() {
                current.push(' ');
                lines.push(Line { text: std::mem::take(&mut current), width });
            }
            if word_width <= max {
                current.push_str(word);
                width = word_width;
            } else {
                let mut pieces = cut(word, face, size, max);
                let last = pieces.pop().unwrap_or_default();
                lines.extend(pieces);
                width = last.width;
                current = last.text;
            }
        }
        if !current.is_empty() {
            lines.push(Line { text: current, width });
        }
    }
    lines
}

/// The words of a line of text, as they may be broken: French typography
/// keeps « with the next word and » : ; ! ? with the previous one, even when
/// typed with an ordinary space.
fn words(text: &str) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let glue = |previous: &String| previous.ends_with('«') || word.starts_with(['»', ':', ';', '!', '?']);
        match words.last_mut() {
            Some(previous) if glue(previous) => {
                previous.push(' ');
                previous.push_str(word);
            }
            _ => words.push(word.to_string()),
        }
    }
    words
}

/// A word wider than `max` in pieces that fit (at least one character each).
fn cut(word: &str, face: &Face, size: f32, max: f32) -> Vec<Line> {
    let mut pieces = Vec::new();
    let mut piece = String::new();
    let mut width = 0.0;
    for c in word.chars() {
        let advance = face.glyph(c).map_or(0.0, |(_, a)| a * size);
        if !piece.is_empty() && width + advance > max {
            pieces.push(Line { text: std::mem::take(&mut piece), width });
            width = 0.0;
        }
        piece.push(c);
        width += advance;
    }
    if !piece.is_empty() {
        pieces.push(Line { text: piece, width });
    }
    pieces
}

// ---------------------------------------------------------------------------
// Layout: every line and frame placed on its page, before anything is drawn
// (so the number of pages is known for "Page N / M").

/// Whose text a placed line is, for the tag tree.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Owner {
    /// The text of `blocks[i]` of the layout.
    Body(usize),
    /// The bullet of `blocks[i]` (an item).
    Bullet(usize),
}

struct Placed {
    owner: Owner,
    weight: Weight,
    size: f32,
    x: f32,
    baseline: f32,
    text: String,
}

#[derive(Default)]
struct PageLayout {
    /// Alert frames, drawn under the text.
    frames: Vec<Rect>,
    lines: Vec<Placed>,
}

/// A printed block: its kind (the original block, for tagging) and where its
/// first line is (for the outline).
struct LaidBlock<'a> {
    block: &'a Block,
    text: String,
    page: usize,
    top: f32,
}

struct Layout<'a> {
    pages: Vec<PageLayout>,
    blocks: Vec<LaidBlock<'a>>,
}

struct Cursor {
    pages: Vec<PageLayout>,
    y: f32,
}

impl Cursor {
    fn page(&self) -> usize {
        self.pages.len().saturating_sub(1)
    }

    fn at_top(&self) -> bool {
        self.y <= MARGIN
    }

    fn new_page(&mut self) {
        self.pages.push(PageLayout::default());
        self.y = MARGIN;
    }

    /// Starts a new page unless `height` more fits on this one.
    fn make_room(&mut self, height: f32, bottom: f32) {
        if !self.at_top() && self.y + height > bottom {
            self.new_page();
        }
    }

    fn current(&mut self) -> &mut PageLayout {
        if self.pages.is_empty() {
            self.new_page();
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }
}

fn text_of(block: &Block) -> &str {
    match block {
        Block::Title(t) | Block::Heading(t) | Block::Paragraph(t) | Block::Item(t) | Block::Alert(t) => t,
    }
}

fn lay_out<'a>(doc: &'a Document, fonts: &Fonts) -> Result<Layout<'a>, PdfError> {
    let mut cursor = Cursor { pages: Vec::new(), y: MARGIN };
    cursor.new_page();
    let mut blocks = Vec::new();
    let body_line = BODY_SIZE * LINE_HEIGHT;
    for block in &doc.blocks {
        let style = Style::of(block);
        let face = fonts.face(style.weight);
        let text = clean(text_of(block), face);
        let lines = wrap(&text, face, style.size, style.width());
        if lines.is_empty() {
            continue;
        }
        let index = blocks.len();
        let is_alert = matches!(block, Block::Alert(_));
        // Alert lines stop a padding short of the bottom, for the frame.
        let bottom = if is_alert { BOTTOM - ALERT_PADDING } else { BOTTOM };
        if !cursor.at_top() {
            cursor.y += style.space_before;
        }
        // A title or heading is kept with the first line of what follows.
        let keep = if matches!(block, Block::Title(_) | Block::Heading(_)) { style.space_after + body_line } else { 0.0 };
        cursor.make_room(style.line_height() + keep, bottom);
        if is_alert && cursor.at_top() {
            cursor.y += ALERT_PADDING;
        }
        blocks.push(LaidBlock { block, text: text.clone(), page: cursor.page(), top: cursor.y });
        let x = MARGIN + style.indent;
        let mut frame_top = cursor.y - ALERT_PADDING;
        for (n, line) in lines.into_iter().enumerate() {
            let line_height = style.line_height();
            if !cursor.at_top() && cursor.y + line_height > bottom {
                if is_alert {
                    let frame = frame(frame_top, cursor.y + ALERT_PADDING)?;
                    cursor.current().frames.push(frame);
                }
                cursor.new_page();
                if is_alert {
                    cursor.y += ALERT_PADDING;
                    frame_top = MARGIN;
                }
            }
            let baseline = cursor.y + face.baseline(style.size, line_height);
            if n == 0 && matches!(block, Block::Item(_)) {
                cursor.current().lines.push(Placed {
                    owner: Owner::Bullet(index),
                    weight: style.weight,
                    size: style.size,
                    x: MARGIN + BULLET_INDENT,
                    baseline,
                    text: BULLET.to_string(),
                });
            }
            cursor.current().lines.push(Placed {
                owner: Owner::Body(index),
                weight: style.weight,
                size: style.size,
                x,
                baseline,
                text: line.text,
            });
            cursor.y += line_height;
        }
        if is_alert {
            let frame = frame(frame_top, cursor.y + ALERT_PADDING)?;
            cursor.current().frames.push(frame);
        }
        cursor.y += style.space_after;
    }
    Ok(Layout { pages: cursor.pages, blocks })
}

fn frame(top: f32, bottom: f32) -> Result<Rect, PdfError> {
    Rect::from_ltrb(MARGIN, top, PAGE_WIDTH - MARGIN, bottom).ok_or_else(|| PdfError("alert frame".into()))
}

// ---------------------------------------------------------------------------
// Writing the file.

enum Written {
    /// The PDF/UA checks refused the document (the text is in the error).
    Refused(String),
    Failed(PdfError),
}

impl Written {
    fn into_error(self) -> PdfError {
        match self {
            Written::Refused(why) => PdfError(why),
            Written::Failed(e) => e,
        }
    }
}

impl From<PdfError> for Written {
    fn from(e: PdfError) -> Self {
        Written::Failed(e)
    }
}

fn write(doc: &Document, fonts: &Fonts, laid: &Layout, accessible: bool) -> Result<Vec<u8>, Written> {
    let mut settings = SerializeSettings { enable_tagging: true, ..SerializeSettings::default() };
    if accessible {
        settings.configuration = ConfigurationBuilder::new()
            .with_accessibility_validator(Accessibility::UA1)
            .finish()
            .map_err(|e| PdfError(format!("configuration: {e:?}")))?;
    }
    let mut pdf = krilla::Document::new_with(settings);
    let title = document_title(doc, laid);
    pdf.set_metadata(Metadata::new().title(title.clone()).language("fr-FR".into()).creator("Livret".into()));

    let page_size = PageSettings::from_wh(PAGE_WIDTH, PAGE_HEIGHT).ok_or_else(|| PdfError("page size".into()))?;
    let total = laid.pages.len();
    // The marked text of each block, and of each item's bullet.
    let mut body: Vec<Vec<Identifier>> = vec![Vec::new(); laid.blocks.len()];
    let mut bullets: Vec<Vec<Identifier>> = vec![Vec::new(); laid.blocks.len()];
    for (n, layout) in laid.pages.iter().enumerate() {
        let mut page = pdf.start_page_with(page_size.clone());
        let mut surface = page.surface();
        for rect in &layout.frames {
            draw_frame(&mut surface, *rect)?;
        }
        set_text_colour(&mut surface);
        for line in &layout.lines {
            let face = fonts.face(line.weight);
            let id = surface.start_tagged(ContentTag::Span(SpanTag::empty()));
            draw_text(&mut surface, face, line.x, line.baseline, line.size, &line.text);
            surface.end_tagged();
            let (list, i) = match line.owner {
                Owner::Body(i) => (&mut body, i),
                Owner::Bullet(i) => (&mut bullets, i),
            };
            if let Some(ids) = list.get_mut(i) {
                ids.push(id);
            }
        }
        let number = format!("Page {} / {}", n + 1, total);
        let width = fonts.regular.width(&number, FOOTER_SIZE);
        surface.start_tagged(ContentTag::Artifact(Artifact::with_kind(ArtifactType::PageNumber)));
        draw_text(&mut surface, &fonts.regular, (PAGE_WIDTH - width) / 2.0, FOOTER_BASELINE, FOOTER_SIZE, &number);
        surface.end_tagged();
        surface.finish();
        page.finish();
    }
    pdf.set_outline(outline(laid, &title));
    pdf.set_tag_tree(tag_tree(laid, body, bullets));
    pdf.finish().map_err(|e| match e {
        KrillaError::Validation(errors) if accessible => {
            Written::Refused(format!("PDF/UA checks: {:?}", errors.iter().map(|(e, _)| e).collect::<Vec<_>>()))
        }
        e => Written::Failed(PdfError(format!("{e}"))),
    })
}

/// The document's title (its first title block, or "Document", when empty),
/// on one line.
fn document_title(doc: &Document, laid: &Layout) -> String {
    let one_line = |text: &str| -> String {
        let words: Vec<&str> = text.split(|c: char| c.is_whitespace() || c.is_control()).filter(|w| !w.is_empty()).collect();
        words.join(" ").chars().filter(|c| !matches!(c, '\u{FEFF}' | '\u{FFFE}')).take(1000).collect()
    };
    [one_line(&doc.title)]
        .into_iter()
        .chain(laid.blocks.iter().filter(|b| matches!(b.block, Block::Title(_))).map(|b| one_line(&b.text)))
        .find(|t| !t.is_empty())
        .unwrap_or_else(|| "Document".into())
}

fn colour((r, g, b): (u8, u8, u8)) -> rgb::Color {
    rgb::Color::new(r, g, b)
}

fn set_text_colour(surface: &mut Surface) {
    surface.set_stroke(None);
    surface.set_fill(Some(Fill { paint: colour(TEXT_COLOUR).into(), opacity: NormalizedF32::ONE, rule: FillRule::NonZero }));
}

fn draw_text(surface: &mut Surface, face: &Face, x: f32, baseline: f32, size: f32, text: &str) {
    let glyphs = face.glyphs(text);
    surface.draw_glyphs(Point::from_xy(x, baseline), &glyphs, face.font.clone(), text, size, false);
}

/// An alert's frame: light background, thin border, thick bar on the left.
/// An artifact: decoration, not read out.
fn draw_frame(surface: &mut Surface, rect: Rect) -> Result<(), PdfError> {
    let bar = Rect::from_xywh(rect.left(), rect.top(), ALERT_BAR, rect.height()).ok_or_else(|| PdfError("alert bar".into()))?;
    let rect_path = |r: Rect| {
        let mut path = PathBuilder::new();
        path.push_rect(r);
        path.finish().ok_or_else(|| PdfError("alert frame path".into()))
    };
    let (box_path, bar_path) = (rect_path(rect)?, rect_path(bar)?);
    surface.start_tagged(ContentTag::Artifact(Artifact::with_kind(ArtifactType::Layout)));
    surface.set_fill(Some(Fill { paint: colour(ALERT_BACKGROUND).into(), opacity: NormalizedF32::ONE, rule: FillRule::NonZero }));
    surface.set_stroke(Some(Stroke { paint: colour(ALERT_COLOUR).into(), width: ALERT_BORDER, ..Stroke::default() }));
    surface.draw_path(&box_path);
    surface.set_stroke(None);
    surface.set_fill(Some(Fill { paint: colour(ALERT_COLOUR).into(), opacity: NormalizedF32::ONE, rule: FillRule::NonZero }));
    surface.draw_path(&bar_path);
    surface.end_tagged();
    Ok(())
}

/// Bookmarks: each title, with the headings after it inside.
fn outline(laid: &Layout, title: &str) -> Outline {
    let mut outline = Outline::new();
    let mut open_title: Option<OutlineNode> = None;
    let entry =
        |b: &LaidBlock| OutlineNode::new(b.text.replace('\n', " "), XyzDestination::new(b.page, Point::from_xy(MARGIN, b.top)));
    let mut any = false;
    for b in &laid.blocks {
        match b.block {
            Block::Title(_) => {
                if let Some(node) = open_title.take() {
                    outline.push_child(node);
                }
                open_title = Some(entry(b).with_open(true));
                any = true;
            }
            Block::Heading(_) => {
                match open_title.as_mut() {
                    Some(node) => node.push_child(entry(b)),
                    None => outline.push_child(entry(b)),
                }
                any = true;
            }
            _ => {}
        }
    }
    if let Some(node) = open_title {
        outline.push_child(node);
    }
    if !any {
        outline.push_child(OutlineNode::new(title.to_string(), XyzDestination::new(0, Point::from_xy(MARGIN, MARGIN))));
    }
    outline
}

/// The structure for screen readers, in reading order: consecutive items
/// form one bulleted list.
fn tag_tree(laid: &Layout, mut body: Vec<Vec<Identifier>>, mut bullets: Vec<Vec<Identifier>>) -> TagTree {
    let mut tree = TagTree::new().with_lang(Some("fr-FR".into()));
    let mut list: Option<TagGroup> = None;
    let leaves = |ids: Vec<Identifier>| ids.into_iter().map(Node::from).collect::<Vec<_>>();
    for (i, b) in laid.blocks.iter().enumerate() {
        let ids = leaves(body.get_mut(i).map(std::mem::take).unwrap_or_default());
        if !matches!(b.block, Block::Item(_))
            && let Some(l) = list.take()
        {
            tree.push(l);
        }
        let heading = || Some(b.text.replace('\n', " "));
        match b.block {
            Block::Title(_) => tree.push(TagGroup::with_children(Tag::Hn(H1, heading()), ids)),
            Block::Heading(_) => tree.push(TagGroup::with_children(Tag::Hn(H2, heading()), ids)),
            Block::Paragraph(_) | Block::Alert(_) => tree.push(TagGroup::with_children(Tag::P, ids)),
            Block::Item(_) => {
                let label = TagGroup::with_children(Tag::Lbl, leaves(bullets.get_mut(i).map(std::mem::take).unwrap_or_default()));
                let item_body = TagGroup::with_children(Tag::LBody, ids);
                let item = TagGroup::with_children(Tag::LI, vec![label.into(), item_body.into()]);
                list.get_or_insert_with(|| TagGroup::new(Tag::L(ListNumbering::Disc))).push(item);
            }
        }
    }
    if let Some(l) = list {
        tree.push(l);
    }
    tree
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::process::Command;
    use std::time::Instant;

    const LONG: &str = "Elle souhaite reprendre une formation qualifiante dans le secteur de l’aide à la personne, \
        avec l’accord de son référent ; l’équipe l’accompagne pour les démarches auprès de l’organisme, \
        la recherche d’un financement et l’organisation des trajets, déjà évoqués lors de la précédente \
        réunion. Être présente chaque semaine lui tient à cœur : « c’est important pour moi », dit-elle.";

    /// A document of `n` blocks with every kind of block, accents, « » with
    /// non-breaking spaces, ’ and ✓; the last block ends with "Zéphyrine".
    fn sample(n: usize) -> Document {
        let mut blocks = vec![Block::Title("Livret d’accompagnement de Mme Hélène Dupré".into())];
        while blocks.len() < n - 1 {
            let k = blocks.len();
            blocks.push(match k % 8 {
                1 => Block::Heading(format!("Objectif n°\u{a0}{k} : améliorer le quotidien")),
                2 | 6 => Block::Paragraph(format!("{k}. {LONG}")),
                3..=5 => Block::Item(format!("✓ Action {k} : prendre rendez-vous à la mairie (déjà fait)")),
                7 => Block::Alert(format!("Attention\u{a0}: échéance le 12\u{a0}mars, « dossier\u{a0}{k} » à compléter")),
                _ => Block::Paragraph("Réunion de l’équipe : élève, cœur, où, ça, Noël, naïf, aujourd’hui.".into()),
            });
        }
        blocks.push(Block::Paragraph("Fin du livret, signé par Zéphyrine".into()));
        Document { title: "Livret d’accompagnement".into(), blocks }
    }

    /// A livret as the application prints it: `objectives` objectives and
    /// `actions` actions spread over them, each with its means and deadline.
    fn livret(objectives: usize, actions: usize) -> Document {
        let mut blocks = vec![
            Block::Title("Livret de Mme Hélène Dupré".into()),
            Block::Paragraph(format!("Référente : Mme Françoise Lefèvre. {LONG}")),
            Block::Alert("Document confidentiel : à ne pas diffuser sans son accord.".into()),
        ];
        for o in 0..objectives {
            blocks.push(Block::Heading(format!("Objectif {} : se sentir bien chez soi", o + 1)));
            blocks.push(Block::Paragraph(LONG.into()));
            for a in (0..actions).filter(|a| a % objectives == o) {
                blocks.push(Block::Item(format!("Action {} : demander une aide au logement à la CAF", a + 1)));
                blocks.push(Block::Paragraph("Moyens : l’éducatrice l’accompagne ; le dossier est prêt.".into()));
                blocks.push(Block::Paragraph(format!("Échéance : le {} juin ✓ fait", a + 1)));
            }
            blocks.push(Block::Paragraph(format!("Bilan : où en est-on ? {LONG}")));
            if o % 2 == 0 {
                blocks.push(Block::Alert("À revoir à la prochaine réunion, avec l’équipe.".into()));
            }
        }
        blocks.push(Block::Heading("Signatures".into()));
        for s in 0..21 {
            blocks.push(Block::Paragraph(format!("Signé le 3 mars par la personne n°\u{a0}{s}, en présence de l’équipe.")));
        }
        Document { title: "Livret de Mme Hélène Dupré".into(), blocks }
    }

    /// The text `pdftotext -layout` extracts (pages end with a form feed), or
    /// None when poppler-utils is not installed.
    fn pdftotext(pdf: &[u8], name: &str) -> Option<String> {
        if Command::new("pdftotext").arg("-v").output().is_err() {
            eprintln!("pdftotext is absent (apt-get install poppler-utils): text extraction not checked");
            return None;
        }
        let path = std::env::temp_dir().join(format!("livret-pdf-{name}-{}.pdf", std::process::id()));
        std::fs::write(&path, pdf).expect("write the PDF");
        let out = Command::new("pdftotext").arg("-layout").arg(&path).arg("-").output().expect("run pdftotext");
        let _ = std::fs::remove_file(&path);
        assert!(out.status.success(), "pdftotext failed: {}", String::from_utf8_lossy(&out.stderr));
        Some(String::from_utf8(out.stdout).expect("pdftotext prints UTF-8"))
    }

    fn fonts() -> Fonts {
        Fonts::load().expect("the built-in fonts load")
    }

    #[test]
    fn the_fonts_have_the_french_characters() {
        let fonts = fonts();
        for face in [&fonts.regular, &fonts.bold] {
            for c in "éèêëàâäîïôöùûüçœæÉÈÊÀÇŒ«»’‘“”…–—•✓€\u{a0}\u{202f}°".chars() {
                assert!(face.has(c), "no glyph for {c:?} (U+{:04X})", c as u32);
            }
        }
    }

    #[test]
    fn a_long_document_prints_on_several_pages_with_its_text() {
        let doc = sample(120);
        assert_eq!(doc.blocks.len(), 120);
        let pdf = render(&doc).expect("render");
        assert!(pdf.starts_with(b"%PDF"), "not a PDF");
        let Some(text) = pdftotext(&pdf, "long") else { return };
        for word in [
            "Livret d’accompagnement",
            "élève",
            "cœur",
            "Noël",
            "naïf",
            "aujourd’hui",
            "Être",
            "référent",
            "✓ Action",
            "• ✓ Action",
            "Attention",
            "échéance",
            "Zéphyrine",
        ] {
            assert!(text.contains(word), "{word:?} missing from the extracted text");
        }
        // « » around a word, with non-breaking spaces (extracted as spaces or as such).
        let spaced = text.replace('\u{a0}', " ");
        assert!(spaced.contains("« c’est important pour moi »"), "guillemets missing");
        let pages = text.matches('\u{c}').count();
        assert!(pages > 1, "{pages} page(s)");
        assert!(text.contains(&format!("Page {pages} / {pages}")), "page numbers missing");
        // Reading order: the last block comes last.
        let last = text.find("Zéphyrine").unwrap_or(0);
        assert!(text.rfind("Objectif").is_some_and(|o| o < last));
    }

    #[test]
    fn the_file_is_tagged_in_french_with_an_outline() {
        let pdf = render(&sample(30)).expect("render");
        let raw = String::from_utf8_lossy(&pdf);
        for key in ["/StructTreeRoot", "/MarkInfo", "/Lang(fr-FR)", "/Outlines", "<pdfuaid:part>1<", "/DisplayDocTitle true"] {
            assert!(raw.contains(key), "{key} missing");
        }
    }

    #[test]
    fn without_the_pdf_ua_claim_the_file_is_still_tagged() {
        let doc = sample(20);
        let fonts = fonts();
        let laid = lay_out(&doc, &fonts).expect("layout");
        let pdf = write(&doc, &fonts, &laid, false).map_err(Written::into_error).expect("write");
        let raw = String::from_utf8_lossy(&pdf);
        assert!(raw.contains("/StructTreeRoot") && raw.contains("/Lang(fr-FR)"));
        assert!(!raw.contains("pdfuaid"));
    }

    #[test]
    fn lines_fit_and_keep_every_word() {
        let fonts = fonts();
        let face = &fonts.regular;
        let text =
            clean(&format!("{LONG} Anticonstitutionnellementanticonstitutionnellementanticonstitutionnellement fin"), face);
        let max = 200.0;
        let lines = wrap(&text, face, BODY_SIZE, max);
        assert!(lines.len() > 5);
        for line in &lines {
            assert!(line.width <= max + 0.01, "{line:?} wider than {max}");
            assert!((face.width(line.text.trim_end(), BODY_SIZE) - line.width).abs() < 0.01, "{line:?}: width not measured");
        }
        let joined: String = lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(joined.replace(' ', ""), text.replace(' ', ""));
        // Words broken at spaces only, except the one too long for a line.
        assert!(lines.iter().filter(|l| !l.text.ends_with(' ')).count() >= 2);
        assert_eq!(wrap("un\ndeux", face, BODY_SIZE, max).len(), 2, "\\n breaks the line");
        assert_eq!(words("« oui » , dit-elle : non ! a"), ["« oui »", ",", "dit-elle :", "non !", "a"]);
        assert!(wrap(" \n  ", face, BODY_SIZE, max).is_empty());
    }

    #[test]
    fn unprintable_characters_are_dropped_or_replaced() {
        let fonts = fonts();
        let cleaned = clean("a\tb\u{0}c\u{feff}d\r\ne\u{ad}f 漢", &fonts.regular);
        assert_eq!(cleaned, "a bcd\nef \u{fffd}");
    }

    #[test]
    fn odd_documents_still_print() {
        let empty = Document { title: String::new(), blocks: vec![] };
        assert!(render(&empty).expect("empty").starts_with(b"%PDF"));
        let blank = Document { title: " ".into(), blocks: vec![Block::Heading("\n".into()), Block::Item(String::new())] };
        assert!(render(&blank).expect("blank").starts_with(b"%PDF"));
        let odd = Document {
            title: "\u{0}".into(),
            blocks: vec![
                Block::Item("x".repeat(5000)),
                Block::Alert(format!("{LONG} ").repeat(40)),
                Block::Heading("漢字 \u{e000} \u{10ffff} \u{feff}".into()),
                Block::Paragraph("\u{fffe}\u{0}".into()),
            ],
        };
        let pdf = render(&odd).expect("odd");
        let Some(text) = pdftotext(&pdf, "odd") else { return };
        assert!(text.matches('\u{c}').count() > 2, "the long alert spans pages");
    }

    /// Timing, shown with `--nocapture`: a livret of 10 objectives and 30 actions.
    #[test]
    fn a_livret_renders_quickly() {
        let doc = livret(10, 30);
        let started = Instant::now();
        let pdf = render(&doc).expect("render");
        let first = started.elapsed();
        let started = Instant::now();
        let runs = 5;
        for _ in 0..runs {
            render(&doc).expect("render");
        }
        let each = started.elapsed() / runs;
        eprintln!("livret of {} blocks: {} bytes, first render {first:?}, then {each:?} each", doc.blocks.len(), pdf.len());
        if let Some(text) = pdftotext(&pdf, "livret") {
            eprintln!("{} pages", text.matches('\u{c}').count());
        }
    }
}

//! Text the embedded font cannot draw: DejaVu Sans has no CJK ideographs and few emoji, which
//! a PNG would show as empty boxes. [`Glyphs`] wraps a drawing backend so that every text a
//! chart measures or draws (titles, legends, tick labels, axis descriptions) has each missing
//! character replaced by [`PLACEHOLDER`]; the chart's footnote says so once
//! ([`missing_note`]). On SVG the text is measured the same way but written as given, since a
//! browser draws it with its own fonts.

use std::borrow::Cow;
use std::sync::OnceLock;

use ab_glyph::{Font, FontRef};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
};

use super::style::FONT_BYTES;

/// What a character the font lacks is drawn as: the Unicode replacement character, which the
/// font has, so that the gap is visible and reads as "a character not shown".
pub const PLACEHOLDER: char = '\u{FFFD}';

fn font() -> &'static FontRef<'static> {
    static FONT: OnceLock<FontRef<'static>> = OnceLock::new();
    FONT.get_or_init(|| FontRef::try_from_slice(FONT_BYTES).expect("the bundled font parses"))
}

/// Whether the embedded font draws `c` (control characters such as a tab count as drawable:
/// they take no glyph).
pub fn drawable(c: char) -> bool {
    c.is_control() || font().glyph_id(c).0 != 0
}

/// `s` with every character the font lacks replaced by [`PLACEHOLDER`] (borrowed when there
/// is none).
pub fn drawable_text(s: &str) -> Cow<'_, str> {
    if s.chars().all(drawable) {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(
            s.chars()
                .map(|c| if drawable(c) { c } else { PLACEHOLDER })
                .collect(),
        )
    }
}

/// The footnote's words when any of `texts` has a character the font lacks, else None.
pub fn missing_note<'t>(texts: impl IntoIterator<Item = &'t str>) -> Option<String> {
    let mut missing: Vec<char> = Vec::new();
    for t in texts {
        for c in t.chars().filter(|c| !drawable(*c)) {
            if !missing.contains(&c) {
                missing.push(c);
            }
        }
    }
    (!missing.is_empty()).then(|| {
        format!(
            "{PLACEHOLDER} marks characters the chart font lacks ({} of them; the SVG and the \
             report show them with the viewer's fonts)",
            missing.len()
        )
    })
}

/// A backend whose text goes through [`drawable_text`]: always when measured, and when drawn
/// if `replace_drawn` (PNG; SVG keeps the text as given).
pub struct Glyphs<B> {
    inner: B,
    replace_drawn: bool,
    boxes: Option<TextBoxes>,
}

/// Where [`Glyphs`] records the box of every text it draws (for tests of the layout).
pub type TextBoxes = std::rc::Rc<std::cell::RefCell<Vec<TextBox>>>;

/// A drawn text and the pixels its layout box covers: `[left, top, right, bottom]`.
#[derive(Debug, Clone, PartialEq)]
pub struct TextBox {
    /// The text as given.
    pub text: String,
    /// Its box on the canvas.
    pub rect: [i32; 4],
}

impl<B> Glyphs<B> {
    /// Wraps `inner`.
    pub fn new(inner: B, replace_drawn: bool) -> Self {
        Glyphs {
            inner,
            replace_drawn,
            boxes: None,
        }
    }

    /// The same, recording the box of every text drawn into `boxes`.
    pub fn recording(inner: B, replace_drawn: bool, boxes: TextBoxes) -> Self {
        Glyphs {
            inner,
            replace_drawn,
            boxes: Some(boxes),
        }
    }
}

/// The box `text` covers when drawn at `pos` in `style`, the way plotters places it (its
/// anchor, then its rotation about `pos`).
fn text_box<T: BackendTextStyle>(text: &str, style: &T, pos: BackendCoord) -> Option<[i32; 4]> {
    use plotters::style::text_anchor::{HPos, VPos};
    let ((x0, y0), (x1, y1)) = style.layout_box(text).ok()?;
    let (w, h) = (x1 - x0, y1 - y0);
    let dx = match style.anchor().h_pos {
        HPos::Left => 0,
        HPos::Right => -w,
        HPos::Center => -w / 2,
    };
    let dy = match style.anchor().v_pos {
        VPos::Top => 0,
        VPos::Center => -h / 2,
        VPos::Bottom => -h,
    };
    let t = style.transform();
    let corners = [(dx, dy), (dx + w, dy), (dx, dy + h), (dx + w, dy + h)].map(|(x, y)| {
        let (x, y) = t.transform(x, y);
        (pos.0 + x, pos.1 + y)
    });
    let xs = corners.map(|c| c.0);
    let ys = corners.map(|c| c.1);
    Some([
        *xs.iter().min()?,
        *ys.iter().min()?,
        *xs.iter().max()?,
        *ys.iter().max()?,
    ])
}

type Drawn<B> = Result<(), DrawingErrorKind<<B as DrawingBackend>::ErrorType>>;

impl<B: DrawingBackend> DrawingBackend for Glyphs<B> {
    type ErrorType = B::ErrorType;

    fn get_size(&self) -> (u32, u32) {
        self.inner.get_size()
    }
    fn ensure_prepared(&mut self) -> Drawn<B> {
        self.inner.ensure_prepared()
    }
    fn present(&mut self) -> Drawn<B> {
        self.inner.present()
    }
    fn draw_pixel(&mut self, point: BackendCoord, color: BackendColor) -> Drawn<B> {
        self.inner.draw_pixel(point, color)
    }
    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Drawn<B> {
        self.inner.draw_line(from, to, style)
    }
    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Drawn<B> {
        self.inner.draw_rect(upper_left, bottom_right, style, fill)
    }
    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Drawn<B> {
        self.inner.draw_path(path, style)
    }
    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Drawn<B> {
        self.inner.draw_circle(center, radius, style, fill)
    }
    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Drawn<B> {
        self.inner.fill_polygon(vert, style)
    }
    fn draw_text<T: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &T,
        pos: BackendCoord,
    ) -> Drawn<B> {
        if let Some(boxes) = &self.boxes
            && let Some(rect) = text_box(&drawable_text(text), style, pos)
        {
            boxes.borrow_mut().push(TextBox {
                text: text.to_string(),
                rect,
            });
        }
        if self.replace_drawn {
            self.inner.draw_text(&drawable_text(text), style, pos)
        } else {
            self.inner.draw_text(text, style, pos)
        }
    }
    fn estimate_text_size<T: BackendTextStyle>(
        &self,
        text: &str,
        style: &T,
    ) -> Result<(u32, u32), DrawingErrorKind<B::ErrorType>> {
        self.inner.estimate_text_size(&drawable_text(text), style)
    }
    fn blit_bitmap(&mut self, pos: BackendCoord, size: (u32, u32), src: &[u8]) -> Drawn<B> {
        self.inner.blit_bitmap(pos, size, src)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn characters_the_font_lacks_become_the_placeholder() {
        assert!(drawable('a') && drawable('€') && drawable('◆') && drawable(PLACEHOLDER));
        assert!(!drawable('市') && !drawable('🚀'));
        assert_eq!(drawable_text("top-down"), "top-down");
        assert_eq!(drawable_text("市场 a 🚀"), "\u{FFFD}\u{FFFD} a \u{FFFD}");
        assert_eq!(missing_note(["plain", "words"]), None);
        let note = missing_note(["市场", "场 🚀"]).unwrap();
        assert!(note.contains("(3 of them"), "{note}");
    }
}

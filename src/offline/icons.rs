//! The portal's icons for a phone's home screen, drawn at build time from the favicon's
//! shapes (a compass needle on a dark disc), so that no theme needs to ship bitmaps.
//!
//! The shapes are in the favicon's 32-unit square; each pixel is sampled 4 × 4 times, so
//! edges are smooth at any size.

/// An RGBA colour.
type Rgba = [u8; 4];

const DISC: Rgba = [0x07, 0x3f, 0x60, 0xff];
const NORTH: Rgba = [0xff, 0xff, 0xff, 0xff];
const SOUTH: Rgba = [0xff, 0xd2, 0x4d, 0xff];

/// Samples per pixel along each axis.
const SAMPLES: u32 = 4;

/// How an icon is laid out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Shape {
    /// The favicon as it is: a disc on a transparent ground.
    Round,
    /// For masks a phone cuts (a circle, a squircle): the ground fills the square and the
    /// needle keeps inside the middle 60 %, the zone every mask leaves whole.
    Maskable,
}

/// A triangle, in favicon units.
type Triangle = [(f32, f32); 3];

/// The needle's halves: north (white) and south (yellow).
const NEEDLE: [(Triangle, Rgba); 2] = [
    ([(16.0, 4.0), (21.0, 16.0), (11.0, 16.0)], NORTH),
    ([(11.0, 16.0), (21.0, 16.0), (16.0, 28.0)], SOUTH),
];

/// The colour at a point of the 32-unit square, if any.
fn colour_at(shape: Shape, x: f32, y: f32) -> Option<Rgba> {
    let (x, y) = match shape {
        Shape::Round => (x, y),
        // The needle drawn at 60 % of its size about the centre.
        Shape::Maskable => (16.0 + (x - 16.0) / 0.6, 16.0 + (y - 16.0) / 0.6),
    };
    for (triangle, colour) in NEEDLE {
        if inside(triangle, x, y) {
            return Some(colour);
        }
    }
    let on_disc = match shape {
        Shape::Round => (x - 16.0).powi(2) + (y - 16.0).powi(2) <= 15.0 * 15.0,
        Shape::Maskable => true,
    };
    on_disc.then_some(DISC)
}

/// Whether a point lies in a triangle (either winding).
fn inside([a, b, c]: Triangle, x: f32, y: f32) -> bool {
    let side =
        |(x1, y1): (f32, f32), (x2, y2): (f32, f32)| (x2 - x1) * (y - y1) - (y2 - y1) * (x - x1);
    let (d1, d2, d3) = (side(a, b), side(b, c), side(c, a));
    let negative = d1 < 0.0 || d2 < 0.0 || d3 < 0.0;
    let positive = d1 > 0.0 || d2 > 0.0 || d3 > 0.0;
    !(negative && positive)
}

/// The icon's pixels, `size` × `size`, RGBA with straight alpha. A pixel whose four corners
/// have one colour is that colour; only pixels an edge crosses are sampled.
fn pixels(shape: Shape, size: u32) -> Vec<u8> {
    let unit = 32.0 / size as f32;
    let corners: Vec<Option<Rgba>> = (0..=size)
        .flat_map(|row| {
            (0..=size).map(move |column| colour_at(shape, column as f32 * unit, row as f32 * unit))
        })
        .collect();
    let corner = |column: u32, row: u32| corners[(row * (size + 1) + column) as usize];
    let mut out = Vec::with_capacity((size * size * 4) as usize);
    let step = unit / SAMPLES as f32;
    for row in 0..size {
        for column in 0..size {
            let first = corner(column, row);
            let same = [(1, 0), (0, 1), (1, 1)]
                .iter()
                .all(|(dx, dy)| corner(column + dx, row + dy) == first);
            if same {
                out.extend_from_slice(&first.unwrap_or([0; 4]));
                continue;
            }
            // Premultiplied sums over the samples.
            let mut sum = [0u32; 4];
            for sy in 0..SAMPLES {
                for sx in 0..SAMPLES {
                    let x = column as f32 * unit + (sx as f32 + 0.5) * step;
                    let y = row as f32 * unit + (sy as f32 + 0.5) * step;
                    if let Some([r, g, b, a]) = colour_at(shape, x, y) {
                        let a = u32::from(a);
                        sum[0] += u32::from(r) * a;
                        sum[1] += u32::from(g) * a;
                        sum[2] += u32::from(b) * a;
                        sum[3] += a;
                    }
                }
            }
            let alpha = sum[3];
            let straight = |c: u32| c.checked_div(alpha).map_or(0, |v| v.min(255) as u8);
            out.extend_from_slice(&[
                straight(sum[0]),
                straight(sum[1]),
                straight(sum[2]),
                (alpha / (SAMPLES * SAMPLES)) as u8,
            ]);
        }
    }
    out
}

/// The icon as a PNG file.
pub(crate) fn png(shape: Shape, size: u32) -> Vec<u8> {
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, size, size);
    encoder.set_color(png::ColorType::Rgba);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Balanced);
    // Writing into a Vec of a size the encoder was given fails only on a wrong length.
    let written = encoder
        .write_header()
        .and_then(|mut writer| writer.write_image_data(&pixels(shape, size)));
    debug_assert!(written.is_ok(), "{written:?}");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(bytes: &[u8]) -> (u32, Vec<u8>) {
        let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
        let mut reader = decoder.read_info().expect("a PNG");
        let mut buf = vec![0; reader.output_buffer_size().expect("a size")];
        let info = reader.next_frame(&mut buf).expect("a frame");
        assert_eq!(info.color_type, png::ColorType::Rgba);
        (info.width, buf[..info.buffer_size()].to_vec())
    }

    fn at(pixels: &[u8], size: u32, x: u32, y: u32) -> [u8; 4] {
        let i = ((y * size + x) * 4) as usize;
        [pixels[i], pixels[i + 1], pixels[i + 2], pixels[i + 3]]
    }

    #[test]
    fn the_round_icon_is_the_favicon() {
        let (size, pixels) = decode(&png(Shape::Round, 192));
        assert_eq!(size, 192);
        // Corners are transparent, the disc is dark, the needle white above and yellow below.
        assert_eq!(at(&pixels, size, 0, 0)[3], 0);
        assert_eq!(at(&pixels, size, 96, 180), DISC);
        assert_eq!(at(&pixels, size, 96, 60), NORTH);
        assert_eq!(at(&pixels, size, 96, 130), SOUTH);
    }

    #[test]
    fn the_maskable_icon_fills_the_square_and_keeps_the_needle_in_the_safe_zone() {
        let size = 512;
        let (_, pixels) = decode(&png(Shape::Maskable, size));
        assert_eq!(at(&pixels, size, 0, 0), DISC);
        assert_eq!(at(&pixels, size, size - 1, size - 1), DISC);
        // Every needle pixel lies within the central circle of radius 40 % every mask keeps.
        let centre = size as f32 / 2.0;
        for y in 0..size {
            for x in 0..size {
                if at(&pixels, size, x, y) != DISC {
                    let r = ((x as f32 + 0.5 - centre).powi(2) + (y as f32 + 0.5 - centre).powi(2))
                        .sqrt();
                    assert!(r <= 0.4 * size as f32, "({x}, {y}) at {r}");
                }
            }
        }
    }
}

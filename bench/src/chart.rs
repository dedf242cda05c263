//! The SVG bar chart of a run, drawn with plotters (SVG backend only): one
//! panel per table of the [`Results`].

use std::error::Error;
use std::path::Path;

use plotters::coord::ranged1d::SegmentValue;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::cases::{Case, Kind};
use crate::measure::{Results, ns_per_round};
use crate::report::{OVERSUBSCRIBED_REFERENCE, ns};

/// One bar: a case and its median.
pub struct Bar {
    /// The case's name, the bar's label.
    pub label: String,
    /// The length of the bar.
    pub value: f64,
    /// Picks the colour.
    pub kind: Kind,
    /// Printed after the bar, e.g. the ratio to the floor.
    pub note: String,
}

/// One panel: bars on a shared logarithmic axis.
pub struct Panel {
    /// Above the panel.
    pub title: String,
    /// Under the axis.
    pub axis: String,
    /// Top to bottom.
    pub bars: Vec<Bar>,
}

/// The panels of `results`: one idle pair, then the scenarios if they ran.
pub fn panels(results: &Results) -> Vec<Panel> {
    let floor = results.floor().map_or(f64::NAN, |(_, median)| median);
    let mut panels = vec![Panel {
        title: "One idle pair: ns per round (median)".into(),
        axis: "ns per round, log scale; note: ratio to the fastest floor".into(),
        bars: results
            .idle
            .iter()
            .map(|m| {
                bar(m.key.case(), m.value.median, |x| {
                    format!("{} ns  {:.2}x", ns(x), x / floor)
                })
            })
            .collect(),
    }];
    if let Some(sc) = &results.scenarios {
        let reference = results
            .oversubscribed(OVERSUBSCRIBED_REFERENCE)
            .map_or(f64::NAN, |s| s.median);
        panels.push(Panel {
            title: format!(
                "{} pairs on {} cores: ns per round of one pair (median)",
                sc.pairs, results.cores
            ),
            axis: format!(
                "ns per round, log scale; note: ratio to {}",
                OVERSUBSCRIBED_REFERENCE.case().name
            ),
            bars: sc
                .oversubscribed
                .iter()
                .map(|m| {
                    bar(m.key.case(), ns_per_round(&m.value).median, |x| {
                        format!("{} ns  {:.2}x", ns(x), x / reference)
                    })
                })
                .collect(),
        });
        panels.push(Panel {
            title: format!(
                "Slow partner (sleeps {} ms per round): waiting side's CPU share",
                sc.nap.as_millis()
            ),
            axis: "percent of wall time, log scale".into(),
            bars: sc
                .slow_partner
                .iter()
                .map(|m| bar(m.key.case(), m.value.median, |x| format!("{x:.1}%")))
                .collect(),
        });
    }
    panels
}

/// The bar of `case` at `value`, noted by `note`.
fn bar(case: &Case, value: f64, note: impl Fn(f64) -> String) -> Bar {
    Bar {
        label: case.name.into(),
        value,
        kind: case.kind,
        note: note(value),
    }
}

/// The caption of the chart of `results`.
pub fn caption(results: &Results) -> String {
    format!(
        "rendezvous side by side; {}; grey: floor, blue: rendezvous, orange: peers",
        results.machine
    )
}

/// Pixels per bar.
const BAR_HEIGHT: u32 = 24;
/// Pixels of a panel besides its bars: title and axis.
const PANEL_EXTRA: u32 = 80;
/// Pixels per character of a bar's label (12 px sans-serif, generously).
const LABEL_CHAR: u32 = 7;
/// The least room the labels get.
const LABEL_MIN: u32 = 330;
/// Width of the image.
const WIDTH: u32 = 1100;

fn colour(kind: Kind) -> RGBColor {
    match kind {
        Kind::Floor | Kind::DataFloor => RGBColor(150, 150, 150),
        Kind::Ours => RGBColor(31, 119, 180),
        Kind::Peer => RGBColor(255, 127, 14),
    }
}

/// Writes `panels`, stacked, under `caption` into an SVG file at `path`.
///
/// # Errors
///
/// If the file cannot be written.
pub fn write_svg(path: &Path, caption: &str, panels: &[Panel]) -> Result<(), Box<dyn Error>> {
    let heights: Vec<u32> = panels
        .iter()
        .map(|panel| PANEL_EXTRA + BAR_HEIGHT * panel.bars.len() as u32)
        .collect();
    let height = 40 + heights.iter().sum::<u32>();
    // One label width for all panels, so that their axes line up.
    let longest = panels
        .iter()
        .flat_map(|panel| &panel.bars)
        .map(|bar| bar.label.chars().count() as u32)
        .max()
        .unwrap_or(0);
    let label_width = (LABEL_CHAR * longest).max(LABEL_MIN);
    let root = SVGBackend::new(path, (WIDTH, height)).into_drawing_area();
    root.fill(&WHITE)?;
    let mut rest = root.titled(caption, ("sans-serif", 17))?;
    for (panel, &h) in panels.iter().zip(&heights) {
        let (area, below) = rest.split_vertically(h);
        draw_panel(&area, panel, label_width)?;
        rest = below;
    }
    root.present()?;
    Ok(())
}

/// The power of ten at or below `x`.
fn decade_below(x: f64) -> f64 {
    10_f64.powf(x.log10().floor())
}

fn draw_panel<DB: DrawingBackend>(
    area: &DrawingArea<DB, plotters::coord::Shift>,
    panel: &Panel,
    label_width: u32,
) -> Result<(), Box<dyn Error>>
where
    DB::ErrorType: 'static,
{
    let n = panel.bars.len() as i32;
    let values = panel.bars.iter().map(|bar| bar.value).filter(|v| *v > 0.0);
    let low = decade_below(values.clone().fold(f64::INFINITY, f64::min) / 2.0);
    let high = decade_below(values.fold(0.0, f64::max)) * 100.0;
    // Bar `i` from the top sits on segment `n - 1 - i`.
    let label = |y: i32| match usize::try_from(n - 1 - y) {
        Ok(i) if i < panel.bars.len() => panel.bars[i].label.clone(),
        _ => String::new(),
    };

    let mut chart = ChartBuilder::on(area)
        .caption(&panel.title, ("sans-serif", 15))
        .margin(6)
        .margin_right(20)
        .x_label_area_size(36)
        .y_label_area_size(label_width)
        .build_cartesian_2d((low..high).log_scale(), (0..n - 1).into_segmented())?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .y_labels(n as usize)
        .y_label_formatter(&|y| match y {
            SegmentValue::CenterOf(y) => label(*y),
            _ => String::new(),
        })
        .x_desc(&panel.axis)
        .x_label_formatter(&|x| format!("{x}"))
        .label_style(("sans-serif", 12))
        .draw()?;

    let note_style = TextStyle::from(("sans-serif", 12).into_font())
        .color(&BLACK)
        .pos(Pos::new(HPos::Left, VPos::Center));
    for (i, bar) in panel.bars.iter().enumerate() {
        let y = n - 1 - i as i32;
        let value = bar.value.max(low);
        let mut rect = Rectangle::new(
            [
                (low, SegmentValue::Exact(y)),
                (value, SegmentValue::Exact(y + 1)),
            ],
            colour(bar.kind).filled(),
        );
        rect.set_margin(3, 3, 0, 0);
        chart.draw_series(std::iter::once(rect))?;
        chart.draw_series(std::iter::once(Text::new(
            bar.note.clone(),
            (value * 1.08, SegmentValue::CenterOf(y)),
            note_style.clone(),
        )))?;
    }
    Ok(())
}

// The charts of the HTML report: bars and histograms as HTML and CSS (their
// labels are text that wraps, so they cannot collide or clip), the trend
// and the demand heatmap as inline SVG. Each chart is a <figure> with a
// caption in words, and each SVG has a title and an aria-label, so that a
// reader without the picture gets the same facts. Colours are from the
// Okabe-Ito palette and never the only cue (marks, patterns and words too).
#ifndef SSLA_RENDER_HTML_CHARTS_H_
#define SSLA_RENDER_HTML_CHARTS_H_

#include <string>
#include <string_view>

#include "ssla/audit/audit.h"

namespace ssla::html {

/// `s` with & < > " ' replaced by character references, appended to `out`.
void append_escaped(std::string_view s, std::string& out);
/// `s` escaped (see append_escaped()).
std::string escaped(std::string_view s);

/// The CSS the charts need (appended inside the page's <style>).
std::string_view chart_css();

/// Attainment per group against its goal, busiest first, at most
/// `max_rows` groups (the rest are named in the caption).
void attainment_chart(const Audit& audit, const ReportFigures& f, std::size_t max_rows,
                      std::string& out);

/// The business response times of one channel in bins of its target, with
/// the target as a rule between bins.
void response_chart(const ResponseHistogram& h, std::string& out);

/// Attainment (line, left axis) and episodes (columns, right axis) per
/// period, with one dashed goal line per channel goal.
void trend_chart(const Audit& audit, const ReportFigures& f, std::string& out);

/// Episodes by weekday and hour of start; hours the calendar is mostly
/// closed are hatched. `n` makes the SVG's ids unique in the page.
void demand_chart(const Demand& d, int n, std::string& out);

}  // namespace ssla::html

#endif  // SSLA_RENDER_HTML_CHARTS_H_

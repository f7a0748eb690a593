// `compare` as JSON (spec 8.8), as a table and as markdown.
#include <fmt/format.h>

#include "ssla/render/render.h"
#include "ssla/render/render_suggest.h"
#include "ssla/render/text_grid.h"

namespace ssla {

namespace {

std::string instant_or_null(std::optional<Instant> t) {
  return t ? "\"" + format_utc(*t) + "\"" : std::string("null");
}

// A signed difference of business ms as seconds, or null.
std::string seconds_diff(const Group* a, const Group* b, Millis Stats::*field) {
  if (a == nullptr || b == nullptr || !a->business.present || !b->business.present) {
    return "null";
  }
  return format_seconds(b->business.*field - a->business.*field);
}

std::string stat_json(const Group& g, Millis Stats::*field) {
  return g.business.present ? format_seconds(g.business.*field) : std::string("null");
}

void append_side(const Group* g, std::string& s) {
  if (g == nullptr) {
    s += R"({"episodes": null, "measured": null, "met": null, "attainment": null, "goal": null, )"
         R"("status": null, "p50": null, "p90": null})";
    return;
  }
  fmt::format_to(std::back_inserter(s),
                 R"({{"episodes": {}, "measured": {}, "met": {}, "attainment": {}, "goal": {}, )"
                 R"("status": {}, "p50": {}, "p90": {}}})",
                 g->episodes, g->measured, g->met,
                 g->attainment ? fmt::format("{}", *g->attainment) : "null",
                 g->goal ? fmt::format("{}", g->goal->value()) : "null",
                 g->pass ? (*g->pass ? "\"pass\"" : "\"fail\"") : "null",
                 stat_json(*g, &Stats::p50), stat_json(*g, &Stats::p90));
}

std::string percent(std::optional<double> v) {
  return v ? fmt::format("{:.1f}%", *v * 100) : std::string("-");
}

std::string duration_or_dash(const Group& g, Millis Stats::*field) {
  return g.business.present ? business_duration(g.business.*field) : std::string("-");
}

std::string side_name(const Audit& audit, const char* fallback) {
  return audit.policy->name.empty() ? std::string(fallback) : audit.policy->name;
}

}  // namespace

void render_compare_json(const Comparison& c, Output& out) {
  std::string s = "{\n  \"a\": {\"policy\": ";
  append_json_string(c.a.policy->name, s);
  s += ", \"as_of\": " + instant_or_null(c.a.as_of) + "},\n  \"b\": {\"policy\": ";
  append_json_string(c.b.policy->name, s);
  s += ", \"as_of\": " + instant_or_null(c.b.as_of) + "},\n";
  // The window as the first policy's time zone resolved it (docs/decisions.md).
  s += "  \"window\": {\"from\": " + instant_or_null(c.a.options.window.from) +
       ", \"to\": " + instant_or_null(c.a.options.window.to) + "},\n  \"by\": [";
  const std::vector<GroupBy>& by = c.a.options.by;
  for (std::size_t k = 0; k < by.size(); ++k) {
    if (k > 0) s += ", ";
    append_json_string(group_by_name(by[k]), s);
  }
  s += "],\n  \"groups\": [";
  for (std::size_t r = 0; r < c.rows.size(); ++r) {
    const CompareRow& row = c.rows[r];
    s += r == 0 ? "\n    {\"key\": {" : ",\n    {\"key\": {";
    for (std::size_t k = 0; k < row.key.size(); ++k) {
      if (k > 0) s += ", ";
      append_json_string(group_by_name(by[k]), s);
      s += ": ";
      if (is_null_key(row.key[k])) {
        s += "null";
      } else {
        append_json_string(row.key[k], s);
      }
    }
    s += "},\n      \"a\": ";
    append_side(row.a, s);
    s += ",\n      \"b\": ";
    append_side(row.b, s);
    const bool both = row.a != nullptr && row.b != nullptr;
    const std::string episodes =
        both ? fmt::format("{}", static_cast<std::int64_t>(row.b->episodes) -
                                     static_cast<std::int64_t>(row.a->episodes))
             : "null";
    const std::string attainment =
        row.attainment_diff ? fmt::format("{}", *row.attainment_diff) : "null";
    fmt::format_to(std::back_inserter(s),
                   ",\n      \"diff\": {{\"episodes\": {}, \"attainment\": {}, \"p50\": {}, "
                   "\"p90\": {}}}}}",
                   episodes, attainment, seconds_diff(row.a, row.b, &Stats::p50),
                   seconds_diff(row.a, row.b, &Stats::p90));
  }
  s += c.rows.empty() ? "]\n}\n" : "\n  ]\n}\n";
  out.write(s);
}

void render_compare_table(const Comparison& c, bool markdown, std::size_t width, Output& out) {
  std::string s;
  const std::string a_name = side_name(c.a, "A");
  const std::string b_name = side_name(c.b, "B");
  if (markdown) {
    s += fmt::format("# {} compared with {}\n\nA: {}, as of {}. B: {}, as of {}.\n\n", b_name,
                     a_name, a_name, format_utc(c.a.as_of), b_name, format_utc(c.b.as_of));
  } else {
    // "A: name (as of ...)"; both as_of under their names when either line
    // is wider, so that the two sides read alike.
    const std::string a = fmt::format("A: {} (as of {})", a_name, format_utc(c.a.as_of));
    const std::string b = fmt::format("B: {} (as of {})", b_name, format_utc(c.b.as_of));
    if (width != 0 && std::max(display_width(a), display_width(b)) > width) {
      s += fmt::format("A: {}\n   as of {}\nB: {}\n   as of {}\n\n", a_name, format_utc(c.a.as_of),
                       b_name, format_utc(c.b.as_of));
    } else {
      s += a + "\n" + b + "\n\n";
    }
  }
  if (c.rows.empty()) {
    s += "No episodes in the report window.\n";
    out.write(s);
    return;
  }
  TextGrid grid;
  for (GroupBy by : c.a.options.by) grid.header.emplace_back(group_by_name(by));
  const std::size_t keys = grid.header.size();
  for (const char* h : {"", "episodes", "attainment", "goal", "status", "p50", "p90"}) {
    grid.header.emplace_back(h);
  }
  grid.right.assign(grid.header.size(), true);
  for (std::size_t k = 0; k <= keys; ++k) grid.right[k] = false;
  grid.right[keys + 4] = false;  // status
  for (const CompareRow& row : c.rows) {
    auto side = [&](const Group* g, const char* label, bool first) {
      std::vector<std::string> cells;
      for (const std::string& k : row.key) cells.push_back(!first ? "" : k.empty() || is_null_key(k) ? "(none)" : k);
      cells.emplace_back(label);
      if (g == nullptr) {
        cells.insert(cells.end(), {"-", "-", "-", "-", "-", "-"});
      } else {
        cells.push_back(fmt::format("{}", g->episodes));
        cells.push_back(percent(g->attainment));
        cells.push_back(g->goal ? percent(g->goal->value()) : "-");
        cells.push_back(g->pass ? (*g->pass ? "pass" : "FAIL") : "-");
        cells.push_back(duration_or_dash(*g, &Stats::p50));
        cells.push_back(duration_or_dash(*g, &Stats::p90));
      }
      grid.rows.push_back(std::move(cells));
    };
    side(row.a, "A", true);
    side(row.b, "B", markdown);
    std::vector<std::string> diff;
    for (std::size_t k = 0; k < keys; ++k) diff.emplace_back(!markdown ? "" : row.key[k].empty() || is_null_key(row.key[k]) ? "(none)" : row.key[k]);
    diff.emplace_back("B - A");
    const bool both = row.a != nullptr && row.b != nullptr;
    if (!both) {
      diff.insert(diff.end(), {"-", "-", "", "", "-", "-"});
    } else {
      diff.push_back(fmt::format("{:+}", static_cast<std::int64_t>(row.b->episodes) -
                                             static_cast<std::int64_t>(row.a->episodes)));
      diff.push_back(row.attainment_diff ? fmt::format("{:+.1f} pt", *row.attainment_diff * 100)
                                         : "-");
      diff.emplace_back("");
      diff.emplace_back("");
      for (Millis Stats::*field : {&Stats::p50, &Stats::p90}) {
        if (!row.a->business.present || !row.b->business.present) {
          diff.emplace_back("-");
          continue;
        }
        const Millis d = row.b->business.*field - row.a->business.*field;
        diff.push_back(d == 0 ? "0" : (d > 0 ? "+" : "-") + business_duration(d > 0 ? d : -d));
      }
    }
    grid.rows.push_back(std::move(diff));
  }
  // Wider than the terminal: the goal goes first (status says whether it
  // was met), then p90, then the status; the legend names what was left out.
  std::vector<std::string> left;
  for (const char* name : {"goal", "p90", "status"}) {
    if (markdown || width == 0 || grid.text_width() <= width) break;
    grid.drop_column(grid.column(name, keys + 1));
    left.emplace_back(name);
  }
  grid.render(markdown, s);
  s += markdown ? "\n" : "";
  std::string legend = fmt::format(
      "{}: business time to the answer, over answered episodes. A group shown under one policy "
      "only has dashes under the other.",
      left.size() < 2 ? "p50, p90" : "p50");
  if (!left.empty()) {
    legend += " " + left_out_note(left, width, "--format json has them");
  }
  s += '\n' + wrap_words(legend, width == 0 ? 80 : std::min<std::size_t>(width, 80)) + '\n';
  out.write(s);
}

}  // namespace ssla

#include "ssla/read/column_map.h"

#include <algorithm>
#include <cctype>

#include "ssla/base/ascii.h"
#include "ssla/base/edit_distance.h"
#include "ssla/base/error.h"

namespace ssla {

namespace {

constexpr std::array<std::string_view, kFieldCount> kNames = {
    "id", "parent_id", "thread_id", "created_at", "author", "direction",
    "inbound", "channel", "account", "text", "tags", "agent"};


int find_column(const std::vector<std::string>& header, std::string_view name) {
  for (std::size_t i = 0; i < header.size(); ++i) {
    if (header[i] == name) return static_cast<int>(i);
  }
  for (std::size_t i = 0; i < header.size(); ++i) {
    if (equals_folded(header[i], name)) return static_cast<int>(i);
  }
  return -1;
}


// Words that suggest a column holds the field, for the --map hint: most
// exports name their columns after the field with a prefix (`tweet_id`,
// `tweet_created`, `msg_ref`, `from_name`).
const std::vector<std::string_view>& hint_words(Field f) {
  static const std::vector<std::string_view> kId = {"id", "ref", "key", "msg", "message",
                                                    "tweet", "post", "comment"};
  static const std::vector<std::string_view> kCreated = {"created", "date", "time", "posted",
                                                         "sent", "timestamp"};
  static const std::vector<std::string_view> kAuthor = {"author", "user", "name", "from",
                                                        "sender", "screen", "handle"};
  static const std::vector<std::string_view> kNone;
  return f == kFieldId ? kId : f == kFieldCreatedAt ? kCreated : f == kFieldAuthor ? kAuthor
                                                                                  : kNone;
}

// The column whose folded name is nearest (edit_distance()) to the field's
// name or one of its generic aliases: among the columns no field reads,
// else among all; the first of equals. -1 only for an empty header.
int nearest_column(Field f, const std::vector<std::string>& header,
                   const std::array<int, kFieldCount>& column) {
  int best = -1;
  std::size_t best_distance = SIZE_MAX;
  for (const bool unused_only : {true, false}) {
    for (std::size_t i = 0; i < header.size(); ++i) {
      const bool used =
          std::find(column.begin(), column.end(), static_cast<int>(i)) != column.end();
      if (unused_only && used) continue;
      const std::string name = lower_ascii(header[i]);
      for (std::string_view alias : generic_aliases(f)) {
        const std::size_t d = edit_distance(name, alias);
        if (d < best_distance) {
          best = static_cast<int>(i);
          best_distance = d;
        }
      }
    }
    if (best >= 0) break;
  }
  return best;
}

// The column most likely to hold field `f`: among those no field reads, the
// most hint words in its folded name, then the shorter name; when no name
// has a hint word, the nearest name (nearest_column()).
int likely_column(Field f, const std::vector<std::string>& header,
                  const std::array<int, kFieldCount>& column) {
  int best = -1;
  int best_score = 0;
  for (std::size_t i = 0; i < header.size(); ++i) {
    if (std::find(column.begin(), column.end(), static_cast<int>(i)) != column.end()) continue;
    // Words of the name: split at anything but letters and digits.
    const std::string name = lower_ascii(header[i]);
    std::vector<std::string_view> words;
    for (std::size_t at = 0; at < name.size();) {
      std::size_t end = at;
      while (end < name.size() && std::isalnum(static_cast<unsigned char>(name[end]))) ++end;
      if (end > at) words.push_back(std::string_view(name).substr(at, end - at));
      at = end + 1;
    }
    // A hint matches a word it is, or that a long hint starts (createdat).
    int score = 0;
    for (std::string_view hint : hint_words(f)) {
      for (std::string_view word : words) {
        if (word == hint || (hint.size() >= 5 && word.starts_with(hint))) {
          ++score;
          break;
        }
      }
    }
    if (score > best_score ||
        (score == best_score && best >= 0 && score > 0 && name.size() < header[best].size())) {
      best = static_cast<int>(i);
      best_score = score;
    }
  }
  return best >= 0 ? best : nearest_column(f, header, column);
}

// The error for required fields no column provides: the fields, the
// header's columns, and the --map options that would likely fix it; a
// header of one column holding another delimiter is named as such, and
// one with the twcs export's columns (read without its preset) too.
// `missing`: each field without a column, with where a name for it came
// from when one did (`input.columns names 'id'`), else empty.
std::string missing_columns_message(const std::vector<std::pair<Field, std::string>>& missing,
                                    const std::vector<std::string>& header,
                                    const std::array<int, kFieldCount>& column,
                                    const std::string& file, bool twcs_header) {
  std::string fields;
  for (const auto& [f, named] : missing) {
    fields += (fields.empty() ? "" : ", ") + std::string(kNames[f]) +
              (named.empty() ? "" : " (" + named + ")");
  }
  std::string names;
  for (const std::string& h : header) names += (names.empty() ? "" : ", ") + h;
  std::string text = file + ": no column for " + fields + "\n  the columns are: " + names;
  if (header.size() == 1) {
    for (const auto& [c, word] : {std::pair{',', "comma"}, std::pair{';', "semicolon"},
                                  std::pair{'\t', "tab"}, std::pair{'|', "pipe"}}) {
      if (header[0].find(c) != std::string::npos) {
        return text + "\n  the header is one column with " + word +
               "s in it: try --delimiter " + word;
      }
    }
  }
  // A column named for one field is not named again for the next.
  std::array<int, kFieldCount> taken = column;
  std::string hint;
  for (const auto& [f, named] : missing) {
    const int c = likely_column(f, header, taken);
    if (c >= 0) taken[f] = c;
    hint += " --map " + std::string(kNames[f]) + "=" + (c >= 0 ? header[c] : "COLUMN");
  }
  text += "\n  try:" + hint;
  // The preset reads ids such as 1.0, the direction and the channel as
  // that export means them, which --map alone does not.
  if (twcs_header) text += "\n  or, for the Customer Support on Twitter export: --preset twcs";
  return text;
}

}  // namespace

std::string_view field_name(Field f) { return kNames[f]; }

Field field_from_name(std::string_view name) {
  for (std::size_t i = 0; i < kNames.size(); ++i) {
    if (kNames[i] == name) return static_cast<Field>(i);
  }
  return kFieldCount;
}

const std::vector<std::string_view>& generic_aliases(Field f) {
  static const std::array<std::vector<std::string_view>, kFieldCount> kAliases = {{
      {"id", "message_id", "msg_id"},
      {"parent_id", "in_reply_to", "in_reply_to_id", "reply_to"},
      {"thread_id", "conversation_id"},
      {"created_at", "timestamp", "time", "sent_at"},
      {"author", "author_id", "user", "user_id", "sender"},
      {"direction"},
      {"inbound"},
      {"channel", "network", "platform"},
      {"account", "profile", "page"},
      {"text", "message", "body", "content"},
      {"tags", "labels"},
      {"agent", "agent_name", "agent_id", "responder", "sent_by"},
  }};
  return kAliases[f];
}

FieldSources resolve_sources(const InputSpec& policy_input, const std::string& cli_preset,
                             const std::vector<std::string>& cli_map) {
  FieldSources s;
  s.preset = !cli_preset.empty() ? cli_preset
             : !policy_input.preset.empty() ? policy_input.preset
                                            : "generic";
  if (s.preset == "twcs") {
    auto set = [&](Field f, const char* column, bool required) {
      s.explicit_name[f] = column;
      s.required[f] = required;
      s.origin[f] = "the twcs preset";
    };
    set(kFieldId, "tweet_id", true);
    set(kFieldAuthor, "author_id", true);
    set(kFieldInbound, "inbound", true);
    set(kFieldCreatedAt, "created_at", true);
    set(kFieldText, "text", false);
    set(kFieldParentId, "in_response_to_tweet_id", false);
  }
  for (const auto& [field, column] : policy_input.columns) {
    const Field f = field_from_name(field);
    if (f == kFieldCount) continue;  // the policy loader already reported it
    s.explicit_name[f] = column;
    s.required[f] = true;
    s.origin[f] = "input.columns";
  }
  for (const std::string& spec : cli_map) {
    const auto eq = spec.find('=');
    if (eq == std::string::npos || eq == 0) {
      throw usage_error("--map: expected FIELD=COLUMN, got '" + spec + "'");
    }
    const std::string field = spec.substr(0, eq);
    const std::string column = spec.substr(eq + 1);
    const Field f = field_from_name(field);
    if (f == kFieldCount) {
      throw usage_error("--map: unknown field '" + field +
                        "' (fields: id, parent_id, thread_id, created_at, author, direction, "
                        "inbound, channel, account, text, tags, agent)");
    }
    s.explicit_name[f] = column;
    s.required[f] = true;
    s.origin[f] = "--map";
  }
  return s;
}

std::vector<std::string> maps_for_file(const std::vector<std::string>& cli_map,
                                       const std::string& path,
                                       const std::vector<std::string>& files) {
  std::vector<std::string> out;
  std::vector<std::string> own;  // this file's, after the others: they win
  for (const std::string& spec : cli_map) {
    const auto eq = spec.find('=');
    const auto colon = eq == std::string::npos ? std::string::npos : spec.rfind(':', eq);
    if (colon == std::string::npos) {
      out.push_back(spec);
      continue;
    }
    const std::string file = spec.substr(0, colon);
    if (std::find(files.begin(), files.end(), file) == files.end()) {
      throw usage_error("--map " + spec + ": '" + file + "' is not one of the input files");
    }
    if (file == path) own.push_back(spec.substr(colon + 1));
  }
  out.insert(out.end(), own.begin(), own.end());
  return out;
}

std::array<int, kFieldCount> map_header(const FieldSources& sources,
                                        const std::vector<std::string>& header,
                                        const std::string& file) {
  std::array<int, kFieldCount> column;
  column.fill(-1);
  std::vector<std::pair<Field, std::string>> missing;
  for (std::size_t f = 0; f < kFieldCount; ++f) {
    if (!sources.explicit_name[f].empty()) {
      column[f] = find_column(header, sources.explicit_name[f]);
      if (column[f] < 0 && sources.required[f]) {
        missing.emplace_back(static_cast<Field>(f),
                             sources.origin[f] + " names '" + sources.explicit_name[f] + "'");
      }
      continue;
    }
    if (sources.preset == "twcs") continue;  // twcs maps only its own columns
    for (std::string_view alias : generic_aliases(static_cast<Field>(f))) {
      column[f] = find_column(header, alias);
      if (column[f] >= 0) break;
    }
  }
  // Spec 8.7: a file without a column for a required field stops here,
  // before any row is read, instead of rejecting every row.
  for (Field f : {kFieldId, kFieldCreatedAt, kFieldAuthor}) {
    if (column[f] < 0 && sources.explicit_name[f].empty()) missing.emplace_back(f, "");
  }
  std::sort(missing.begin(), missing.end());
  if (!missing.empty()) {
    // A header that has every column the twcs preset requires (its own
    // list, from resolve_sources()), read without that preset.
    bool twcs_header = sources.preset != "twcs";
    const FieldSources twcs = resolve_sources(InputSpec{}, "twcs", {});
    for (std::size_t f = 0; f < kFieldCount && twcs_header; ++f) {
      twcs_header = !twcs.required[f] || find_column(header, twcs.explicit_name[f]) >= 0;
    }
    throw input_error(missing_columns_message(missing, header, column, file, twcs_header));
  }
  return column;
}

}  // namespace ssla

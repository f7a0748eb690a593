#include "ssla/read/column_map.h"

#include "ssla/base/ascii.h"
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

std::array<int, kFieldCount> map_header(const FieldSources& sources,
                                        const std::vector<std::string>& header,
                                        const std::string& file) {
  std::array<int, kFieldCount> column;
  column.fill(-1);
  for (std::size_t f = 0; f < kFieldCount; ++f) {
    if (!sources.explicit_name[f].empty()) {
      column[f] = find_column(header, sources.explicit_name[f]);
      if (column[f] < 0 && sources.required[f]) {
        std::string names;
        for (const std::string& h : header) names += (names.empty() ? "" : ", ") + h;
        throw input_error(file + ": column '" + sources.explicit_name[f] + "' (" +
                          std::string(kNames[f]) + ", from " + sources.origin[f] +
                          ") is not in the header; the columns are: " + names);
      }
      continue;
    }
    if (sources.preset == "twcs") continue;  // twcs maps only its own columns
    for (std::string_view alias : generic_aliases(static_cast<Field>(f))) {
      column[f] = find_column(header, alias);
      if (column[f] >= 0) break;
    }
  }
  return column;
}

}  // namespace ssla

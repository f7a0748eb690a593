// Spec 8.7: the checks that refuse to print a misleading report.
#include <catch2/catch.hpp>

#include <string>

#include "ssla/audit/refusals.h"
#include "ssla/base/error.h"

namespace {

constexpr ssla::Instant kT0 = 1767603600000;  // 2026-01-05T09:00:00Z
constexpr ssla::Instant kMinute = ssla::kMillisPerMinute;

// Adds an inbound message (every message is inbound when no account matches).
void add(ssla::MessageTable& t, const std::string& id, const std::string& parent, int minute,
         const std::string& author) {
  ssla::Message m;
  m.id = t.ids.intern(id);
  if (!parent.empty()) m.parent = t.ids.intern(parent);
  m.created_at = kT0 + minute * kMinute;
  std::string key = author;
  if (!key.empty() && key[0] == '@') key.erase(0, 1);
  for (char& c : key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  m.author = t.strings.intern(key);
  m.author_as_written = t.strings.intern(author);
  t.index_of_id.resize(t.ids.size(), ssla::Interner::kNone);
  t.index_of_id[m.id] = static_cast<std::uint32_t>(t.messages.size());
  t.messages.push_back(m);
}

}  // namespace

TEST_CASE("No usable row stops the run; one usable row does not", "[refuse]") {
  ssla::ReadResult read;
  read.quality.rows_read = 12;
  read.quality.rows_rejected = 12;
  CHECK_THROWS_WITH(ssla::require_usable_rows(read), Catch::Contains("all 12 rows read were rejected"));
  try {
    ssla::require_usable_rows(read);
  } catch (const ssla::Error& e) {
    CHECK(e.exit_status() == ssla::kExitInput);
  }
  read.quality = {};
  CHECK_THROWS_WITH(ssla::require_usable_rows(read), Catch::Contains("no rows in the input"));
  add(read.table, "m1", "", 0, "jane");
  CHECK_NOTHROW(ssla::require_usable_rows(read));
}

TEST_CASE("Without company messages, the likely company authors are those who reply to others",
          "[refuse]") {
  // The team answers as AcmeCare, which the policy does not list.
  ssla::MessageTable t;
  add(t, "n1", "", 0, "jane");
  add(t, "n2", "n1", 20, "AcmeCare");
  add(t, "n3", "n2", 40, "jane");     // jane replies to AcmeCare
  add(t, "n4", "", 60, "kim");
  add(t, "n5", "n4", 65, "@acmecare");  // the same author, written otherwise
  add(t, "n6", "n6x", 70, "lee");     // a parent not in the input
  add(t, "n7", "n4", 75, "kim");      // kim answering herself
  CHECK_FALSE(ssla::has_outbound(t));
  const auto candidates = ssla::likely_company_authors(t);
  REQUIRE(candidates.size() == 2);
  CHECK(candidates[0] == std::pair<std::string, std::uint64_t>{"AcmeCare", 2});
  CHECK(candidates[1] == std::pair<std::string, std::uint64_t>{"jane", 1});
  CHECK(ssla::likely_company_authors(t, 1).size() == 1);
  const std::string warning = ssla::no_company_message_warning(candidates, "policy.yaml");
  CHECK_THAT(warning, Catch::StartsWith("ssla: warning: no company message found"));
  CHECK_THAT(warning, Catch::Contains("AcmeCare (2 replies), jane (1 reply)"));
  CHECK_THAT(warning, Catch::Contains("company.accounts of policy.yaml"));
  t.messages[1].direction = ssla::Direction::kOutbound;
  CHECK(ssla::has_outbound(t));
}

#include "ssla/message.h"

namespace ssla {

void MessageTable::index_ids() {
  index_of_id.assign(ids.size(), Interner::kNone);
  for (std::uint32_t i = 0; i < messages.size(); ++i) {
    // De-duplication keeps the first row of an id, so each id has one message.
    index_of_id[messages[i].id] = i;
  }
}

}  // namespace ssla

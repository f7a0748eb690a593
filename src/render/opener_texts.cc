#include "ssla/render/opener_texts.h"

#include <algorithm>
#include <utility>

namespace ssla {

namespace {

// The fewest episodes whose excerpts are fetched at once: below this a
// chunk's pass over the file costs more than the memory it saves.
constexpr std::size_t kMinChunkEpisodes = std::size_t{1} << 18;

}  // namespace

OpenerTexts::OpenerTexts(const Audit& audit, std::function<bool(const Episode&)> listed)
    : audit_(audit),
      listed_(std::move(listed)),
      batched_(audit.read.table.excerpts.may_refer()),
      chunk_(std::max<std::size_t>(kMinChunkEpisodes, audit.read.table.messages.size() / 12)) {
  // Each chunk is a pass over the file. When every listed text fits in 16
  // bytes per message (a breach list, mostly), one pass fetches them all;
  // the episodes it holds then take far less than a full listing's.
  const auto& episodes = audit.episodes.episodes;
  if (!batched_ || episodes.size() <= chunk_) return;
  const std::size_t budget = 16 * audit.read.table.messages.size();
  if (episodes.size() * kExcerptBytes <= budget) {  // all of them fit: no need to count
    chunk_ = episodes.size();
    return;
  }
  std::size_t listed_count = 0;
  for (const Episode& e : episodes) listed_count += listed_(e) ? 1 : 0;
  if (listed_count * kExcerptBytes <= budget) {
    chunk_ = episodes.size();
  }
}

void OpenerTexts::fetch(std::size_t begin, std::size_t end) {
  begin_ = begin;
  end_ = end;
  if (!batched_) return;
  const auto& episodes = audit_.episodes.episodes;
  openers_.resize(end - begin);
  for (std::size_t i = begin; i < end; ++i) {
    const Episode& e = episodes[i];
    openers_[i - begin] = listed_(e) ? e.opened_by : Interner::kNone;
  }
  batch_.fetch(audit_.read.table.excerpts, openers_.data(), openers_.size(),
               audit_.options.threads >= 2);
}

std::string_view OpenerTexts::text(std::size_t i) const {
  if (!batched_) return audit_.read.table.excerpt(audit_.episodes.episodes[i].opened_by);
  return i >= begin_ && i < end_ ? batch_.view(i - begin_) : std::string_view();
}

std::string_view OpenerTexts::next(std::size_t i) {
  if (batched_ && (i < begin_ || i >= end_)) {
    const std::size_t begin = i / chunk_ * chunk_;
    fetch(begin, std::min(audit_.episodes.episodes.size(), begin + chunk_));
  }
  return text(i);
}

}  // namespace ssla

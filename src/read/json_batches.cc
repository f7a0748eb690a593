// Splitting a JSON input into batches of records, and parsing them in
// chunks (json_batches.h).
#include "json_batches.h"

#include <algorithm>
#include <cstring>
#include <string_view>
#include <vector>

namespace ssla::read_detail {

void JsonRowWorker::work(Batch& batch, std::size_t chunk, std::size_t begin, std::size_t end) {
  JsonChunk& state = batch.json_chunks[chunk];
  state.arena.reset();
  state.thread_column = false;
  state.account_column = false;
  state.fatal = SIZE_MAX;
  const char* from = batch.bytes.data();
  const char* to = from + batch.bytes.size();
  for (std::size_t k = begin; k < end; ++k) {
    const JsonSpan& span = batch.spans[k];
    PreparedRow& row = batch.rows[k];
    row.line = span.line;
    auto bad = [&](std::string reason) {
      row.bad = static_cast<std::int32_t>(k);
      batch.reasons[k] = std::move(reason);
    };
    if (span.size == 0) {
      bad((array_ ? "array element longer than " : "line longer than ") +
          std::to_string(kMaxJsonRecordBytes >> 20) + " MiB");
      continue;
    }
    record_.line = span.line;
    const std::string_view text(from + span.begin, span.size);
    // A line that does not start an object is said to be one, whether or
    // not it is JSON at all (an array element that is not JSON makes the
    // whole array invalid instead: the reader says so).
    const std::size_t first = skip_json_space(text.data(), 0, text.size());
    if (!array_ && (first == text.size() || text[first] != '{')) {
      bad("line is not a JSON object");
      continue;
    }
    const auto outcome = reader_.read(text, record_);
    if (outcome == JsonObjectReader::Outcome::kNotObject) {
      bad(array_ ? "array element is not an object" : "line is not a JSON object");
      continue;
    }
    if (outcome == JsonObjectReader::Outcome::kInvalid) {
      if (array_) {  // the whole input is invalid: fatal once the rows before are committed
        if (state.fatal == SIZE_MAX) {
          state.fatal = k;
          state.fatal_message = file_ + ": not a valid JSON array of objects: " + reader_.problem();
        }
        bad("");
      } else {
        bad("invalid JSON: " + reader_.problem());
      }
      continue;
    }
    state.thread_column = state.thread_column || record_.mapped[kFieldThreadId];
    state.account_column = state.account_column || record_.mapped[kFieldAccount];
    std::string reason = preparer_.prepare(ctx_, record_, row, &state.arena, from, to);
    if (!reason.empty()) {
      bad(std::move(reason));
      continue;
    }
    if (row.tag_list != nullptr) {  // the record's list lives until its next record: copy it
      std::vector<std::string_view>& list = batch.tag_lists[k];
      list.clear();
      for (std::string_view t : record_.tags) {
        list.push_back(t.empty() || (t.data() >= from && t.data() < to) ? t : state.arena.keep(t));
      }
      row.tag_list = &list;
    }
    finisher_.finish(row);
  }
}

void JsonParser::run(ByteStream& stream, std::unique_ptr<Batch>& batch, const Emit& emit,
                     const std::atomic<bool>& stop) {
  std::size_t want = piece_bytes_;
  bool eof = false;
  for (;;) {
    if (stop.load(std::memory_order_relaxed)) return;
    InputBuffer& input = batch->bytes;
    while (!eof && input.size() < want) {
      if (stream.read_into(input, want - input.size()) == 0) eof = true;
    }
    batch->bytes_at = stream.bytes_read() - input.size();
    const std::size_t keep = array_ ? split_array(*batch, eof) : split_lines(*batch, eof);
    if (eof) {
      close(*batch);
      emit(batch);
      return;
    }
    if (batch->spans.empty()) {
      // No record ended in this piece: read on into the same buffer.
      input.consume(keep);
      want = input.size() + piece_bytes_;
      continue;
    }
    leftover_.assign(input.view().substr(keep));
    close(*batch);
    emit(batch);
    // As in CsvParser: drop the returned batch's bytes before making room.
    want = leftover_.size() + piece_bytes_;
    batch->bytes.consume(batch->bytes.size());
    batch->bytes.reserve(std::max(want, piece_bytes_ + kLeftoverSlack));
    batch->bytes.append(leftover_.data(), leftover_.size());
  }
}

void JsonParser::add(Batch& batch, std::size_t begin, std::size_t size, std::uint64_t line) {
  JsonSpan span;
  span.line = static_cast<std::uint32_t>(line);
  if (size <= kMaxJsonRecordBytes) {
    span.begin = static_cast<std::uint32_t>(begin);
    span.size = static_cast<std::uint32_t>(size);
  }
  batch.spans.push_back(span);
}

void JsonParser::close(Batch& batch) {
  const std::size_t n = batch.spans.size();
  batch.rows.resize(n);
  batch.reasons.clear();
  batch.reasons.resize(n);
  if (batch.tag_lists.size() < n) batch.tag_lists.resize(n);
  const std::size_t chunks = (n + Batch::kChunkRows - 1) / Batch::kChunkRows;
  if (batch.json_chunks.size() < chunks) batch.json_chunks.resize(chunks);
}

std::size_t JsonParser::split_lines(Batch& batch, bool eof) {
  const std::string_view view = batch.bytes.view();
  const char* d = view.data();
  const std::size_t n = view.size();
  std::size_t p = 0;  // start of the current line
  for (;;) {
    if (skipping_) {  // the rest of a line too long to keep
      const void* nl = std::memchr(d + p, '\n', n - p);
      if (nl == nullptr) return n;
      p = static_cast<std::size_t>(static_cast<const char*>(nl) - d) + 1;
      skipping_ = false;
      ++line_;
      continue;
    }
    const std::size_t from = std::max(p, searched_);
    const void* nl = from < n ? std::memchr(d + from, '\n', n - from) : nullptr;
    if (nl == nullptr) {
      if (eof) {
        line(batch, d, p, n);
        searched_ = 0;
        return n;
      }
      if (n - p > kMaxJsonRecordBytes) {
        add(batch, 0, n - p, line_);  // too long: a bad row, and its bytes go
        skipping_ = true;
        searched_ = 0;
        return n;
      }
      searched_ = n - p;  // relative to the kept bytes
      return p;
    }
    const std::size_t e = static_cast<std::size_t>(static_cast<const char*>(nl) - d);
    line(batch, d, p, e);
    ++line_;
    p = e + 1;
    searched_ = 0;
  }
}

void JsonParser::line(Batch& batch, const char* d, std::size_t p, std::size_t e) {
  if (e - p > kMaxJsonRecordBytes) {
    add(batch, 0, e - p, line_);
    return;
  }
  std::size_t b = p;
  while (b < e && (d[b] == ' ' || d[b] == '\t' || d[b] == '\r')) ++b;
  if (b == e) return;  // blank lines are ignored
  if (line_ == 1 && e - b >= 3 && std::memcmp(d + b, "\xEF\xBB\xBF", 3) == 0) b += 3;
  add(batch, b, e - b, line_);
}

std::size_t JsonParser::split_array(Batch& batch, bool eof) {
  const std::string_view view = batch.bytes.view();
  for (;;) {
    std::size_t begin = 0;
    std::size_t end = 0;
    const JsonArraySplitter::Step step = splitter_.next(view, eof, file_, begin, end);
    if (step == JsonArraySplitter::Step::kElement) {
      ++element_;
      add(batch, begin, begin == end ? kMaxJsonRecordBytes + 1 : end - begin, element_);
      continue;
    }
    if (step == JsonArraySplitter::Step::kEnd) return view.size();
    std::size_t keep = splitter_.skipping() ? view.size() : splitter_.keep_from();
    if (!splitter_.skipping() && view.size() - keep > kMaxJsonRecordBytes) {
      splitter_.skip_element();
      keep = view.size();
    }
    splitter_.dropped(keep);
    return keep;
  }
}

}  // namespace ssla::read_detail

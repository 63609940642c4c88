#pragma once
// Items of the index that a snapshot holds encoded (listed entities, prepared names, key
// tokens): each is decoded the first time a query needs it and kept, so that a command that
// screens one name decodes a few hundred items, not every one. An index built in memory has
// every item ready. Safe to read from several threads. Internal to screening/.

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string_view>
#include <thread>
#include <vector>

#include "screening/internal/binary_io.hpp"
#include "screening/internal/flat_tables.hpp"

namespace echri::screening::internal {

template <class T>
class LazyTable {
 public:
  using Decoder = std::function<T(ByteReader&)>;
  using Encoder = void (*)(ByteWriter&, const T&);

  LazyTable() = default;
  // Every item ready.
  explicit LazyTable(std::vector<T> items) : items_(std::move(items)), size_(items_.size()) {}
  LazyTable(LazyTable&&) noexcept = default;
  LazyTable& operator=(LazyTable&&) noexcept = default;
  LazyTable(const LazyTable&) = delete;
  LazyTable& operator=(const LazyTable&) = delete;
  ~LazyTable() = default;

  [[nodiscard]] std::size_t size() const { return size_; }

  const T& operator[](std::size_t i) const {
    if (!state_) return items_[i];
    if (state_[i].load(std::memory_order_acquire) != kReady) decode(i);
    return *decoded_[i];
  }

  // Each item's record, then the records' offsets: the reader finds item i without the others.
  void encode(ByteWriter& out, Encoder encode_item) const {
    ByteWriter records;
    std::vector<std::uint32_t> offsets{0};
    offsets.reserve(size() + 1);
    for (std::size_t i = 0; i < size(); ++i) {
      encode_item(records, (*this)[i]);
      offsets.push_back(static_cast<std::uint32_t>(records.bytes().size()));
    }
    out.array(std::span<const std::uint32_t>(offsets));
    out.array(std::span<const char>(records.bytes().data(), records.bytes().size()));
  }

  // Views the reader's buffer, which must outlive the table; items are decoded on first use.
  // `decode_item` must consume its record exactly: a record it does not (a corrupt snapshot
  // whose checksum still matched) leaves the item default-constructed.
  static LazyTable decode(ByteReader& in, Decoder decode_item) {
    LazyTable table;
    table.offsets_ = Array<std::uint32_t>(in.array<std::uint32_t>());
    table.records_ = in.array<char>();
    const auto offsets = table.offsets_.span();
    if (offsets.empty() || offsets.front() != 0 || offsets.back() != table.records_.size())
      ByteReader::corrupt("item offsets do not span their records");
    const std::size_t count = offsets.size() - 1;
    table.size_ = count;
    // Zeroed: every item encoded, none decoded. Nothing per item is built until it is needed.
    table.state_ = std::make_unique<std::atomic<std::uint8_t>[]>(count);
    table.decoded_ = std::make_unique<std::unique_ptr<T>[]>(count);
    table.decode_item_ = decode_item;
    return table;
  }

 private:
  static constexpr std::uint8_t kEncoded = 0;
  static constexpr std::uint8_t kDecoding = 1;
  static constexpr std::uint8_t kReady = 2;

  void decode(std::size_t i) const {
    std::uint8_t expected = kEncoded;
    if (state_[i].compare_exchange_strong(expected, kDecoding, std::memory_order_acquire)) {
      const std::uint32_t begin = offsets_[i];
      const std::uint32_t end = offsets_[i + 1];
      auto item = std::make_unique<T>();
      if (begin <= end && end <= records_.size()) {
        const std::string_view record(records_.data() + begin, end - begin);
        ByteReader reader(record, record.data());
        try {
          T decoded = decode_item_(reader);
          if (reader.empty()) *item = std::move(decoded);
        } catch (const Failure&) {  // NOLINT(bugprone-empty-catch): documented above
        }
      }
      decoded_[i] = std::move(item);
      state_[i].store(kReady, std::memory_order_release);
      return;
    }
    // Another thread is decoding this item: it takes microseconds.
    while (state_[i].load(std::memory_order_acquire) != kReady) std::this_thread::yield();
  }

  std::vector<T> items_;  // built in memory: every item, ready
  std::size_t size_ = 0;
  // Restored from a snapshot: a state and a slot per item (state_ is null for a built table).
  std::unique_ptr<std::atomic<std::uint8_t>[]> state_;
  std::unique_ptr<std::unique_ptr<T>[]> decoded_;
  Array<std::uint32_t> offsets_;
  std::span<const char> records_;
  Decoder decode_item_;
};

}  // namespace echri::screening::internal

#pragma once
// The screening index's lookup tables as flat arrays: a table of strings, lists of ids in one
// array (CSR), and a string -> ids map over both with an open-addressing hash. A table either
// owns its arrays (built in memory) or views them in a mapped snapshot: one layout, so that a
// snapshot is loaded without rebuilding anything. Internal to screening/.

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "screening/internal/binary_io.hpp"

namespace echri::screening::internal {

// Owned elements, or a view of elements that live elsewhere (a mapped file). Moving keeps the
// view valid: a moved vector keeps its buffer.
template <class T>
class Array {
 public:
  Array() = default;
  explicit Array(std::vector<T> owned) : owned_(std::move(owned)), view_(owned_) {}
  explicit Array(std::span<const T> view) : view_(view) {}
  Array(Array&&) noexcept = default;
  Array& operator=(Array&&) noexcept = default;
  Array(const Array&) = delete;
  Array& operator=(const Array&) = delete;
  ~Array() = default;

  [[nodiscard]] std::span<const T> span() const { return view_; }
  [[nodiscard]] std::size_t size() const { return view_.size(); }
  const T& operator[](std::size_t i) const { return view_[i]; }

 private:
  std::vector<T> owned_;
  std::span<const T> view_;
};

// Strings by index.
class FlatStrings {
 public:
  FlatStrings() = default;
  explicit FlatStrings(const std::vector<std::string>& strings);

  [[nodiscard]] std::size_t size() const { return offsets_.size() == 0 ? 0 : offsets_.size() - 1; }
  [[nodiscard]] std::string_view operator[](std::size_t i) const {
    return std::string_view(chars_.span().data() + offsets_[i], offsets_[i + 1] - offsets_[i]);
  }

  void encode(ByteWriter& out) const;
  // Views the reader's buffer; checks that every string lies inside it.
  static FlatStrings decode(ByteReader& in);

 private:
  Array<std::uint32_t> offsets_;
  Array<char> chars_;
};

// Lists of ids by index: list i is values[offsets[i], offsets[i + 1]).
class FlatLists {
 public:
  FlatLists() = default;
  explicit FlatLists(const std::vector<std::vector<std::uint32_t>>& lists);

  [[nodiscard]] std::size_t size() const { return offsets_.size() == 0 ? 0 : offsets_.size() - 1; }
  [[nodiscard]] std::span<const std::uint32_t> operator[](std::size_t i) const {
    return values_.span().subspan(offsets_[i], offsets_[i + 1] - offsets_[i]);
  }

  void encode(ByteWriter& out) const;
  // Checks that the lists tile the values and that every value is below `limit`.
  static FlatLists decode(ByteReader& in, std::uint32_t limit);

 private:
  Array<std::uint32_t> offsets_;
  Array<std::uint32_t> values_;
};

struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view text) const noexcept {
    return std::hash<std::string_view>{}(text);
  }
};
// The builders' map, flattened once the index is built.
using BuildMap =
    std::unordered_map<std::string, std::vector<std::uint32_t>, StringHash, std::equal_to<>>;

// A string -> ids map. Keys are stored sorted, so that equal maps give equal bytes.
class FlatMultimap {
 public:
  FlatMultimap() = default;
  explicit FlatMultimap(const BuildMap& map);

  // The ids under `key`; empty when there is none.
  [[nodiscard]] std::span<const std::uint32_t> find(std::string_view key) const;
  [[nodiscard]] std::size_t size() const { return keys_.size(); }

  void encode(ByteWriter& out) const;
  static FlatMultimap decode(ByteReader& in, std::uint32_t value_limit);

 private:
  FlatStrings keys_;
  FlatLists values_;
  Array<std::uint32_t> slots_;  // key index + 1, or 0 for a free slot; size a power of two
};

}  // namespace echri::screening::internal

#include "screening/internal/flat_tables.hpp"

#include <algorithm>
#include <limits>

namespace echri::screening::internal {
namespace {

// Part of the snapshot format: a slot's place must not depend on the standard library's hash.
std::uint64_t fnv1a(std::string_view text) {
  std::uint64_t hash = 14695981039346656037ULL;
  for (const char c : text) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 1099511628211ULL;
  }
  return hash;
}

std::uint32_t checked_u32(std::size_t value) {
  if (value > std::numeric_limits<std::uint32_t>::max())
    raise(ErrorKind::internal, "screening index table over 4 GiB");
  return static_cast<std::uint32_t>(value);
}

// Offsets must start at 0, never decrease and end at `total`.
void check_offsets(std::span<const std::uint32_t> offsets, std::size_t total, const char* what) {
  if (offsets.empty()) {
    if (total != 0) ByteReader::corrupt(std::string(what) + " without offsets");
    return;
  }
  if (offsets.front() != 0 || offsets.back() != total)
    ByteReader::corrupt(std::string(what) + " offsets do not span the data");
  for (std::size_t i = 1; i < offsets.size(); ++i)
    if (offsets[i] < offsets[i - 1]) ByteReader::corrupt(std::string(what) + " offsets decrease");
}

}  // namespace

FlatStrings::FlatStrings(const std::vector<std::string>& strings) {
  std::vector<std::uint32_t> offsets{0};
  std::vector<char> chars;
  for (const auto& text : strings) {
    chars.insert(chars.end(), text.begin(), text.end());
    offsets.push_back(checked_u32(chars.size()));
  }
  offsets_ = Array<std::uint32_t>(std::move(offsets));
  chars_ = Array<char>(std::move(chars));
}

void FlatStrings::encode(ByteWriter& out) const {
  out.array(offsets_.span());
  out.array(chars_.span());
}

FlatStrings FlatStrings::decode(ByteReader& in) {
  FlatStrings strings;
  strings.offsets_ = Array<std::uint32_t>(in.array<std::uint32_t>());
  strings.chars_ = Array<char>(in.array<char>());
  check_offsets(strings.offsets_.span(), strings.chars_.size(), "string table");
  return strings;
}

FlatLists::FlatLists(const std::vector<std::vector<std::uint32_t>>& lists) {
  std::vector<std::uint32_t> offsets{0};
  std::vector<std::uint32_t> values;
  for (const auto& list : lists) {
    values.insert(values.end(), list.begin(), list.end());
    offsets.push_back(checked_u32(values.size()));
  }
  offsets_ = Array<std::uint32_t>(std::move(offsets));
  values_ = Array<std::uint32_t>(std::move(values));
}

void FlatLists::encode(ByteWriter& out) const {
  out.array(offsets_.span());
  out.array(values_.span());
}

FlatLists FlatLists::decode(ByteReader& in, std::uint32_t limit) {
  FlatLists lists;
  lists.offsets_ = Array<std::uint32_t>(in.array<std::uint32_t>());
  lists.values_ = Array<std::uint32_t>(in.array<std::uint32_t>());
  check_offsets(lists.offsets_.span(), lists.values_.size(), "id list");
  for (const auto value : lists.values_.span())
    if (value >= limit) ByteReader::corrupt("an id is out of range");
  return lists;
}

FlatMultimap::FlatMultimap(const BuildMap& map) {
  std::vector<const BuildMap::value_type*> entries;
  entries.reserve(map.size());
  for (const auto& entry : map) entries.push_back(&entry);
  std::sort(entries.begin(), entries.end(),
            [](const auto* a, const auto* b) { return a->first < b->first; });
  std::vector<std::string> keys;
  std::vector<std::vector<std::uint32_t>> values;
  keys.reserve(entries.size());
  values.reserve(entries.size());
  for (const auto* entry : entries) {
    keys.push_back(entry->first);
    values.push_back(entry->second);
  }
  // At most half full, so that a miss ends after a probe or two.
  std::size_t capacity = 2;
  while (capacity < 2 * keys.size()) capacity *= 2;
  std::vector<std::uint32_t> slots(capacity, 0);
  for (std::size_t i = 0; i < keys.size(); ++i) {
    std::size_t slot = fnv1a(keys[i]) & (capacity - 1);
    while (slots[slot] != 0) slot = (slot + 1) & (capacity - 1);
    slots[slot] = checked_u32(i + 1);
  }
  keys_ = FlatStrings(keys);
  values_ = FlatLists(values);
  slots_ = Array<std::uint32_t>(std::move(slots));
}

std::span<const std::uint32_t> FlatMultimap::find(std::string_view key) const {
  const std::size_t capacity = slots_.size();
  if (capacity == 0) return {};
  std::size_t slot = fnv1a(key) & (capacity - 1);
  // The table is never full (see the constructor and decode), so the probe ends at a free slot.
  while (const std::uint32_t entry = slots_[slot]) {
    if (keys_[entry - 1] == key) return values_[entry - 1];
    slot = (slot + 1) & (capacity - 1);
  }
  return {};
}

void FlatMultimap::encode(ByteWriter& out) const {
  keys_.encode(out);
  values_.encode(out);
  out.array(slots_.span());
}

FlatMultimap FlatMultimap::decode(ByteReader& in, std::uint32_t value_limit) {
  FlatMultimap map;
  map.keys_ = FlatStrings::decode(in);
  map.values_ = FlatLists::decode(in, value_limit);
  map.slots_ = Array<std::uint32_t>(in.array<std::uint32_t>());
  const std::size_t capacity = map.slots_.size();
  if (map.values_.size() != map.keys_.size())
    ByteReader::corrupt("a map's keys and values differ in number");
  if (capacity < 2 || (capacity & (capacity - 1)) != 0 || capacity < 2 * map.keys_.size())
    ByteReader::corrupt("a map's hash table has a bad size");
  std::size_t used = 0;
  for (const auto entry : map.slots_.span()) {
    if (entry > map.keys_.size()) ByteReader::corrupt("a hash slot is out of range");
    used += entry != 0 ? 1 : 0;
  }
  if (used != map.keys_.size()) ByteReader::corrupt("a map's hash table misses keys");
  return map;
}

}  // namespace echri::screening::internal

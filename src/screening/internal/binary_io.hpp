#pragma once
// Little-endian binary encoding for the index snapshot: a writer that appends fields and aligned
// arrays to a byte string, and a reader that checks every length against what is left, so that
// a truncated or corrupt file is an error, never a read out of bounds. Internal to screening/.

#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "core/result.hpp"

namespace echri::screening::internal {

class ByteWriter {
 public:
  void u8(std::uint8_t value) { bytes_.push_back(static_cast<char>(value)); }
  void u32(std::uint32_t value) { raw(&value, sizeof value); }
  void u64(std::uint64_t value) { raw(&value, sizeof value); }
  void f32(float value) { raw(&value, sizeof value); }
  void str(std::string_view text) {
    u32(static_cast<std::uint32_t>(text.size()));
    bytes_.append(text);
  }
  // Count, padding to the element's alignment, then the elements: readable in place.
  template <class T>
  void array(std::span<const T> values) {
    static_assert(std::is_trivially_copyable_v<T>);
    u64(values.size());
    while (bytes_.size() % alignof(T) != 0) bytes_.push_back('\0');
    raw(values.data(), values.size_bytes());
  }
  [[nodiscard]] std::string& bytes() { return bytes_; }

 private:
  void raw(const void* data, std::size_t size) {
    bytes_.append(static_cast<const char*>(data), size);
  }
  std::string bytes_;
};

// Reads from a buffer that outlives every view it hands out. Throws Failure (invalid_input) on
// a short or malformed buffer; the snapshot reader turns that into a result.
class ByteReader {
 public:
  // `base` is where alignment is counted from: the writer's first byte.
  ByteReader(std::string_view buffer, const char* base) : rest_(buffer), base_(base) {}

  std::uint8_t u8() { return take<std::uint8_t>(); }
  std::uint32_t u32() { return take<std::uint32_t>(); }
  std::uint64_t u64() { return take<std::uint64_t>(); }
  float f32() { return take<float>(); }
  std::string_view str() {
    const std::uint32_t size = u32();
    return bytes(size);
  }
  template <class T>
  std::span<const T> array() {
    static_assert(std::is_trivially_copyable_v<T>);
    const std::uint64_t count = u64();
    const auto offset = static_cast<std::size_t>(rest_.data() - base_);
    skip((alignof(T) - offset % alignof(T)) % alignof(T));
    if (count > rest_.size() / sizeof(T)) corrupt("an array runs past the end");
    const auto* data = reinterpret_cast<const T*>(rest_.data());  // NOLINT: aligned above
    rest_.remove_prefix(count * sizeof(T));
    return {data, static_cast<std::size_t>(count)};
  }
  std::string_view bytes(std::size_t size) {
    if (size > rest_.size()) corrupt("a field runs past the end");
    const std::string_view out = rest_.substr(0, size);
    rest_.remove_prefix(size);
    return out;
  }
  [[nodiscard]] bool empty() const { return rest_.empty(); }

  [[noreturn]] static void corrupt(const std::string& what) {
    raise(ErrorKind::invalid_input, "corrupt index snapshot: " + what);
  }

 private:
  template <class T>
  T take() {
    T value;
    std::memcpy(&value, bytes(sizeof value).data(), sizeof value);
    return value;
  }
  void skip(std::size_t size) { bytes(size); }

  std::string_view rest_;
  const char* base_;
};

}  // namespace echri::screening::internal

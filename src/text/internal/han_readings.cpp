#include "text/internal/han_readings.hpp"

#include <algorithm>
#include <iterator>

namespace echri::text::internal {
namespace {

// Plain pointers, not string_views: measuring 44,000 literals at compile time would exceed
// clang's constant-evaluation step limit.
struct HanReading {
  char32_t character;
  const char* mandarin;
  char32_t hangul;
  const char* japanese;
};

// Sorted by character.
constexpr HanReading kHanReadings[] = {
#include "han_readings.inc"
};

const HanReading* find_reading(char32_t c) {
  const auto* found = std::lower_bound(
      std::begin(kHanReadings), std::end(kHanReadings), c,
      [](const HanReading& entry, char32_t wanted) { return entry.character < wanted; });
  return found != std::end(kHanReadings) && found->character == c ? found : nullptr;
}

}  // namespace

std::string_view mandarin_reading(char32_t c) {
  const HanReading* reading = find_reading(c);
  return reading == nullptr ? std::string_view() : reading->mandarin;
}

char32_t hanja_reading(char32_t c) {
  const HanReading* reading = find_reading(c);
  return reading == nullptr ? 0 : reading->hangul;
}

std::string_view japanese_readings(char32_t c) {
  const HanReading* reading = find_reading(c);
  return reading == nullptr ? std::string_view() : reading->japanese;
}

}  // namespace echri::text::internal

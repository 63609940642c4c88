#include "text/normalize.hpp"

#include <unicode/translit.h>
#include <unicode/unistr.h>

#include <memory>

namespace echri::text {
namespace {

// Cyrillic goes through BGN/PCGN first: lists romanise Russian names that way ("Shoygu",
// "Arkadiy"), while Any-Latin would give ISO 9 letters ("Šojgu"). Modifier letters and
// combining marks left by other scripts (Arabic 'ayn as U+02BF) are removed rather than kept.
constexpr const char* kFoldTransform =
    "NFKC; Russian-Latin/BGN; Any-Latin; Latin-ASCII; [:Lm:] Remove; [:Mn:] Remove; Lower";

// Transliterators are costly to create and keep internal state while transliterating, so each
// thread has its own.
// Null only when ICU's data is missing (a broken install): non-ASCII text then separates tokens.
icu::Transliterator* transliterator() {
  thread_local std::unique_ptr<icu::Transliterator> instance = [] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::Transliterator> created(
        icu::Transliterator::createInstance(kFoldTransform, UTRANS_FORWARD, status));
    if (U_FAILURE(status)) created.reset();
    return created;
  }();
  return instance.get();
}

bool is_ascii(std::string_view text) {
  for (const char ch : text)
    if (static_cast<unsigned char>(ch) >= 0x80) return false;
  return true;
}

}  // namespace

std::string fold_to_latin(std::string_view utf8) {
  std::string out;
  if (is_ascii(utf8)) {
    out.reserve(utf8.size());
    for (const char ch : utf8)
      out.push_back(ch >= 'A' && ch <= 'Z' ? static_cast<char>(ch + 32) : ch);
    return out;
  }
  // fromUTF8 replaces invalid sequences with U+FFFD, which the last step turns into a space.
  icu::UnicodeString text = icu::UnicodeString::fromUTF8(
      icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  if (auto* transform = transliterator(); transform != nullptr) transform->transliterate(text);
  std::string folded;
  text.toUTF8String(folded);
  // Whatever is still not ASCII (a script ICU cannot romanise) separates tokens.
  out.reserve(folded.size());
  for (std::size_t i = 0; i < folded.size(); ++i) {
    const auto byte = static_cast<unsigned char>(folded[i]);
    if (byte < 0x80) {
      out.push_back(byte >= 'A' && byte <= 'Z' ? static_cast<char>(byte + 32) : folded[i]);
    } else if ((byte & 0xC0) != 0x80) {
      out.push_back(' ');
    }
  }
  return out;
}

}  // namespace echri::text

#pragma once
// Mandarin, Korean and Japanese readings of Han characters, from Unihan (kMandarin, kHangul,
// kJapaneseKun, kJapaneseOn), compiled in from Debian's unicode-data by cmake/han_readings.py. A
// simplified character has the readings it lacks from its traditional form. Private to text/.

#include <string_view>

namespace echri::text::internal {

// The character's usual Mandarin reading in pinyin without tone marks ("吕" -> "lu"); empty when
// Unihan gives none.
std::string_view mandarin_reading(char32_t c);

// The character's Korean (Hanja) reading as one Hangul syllable: the one Unihan marks as used in
// names when there are several ("金" -> 김, not 금). 0 when Unihan gives none.
char32_t hanja_reading(char32_t c);

// The character's Japanese readings, kun before on, lower-case Hepburn without macrons and
// separated by spaces ("山" -> "yama san sen"). Empty when Unihan gives none.
std::string_view japanese_readings(char32_t c);

}  // namespace echri::text::internal

#include "text/normalize.hpp"

namespace echri::text {
namespace {

bool is_vowel(char c) {
  return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

// Vowels fall into three classes, so that o/u (Mohammed/Muhammad, Yusuf/Yousef) and e/i/y
// (Sergey/Sergei) agree while a/u (Hassan/Hussein) do not.
char vowel_class(char c) {
  switch (c) {
    case 'a':
      return 'A';
    case 'e':
    case 'i':
    case 'y':
      return 'E';
    default:
      return 'O';  // o, u
  }
}

// A final h after a vowel is not pronounced, and romanisations write it or not: Persian -eh/-e
// (Zadeh, Zade), Arabic -ah/-a (Nasrallah, Nasralla; Hamzah, Hamza).
std::string_view without_silent_h(std::string_view token) {
  if (token.size() >= 4 && token.back() == 'h') {
    const char before = token[token.size() - 2];
    if (before == 'a' || before == 'e' || before == 'i' || before == 'o' || before == 'u')
      return token.substr(0, token.size() - 1);
  }
  return token;
}

// Letters after digraph merges, with vowels (and a non-initial y) as their lower-case class
// letter ('a', 'e', 'o') and a leading vowel as 'A'.
std::string mapped_letters(std::string_view token) {
  token = without_silent_h(token);
  std::string consonants;
  for (std::size_t i = 0; i < token.size(); ++i) {
    const char c = token[i];
    const char next = i + 1 < token.size() ? token[i + 1] : '\0';
    const char after = i + 2 < token.size() ? token[i + 2] : '\0';
    if (c == 's' && next == 'c' && after == 'h') {
      consonants.push_back('s');
      i += 2;
    } else if ((c == 's' || c == 'c') && next == 'h') {
      consonants.push_back('s');
      ++i;
    } else if ((c == 'z' && next == 'h') || (c == 'd' && next == 'j')) {
      consonants.push_back('j');
      ++i;
    } else if (next == 'h' && (c == 'p' || c == 'k' || c == 't' || c == 'd' || c == 'g')) {
      consonants.push_back(c == 'p' ? 'f' : c);
      ++i;
    } else if (c == 'c' && next == 'k') {
      consonants.push_back('k');
      ++i;
    } else if (c == 'c' || c == 'q') {
      consonants.push_back('k');
    } else if (c == 'x') {
      consonants += "ks";
    } else if (c == 'z') {
      consonants.push_back('s');
    } else if (c == 'w') {
      consonants.push_back('v');
    } else if (is_vowel(c) || (c == 'y' && i > 0)) {
      consonants.push_back(i == 0 ? 'A' : static_cast<char>(vowel_class(c) + 32));
    } else {
      consonants.push_back(c);
    }
  }
  return consonants;
}

bool is_class_letter(char c) {
  return c == 'a' || c == 'e' || c == 'o' || c == 'A';
}

bool has_letter(std::string_view token) {
  for (const char c : token)
    if (c >= 'a' && c <= 'z') return true;
  return false;
}

}  // namespace

// The key is: a leading vowel as 'A' (Osama/Usama, Abdul/Abdel), else the first consonant
// followed by the class of the vowel right after it; then the remaining consonants, with
// digraphs and interchangeable letters merged (ph=f, kh=k, sh=sch=ch=s, zh=dj=j, c=k=q, x=ks,
// z=s, w=v, th=t, dh=d, gh=g), later vowels and y dropped, repeats collapsed.
std::string phonetic_key(std::string_view token) {
  std::string key;
  if (token.empty() || !has_letter(token)) return key;
  if (token.size() == 1) return std::string(token);

  const std::string consonants = mapped_letters(token);
  // consonants now holds lower-case consonants, 'A' for a leading vowel and lower-case class
  // letters ('a', 'e', 'o') for other vowels.
  std::size_t start = 0;
  if (consonants[0] == 'A') {
    key.push_back('A');
    start = 1;
  } else {
    key.push_back(consonants[0]);
    start = 1;
    if (consonants.size() > 1 &&
        (consonants[1] == 'a' || consonants[1] == 'e' || consonants[1] == 'o')) {
      key.push_back(static_cast<char>(consonants[1] - 32));
      start = 2;
    }
  }
  for (std::size_t i = start; i < consonants.size(); ++i) {
    const char c = consonants[i];
    const bool vowel = c == 'a' || c == 'e' || c == 'o';
    if (vowel) continue;
    if (!key.empty() && key.back() == c) continue;
    key.push_back(c);
  }
  return key;
}

std::string consonant_skeleton(std::string_view token) {
  std::string skeleton;
  if (!has_letter(token)) return skeleton;
  for (const char c : mapped_letters(token)) {
    if (is_class_letter(c)) continue;
    if (!skeleton.empty() && skeleton.back() == c) continue;
    skeleton.push_back(c);
  }
  return skeleton;
}

}  // namespace echri::text

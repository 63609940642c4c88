#include "text/internal/scripts.hpp"

#include <algorithm>
#include <array>
#include <functional>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <unordered_map>

namespace echri::text::internal {
namespace {

// ---------------------------------------------------------------------------------------------
// Arabic script

bool is_arabic_mark(char32_t c) {
  return (c >= 0x064B && c <= 0x065F) || c == 0x0670 || (c >= 0x06D6 && c <= 0x06ED) ||
         c == 0x0640 /* tatweel */ || c == 0x200C || c == 0x200D /* joiners */;
}

// Letters that differ only in their written form, or between Arabic and Persian/Urdu.
char32_t unify_arabic_letter(char32_t c) {
  switch (c) {
    case U'أ':
    case U'إ':
    case U'آ':
    case U'ٱ':
      return U'ا';
    case U'ی':  // Persian yeh
    case U'ے':  // Urdu yeh barree
    case U'ى':  // alif maqsura, often written for final yeh
      return U'ي';
    case U'ک':  // Persian kaf
      return U'ك';
    case U'ۀ':
    case U'ہ':
    case U'ە':
    case U'ة':  // teh marbuta
      return U'ه';
    case U'ں':
      return U'ن';
    case U'ٹ':
      return U'ت';
    case U'ڈ':
      return U'د';
    case U'ڑ':
      return U'ر';
    case U'ؤ':
      return U'و';
    case U'ئ':
      return U'ي';
    default:
      return c;
  }
}

std::u32string strip_arabic_marks(std::u32string_view word) {
  std::u32string out;
  out.reserve(word.size());
  for (const char32_t c : word)
    if (!is_arabic_mark(c) && c != U'ء') out.push_back(c);
  return out;
}

struct LexiconEntry {
  std::u32string_view arabic;
  std::string_view latin;
};

// Common name words in Arabic script (Arabic, Persian, Urdu, Pashto) as the lists spell them.
// Spelling variants on the Latin side (Mohammed/Muhammad, Hossein/Husayn) are the phonetic
// key's business: one spelling is enough here.
constexpr LexiconEntry kArabicLexicon[] = {
    {U"محمد", "muhammad"},
    {U"احمد", "ahmad"},
    {U"محمود", "mahmud"},
    {U"مصطفي", "mustafa"},
    {U"علي", "ali"},
    {U"حسن", "hasan"},
    {U"حسين", "hussein"},
    {U"عبد", "abd"},
    {U"الله", "allah"},
    {U"ابراهيم", "ibrahim"},
    {U"اسماعيل", "ismail"},
    {U"اسامه", "usama"},
    {U"خالد", "khalid"},
    {U"عمر", "umar"},
    {U"عثمان", "uthman"},
    {U"يوسف", "yusuf"},
    {U"يونس", "yunus"},
    {U"موسي", "musa"},
    {U"عيسي", "isa"},
    {U"سليمان", "sulaiman"},
    {U"داود", "dawud"},
    {U"صالح", "salih"},
    {U"سعيد", "said"},
    {U"سعد", "saad"},
    {U"سعود", "saud"},
    {U"فيصل", "faisal"},
    {U"فهد", "fahd"},
    {U"ناصر", "nasir"},
    {U"نصر", "nasr"},
    {U"منصور", "mansur"},
    {U"جمال", "jamal"},
    {U"كمال", "kamal"},
    {U"عادل", "adil"},
    {U"عماد", "imad"},
    {U"عمار", "ammar"},
    {U"عمرو", "amr"},
    {U"عامر", "amir"},
    {U"امير", "amir"},
    {U"كريم", "karim"},
    {U"رحيم", "rahim"},
    {U"رحمن", "rahman"},
    {U"رحمان", "rahman"},
    {U"عزيز", "aziz"},
    {U"ماجد", "majid"},
    {U"مجيد", "majid"},
    {U"حميد", "hamid"},
    {U"حامد", "hamid"},
    {U"حمد", "hamad"},
    {U"حمزه", "hamza"},
    {U"طارق", "tariq"},
    {U"طه", "taha"},
    {U"ياسين", "yasin"},
    {U"ياسر", "yasir"},
    {U"زياد", "ziyad"},
    {U"زيد", "zayd"},
    {U"بكر", "bakr"},
    {U"جعفر", "jafar"},
    {U"قاسم", "qasim"},
    {U"هاشم", "hashim"},
    {U"هاني", "hani"},
    {U"سامي", "sami"},
    {U"رامي", "rami"},
    {U"بشار", "bashar"},
    {U"بشير", "bashir"},
    {U"نبيل", "nabil"},
    {U"جميل", "jamil"},
    {U"خليل", "khalil"},
    {U"اسد", "asad"},
    {U"نور", "nur"},
    {U"دين", "din"},
    {U"صدام", "saddam"},
    {U"عدي", "uday"},
    {U"قصي", "qusay"},
    {U"عزت", "izzat"},
    {U"رشيد", "rashid"},
    {U"مراد", "murad"},
    {U"منير", "munir"},
    {U"وليد", "walid"},
    {U"سيف", "saif"},
    {U"فاضل", "fadil"},
    {U"فتح", "fath"},
    {U"شريف", "sharif"},
    {U"نايف", "nayif"},
    {U"سلطان", "sultan"},
    {U"مهدي", "mahdi"},
    {U"هادي", "hadi"},
    {U"جواد", "jawad"},
    {U"رضا", "reza"},
    {U"علیرضا", "alireza"},
    {U"عليرضا", "alireza"},
    {U"موسوي", "mousavi"},
    {U"خامنهاي", "khamenei"},
    {U"خامنهيي", "khamenei"},
    {U"روحاني", "rouhani"},
    {U"ظريف", "zarif"},
    {U"سليماني", "soleimani"},
    {U"محسن", "mohsen"},
    {U"جعفري", "jafari"},
    {U"احمدي", "ahmadi"},
    {U"محمدي", "mohammadi"},
    {U"حسيني", "hosseini"},
    {U"كاظم", "kazem"},
    {U"باقر", "baqir"},
    {U"صادق", "sadiq"},
    {U"تقي", "taqi"},
    {U"زاده", "zadeh"},
    {U"پور", "pour"},
    {U"اصغر", "asghar"},
    {U"اكبر", "akbar"},
    {U"قادر", "qadir"},
    {U"عبيد", "ubaid"},
    {U"ابو", "abu"},
    {U"ام", "umm"},
    {U"بن", "bin"},
    {U"ابن", "ibn"},
    {U"بنت", "bint"},
    {U"لادن", "ladin"},
    {U"ظواهري", "zawahiri"},
    {U"بغدادي", "baghdadi"},
    {U"زرقاوي", "zarqawi"},
    {U"جولاني", "jawlani"},
    {U"قرشي", "qurashi"},
    {U"مصري", "masri"},
    {U"عراقي", "iraqi"},
    {U"يمني", "yemeni"},
    {U"تكريتي", "tikriti"},
    {U"دوري", "duri"},
    {U"راوي", "rawi"},
    {U"عبيدي", "ubaidi"},
    {U"حزب", "hizb"},
    {U"جبهه", "jabhat"},
    {U"نصره", "nusra"},
    {U"دوله", "dawla"},
    {U"قاعده", "qaida"},
    {U"انصار", "ansar"},
    {U"جهاد", "jihad"},
    {U"اسلامي", "islami"},
    {U"اسلاميه", "islamiya"},
    {U"اسلام", "islam"},
    {U"طالبان", "taliban"},
    {U"حقاني", "haqqani"},
    {U"مسعود", "masoud"},
    {U"پزشكيان", "pezeshkian"},
    {U"رييسي", "raisi"},
    {U"فاطمه", "fatemeh"},
    {U"زهرا", "zahra"},
    {U"مريم", "maryam"},
    {U"امين", "amin"},
    {U"مجتبي", "mojtaba"},
    {U"مرتضي", "morteza"},
    {U"هاشمي", "hashemi"},
    {U"رفسنجاني", "rafsanjani"},
    {U"لاريجاني", "larijani"},
    {U"شمخاني", "shamkhani"},
    {U"سلامي", "salami"},
    {U"باقري", "bagheri"},
    {U"قاليباف", "ghalibaf"},
    {U"جليلي", "jalili"},
    {U"حافظ", "hafez"},
    {U"مالك", "malik"},
    {U"غلام", "ghulam"},
    {U"نظام", "nizam"},
    {U"عبيده", "ubaida"},
    {U"حبيب", "habib"},
    {U"شاه", "shah"},
    {U"خان", "khan"},
    {U"سراج", "siraj"},
    {U"جلال", "jalal"},
    {U"عبدالله", "abd allah"},
    {U"نصرالله", "nasr allah"},
    {U"ابوبكر", "abu bakr"},
    {U"صلاح", "salah"},
    {U"فواز", "fawaz"},
    {U"رياض", "riyad"},
    {U"مازن", "mazin"},
    {U"غازي", "ghazi"},
    {U"انور", "anwar"},
    {U"سالم", "salim"},
    {U"سليم", "salim"},
    {U"حكيم", "hakim"},
    {U"نعيم", "naim"},
    {U"قاسمي", "qasemi"},
    {U"اسعد", "asad"},
    {U"منذر", "mundhir"},
    {U"شعبان", "shaban"},
    {U"رمضان", "ramadan"},
    {U"عباس", "abbas"},
    {U"عبيدالله", "ubaid allah"},
    {U"اياد", "iyad"},
    {U"ايمن", "ayman"},
    {U"اياد", "iyad"},
    {U"مفتي", "mufti"},
    {U"ملا", "mulla"},
    {U"مولوي", "mawlawi"},
    {U"حاجي", "haji"},
    {U"شيخ", "shaikh"},
    {U"حجي", "haji"},
    {U"سيد", "sayyid"},
    {U"ولد", "ould"},
    {U"ولي", "wali"},
    {U"جان", "jan"},
    {U"فيض", "faiz"},
    {U"قدرت", "qudrat"},
    {U"نجيب", "najib"},
    {U"هدايت", "hidayat"},
    {U"عارف", "arif"},
    {U"خير", "khair"},
    {U"ثناء", "sana"},
    {U"ثنا", "sana"},
    {U"عتيق", "atiq"},
    {U"احسان", "ehsan"},
    {U"غياث", "ghias"},
    {U"عصمت", "esmat"},
    {U"حق", "haq"},
    {U"قدوس", "quddus"},
    {U"بصير", "basir"},
    {U"حي", "hai"},
    {U"مطيع", "muti"},
    {U"نعماني", "nomani"},
    {U"حليم", "halim"},
    {U"لطيف", "latif"},
    {U"غفور", "ghafur"},
    {U"ستار", "sattar"},
    {U"تواب", "tawwab"},
    {U"عزاوي", "azzawi"},
    {U"طيب", "tayyib"},
    {U"بلقاسم", "belkacem"},
    {U"خميس", "khamis"},
    {U"صابر", "sabir"},
    {U"زيدان", "zidan"},
    {U"معروف", "maruf"},
    {U"محي", "muhyi"},
    {U"كاظم", "kazim"},
    {U"طلفاح", "tilfah"},
    {U"ابوبكر", "abu bakr"},
    {U"عوض", "awad"},
    {U"قاري", "qari"},
    {U"ظاهر", "zahir"},
    {U"عويس", "aweys"},
    {U"شيبه", "shibh"},
    {U"ملا", "mulla"},
    {U"اخوند", "akhund"},
    {U"آخوند", "akhund"},
};

struct U32Hash {
  std::size_t operator()(const std::u32string& text) const noexcept {
    std::size_t hash = 1469598103934665603ULL;
    for (const char32_t c : text) hash = (hash ^ c) * 1099511628211ULL;
    return hash;
  }
};

const std::unordered_map<std::u32string, std::string_view, U32Hash>& arabic_lexicon() {
  static const auto lexicon = [] {
    std::unordered_map<std::u32string, std::string_view, U32Hash> map;
    for (const auto& entry : kArabicLexicon)
      map.emplace(normalize_arabic(entry.arabic), entry.latin);
    return map;
  }();
  return lexicon;
}

std::string_view arabic_consonant(char32_t c) {
  switch (c) {
    case U'ب':
      return "b";
    case U'ت':
    case U'ط':
    case U'ٹ':
      return "t";
    case U'ث':
      return "th";
    case U'ج':
      return "j";
    case U'ح':
    case U'ه':
    case U'ہ':
    case U'ۀ':
      return "h";
    case U'خ':
      return "kh";
    case U'د':
    case U'ض':
    case U'ڈ':
      return "d";
    case U'ذ':
      return "dh";
    case U'ر':
    case U'ڑ':
      return "r";
    case U'ز':
    case U'ظ':
      return "z";
    case U'س':
    case U'ص':
      return "s";
    case U'ش':
      return "sh";
    case U'غ':
      return "gh";
    case U'ف':
      return "f";
    case U'ق':
      return "q";
    case U'ك':
    case U'ک':
      return "k";
    case U'گ':
      return "g";
    case U'ل':
      return "l";
    case U'م':
      return "m";
    case U'ن':
    case U'ں':
      return "n";
    case U'پ':
      return "p";
    case U'چ':
      return "ch";
    case U'ژ':
      return "zh";
    default:
      return {};
  }
}

bool is_alif(char32_t c) {
  return c == U'ا' || c == U'أ' || c == U'إ' || c == U'آ' || c == U'ٱ';
}
bool is_waw(char32_t c) {
  return c == U'و' || c == U'ؤ';
}
bool is_yeh(char32_t c) {
  return c == U'ي' || c == U'ی' || c == U'ے' || c == U'ئ';
}
bool is_vowel_letter(char32_t c) {
  return is_alif(c) || is_waw(c) || is_yeh(c) || c == U'ى' || c == U'ع';
}
bool ends_with_vowel(const std::string& text) {
  if (text.empty()) return false;
  const char c = text.back();
  return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

// Letter by letter: long vowels as written, the first short vowel guessed as "a" when the word
// opens with two consonants (most given names and nouns do: bashar, hasan, nasr).
std::string arabic_letters(std::u32string_view w) {
  std::string out;
  for (std::size_t i = 0; i < w.size(); ++i) {
    const char32_t c = w[i];
    const char32_t next = i + 1 < w.size() ? w[i + 1] : U'\0';
    const bool last = i + 1 == w.size();
    if (i == 1 && !is_vowel_letter(w[0]) && !is_vowel_letter(c) && c != U'ة' && c != U'ء')
      out.push_back('a');
    if (is_alif(c)) {
      if (!ends_with_vowel(out) || out.empty()) out.push_back('a');
    } else if (is_waw(c)) {
      out += (i == 0 || ends_with_vowel(out) || is_alif(next)) ? "w" : "u";
    } else if (is_yeh(c)) {
      out += (i == 0 || ends_with_vowel(out) || is_alif(next) || is_waw(next)) ? "y" : "i";
    } else if (c == U'ى') {
      out += last ? "a" : "i";
    } else if (c == U'ة') {
      out += last ? "a" : "at";
    } else if (c == U'ع') {
      // 'ayn carries an unwritten vowel: written before the next long vowel, else "a".
      if (i == 0) {
        if (is_waw(next)) {
          out += "u";
          ++i;
        } else if (is_yeh(next)) {
          out += "i";
          ++i;
        } else {
          out += "a";
          if (is_alif(next)) ++i;
        }
      } else if (!ends_with_vowel(out)) {
        out += "a";
      }
    } else if (c == U'ء') {
      // hamza on its own: a glottal stop, not written in lists
    } else if ((c == U'ه' || c == U'ہ' || c == U'ۀ') && last && i > 0) {
      out += ends_with_vowel(out) ? "h" : "ah";
    } else if (const auto consonant = arabic_consonant(c); !consonant.empty()) {
      out += consonant;
    }
  }
  return out;
}

std::string romanize_arabic_normalised(const std::u32string& stripped, int depth);

// "ال" + word, "عبد" + word, word + "الله": the parts romanised one by one.
std::string romanize_arabic_normalised(const std::u32string& stripped, int depth) {
  const std::u32string key = normalize_arabic(stripped);
  if (key.empty()) return {};
  const auto& lexicon = arabic_lexicon();
  if (auto found = lexicon.find(key); found != lexicon.end()) return std::string(found->second);
  if (depth < 3) {
    const auto split = [&](std::size_t at) {
      std::string head = romanize_arabic_normalised(stripped.substr(0, at), depth + 1);
      std::string tail = romanize_arabic_normalised(stripped.substr(at), depth + 1);
      if (head.empty()) return tail;
      if (tail.empty()) return head;
      return head + " " + tail;
    };
    constexpr std::u32string_view kArticle = U"ال";
    constexpr std::u32string_view kAbd = U"عبد";
    constexpr std::u32string_view kAbu = U"ابو";
    constexpr std::u32string_view kAllah = U"الله";
    constexpr std::u32string_view kAlDin = U"الدين";
    const std::u32string_view view(key);
    if (view.size() > kAbd.size() + 1 && view.starts_with(kAbd)) return split(kAbd.size());
    if (view.size() > kAbu.size() + 2 && view.starts_with(kAbu)) return split(kAbu.size());
    if (view.size() > kAllah.size() + 1 && view.ends_with(kAllah))
      return split(stripped.size() - kAllah.size());
    if (view.size() > kAlDin.size() + 1 && view.ends_with(kAlDin))
      return split(stripped.size() - kAlDin.size());
    if (view.size() >= kArticle.size() + 2 && view.starts_with(kArticle)) {
      const std::string rest = romanize_arabic_normalised(stripped.substr(2), depth + 1);
      return rest.empty() ? std::string("al") : "al " + rest;
    }
  }
  return arabic_letters(stripped);
}

// ---------------------------------------------------------------------------------------------
// Hebrew

struct HebrewEntry {
  std::u32string_view hebrew;
  std::string_view latin;
};

constexpr HebrewEntry kHebrewLexicon[] = {
    {U"משה", "moshe"},     {U"דוד", "david"},       {U"יוסף", "yosef"},       {U"אברהם", "avraham"},
    {U"יצחק", "yitzhak"},  {U"יעקב", "yaakov"},     {U"שמואל", "shmuel"},     {U"דניאל", "daniel"},
    {U"מיכאל", "michael"}, {U"בנימין", "binyamin"}, {U"נתניהו", "netanyahu"}, {U"כהן", "cohen"},
    {U"לוי", "levi"},      {U"שרה", "sarah"},       {U"רחל", "rachel"},       {U"אהרן", "aharon"},
    {U"אהרון", "aharon"},  {U"שלמה", "shlomo"},     {U"חיים", "haim"},        {U"אליהו", "eliyahu"},
    {U"יהודה", "yehuda"},  {U"מרים", "miriam"},     {U"רבקה", "rivka"},       {U"לאה", "leah"},
    {U"אריאל", "ariel"},   {U"יונתן", "yonatan"},   {U"נתן", "natan"},        {U"אבי", "avi"},
    {U"עמוס", "amos"},     {U"גדעון", "gideon"},    {U"שמעון", "shimon"},     {U"ראובן", "reuven"},
    {U"אפרים", "efraim"},  {U"מנחם", "menachem"},   {U"ישראל", "yisrael"},    {U"אלון", "alon"},
    {U"רון", "ron"},       {U"גולן", "golan"},      {U"פרץ", "peretz"},       {U"לפיד", "lapid"},
    {U"גנץ", "gantz"},     {U"ברק", "barak"},
};

std::string_view hebrew_consonant(char32_t c, bool initial) {
  switch (c) {
    case U'ב':
      return initial ? "b" : "v";
    case U'ג':
      return "g";
    case U'ד':
      return "d";
    case U'ה':
      return "h";
    case U'ז':
      return "z";
    case U'ח':
      return "ch";
    case U'ט':
    case U'ת':
      return "t";
    case U'כ':
      return initial ? "k" : "kh";
    case U'ך':
      return "kh";
    case U'ל':
      return "l";
    case U'מ':
    case U'ם':
      return "m";
    case U'נ':
    case U'ן':
      return "n";
    case U'ס':
      return "s";
    case U'פ':
      return initial ? "p" : "f";
    case U'ף':
      return "f";
    case U'צ':
    case U'ץ':
      return "ts";
    case U'ק':
      return "k";
    case U'ר':
      return "r";
    case U'ש':
      return "sh";
    default:
      return {};
  }
}

std::string hebrew_letters(std::u32string_view w) {
  std::string out;
  const auto vowel_letter = [](char32_t c) {
    return c == U'א' || c == U'ו' || c == U'י' || c == U'ע';
  };
  for (std::size_t i = 0; i < w.size(); ++i) {
    const char32_t c = w[i];
    const bool last = i + 1 == w.size();
    if (i == 1 && !vowel_letter(w[0]) && !vowel_letter(c)) out.push_back('a');
    if (c == U'א' || c == U'ע') {
      if (!ends_with_vowel(out)) out.push_back(last || i == 0 ? 'a' : 'e');
    } else if (c == U'ו') {
      if (i == 0) {
        out += "v";
      } else if (i + 1 < w.size() && w[i + 1] == U'ו') {
        out += "v";
        ++i;
      } else {
        out += ends_with_vowel(out) ? "v" : "o";
      }
    } else if (c == U'י') {
      out += (i == 0 || ends_with_vowel(out)) ? "y" : "i";
    } else if (c == U'ה' && last && i > 0) {
      out += ends_with_vowel(out) ? "" : "a";
    } else if (const auto consonant = hebrew_consonant(c, i == 0); !consonant.empty()) {
      out += consonant;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Hangul: syllable = 0xAC00 + (initial * 21 + vowel) * 28 + final

constexpr std::array<std::string_view, 19> kHangulInitials = {
    "k",  "kk", "n", "t",  "tt", "r", "m", "p", "pp", "s",
    "ss", "",   "j", "jj", "ch", "k", "t", "p", "h"};
constexpr std::array<std::string_view, 21> kHangulVowels = {
    "a",  "ae", "ya", "yae", "o",  "e",  "yo", "ye", "o",  "wa", "wae",
    "oe", "yo", "u",  "wo",  "we", "wi", "yu", "u",  "ui", "i"};
constexpr std::array<std::string_view, 28> kHangulFinals = {
    "",  "k", "k", "k", "n", "n", "n", "t",  "l", "k", "m", "l", "l", "l",
    "p", "l", "m", "p", "p", "t", "t", "ng", "t", "t", "k", "t", "p", "t"};

// ---------------------------------------------------------------------------------------------
// Cyrillic for names that are not Slavic

std::string_view cyrillic_letter(char32_t c) {
  switch (c) {
    case U'а':
      return "a";
    case U'б':
      return "b";
    case U'в':
      return "v";
    case U'г':
      return "g";
    case U'д':
      return "d";
    case U'е':
    case U'э':
      return "e";
    case U'ё':
      return "yo";
    case U'ж':
      return "zh";
    case U'з':
      return "z";
    case U'и':
      return "i";
    case U'й':
      return "y";
    case U'к':
      return "k";
    case U'л':
      return "l";
    case U'м':
      return "m";
    case U'н':
      return "n";
    case U'о':
      return "o";
    case U'п':
      return "p";
    case U'р':
      return "r";
    case U'с':
      return "s";
    case U'т':
      return "t";
    case U'у':
      return "u";
    case U'ф':
      return "f";
    case U'х':
      return "h";
    case U'ц':
      return "ts";
    case U'ч':
      return "ch";
    case U'ш':
      return "sh";
    case U'щ':
      return "shch";
    case U'ы':
      return "u";
    case U'ю':
      return "yu";
    case U'я':
      return "ya";
    default:
      return {};
  }
}

char32_t cyrillic_lower(char32_t c) {
  if (c >= 0x0410 && c <= 0x042F) return c + 0x20;
  if (c == 0x0401) return 0x0451;
  return c;
}

}  // namespace

Script script_of(char32_t c) {
  if ((c >= 0x0600 && c <= 0x06FF) || (c >= 0x0750 && c <= 0x077F) ||
      (c >= 0x08A0 && c <= 0x08FF) || (c >= 0xFB50 && c <= 0xFDFF) || (c >= 0xFE70 && c <= 0xFEFF))
    return Script::arabic;
  if (c >= 0x0590 && c <= 0x05FF) return Script::hebrew;
  if ((c >= 0xAC00 && c <= 0xD7A3) || (c >= 0x1100 && c <= 0x11FF) || (c >= 0x3130 && c <= 0x318F))
    return Script::hangul;
  if ((c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
      (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x2FA1F))
    return Script::han;
  if (c >= 0x0400 && c <= 0x052F) return Script::cyrillic;
  if (c >= 0x0E00 && c <= 0x0E7F) return Script::thai;
  if (c < 0x0250 || (c >= 0x1E00 && c <= 0x1EFF)) return Script::latin;
  return Script::other;
}

Script script_of_word(std::u32string_view word) {
  for (const char32_t c : word) {
    if (c < 0x80) continue;
    const Script script = script_of(c);
    if (script != Script::latin) return script;
  }
  return Script::latin;
}

std::u32string normalize_arabic(std::u32string_view word) {
  std::u32string out;
  out.reserve(word.size());
  for (const char32_t c : word) {
    if (is_arabic_mark(c) || c == U'ء') continue;
    out.push_back(unify_arabic_letter(c));
  }
  return out;
}

std::string romanize_arabic(std::u32string_view word) {
  return romanize_arabic_normalised(strip_arabic_marks(word), 0);
}

std::string romanize_hebrew(std::u32string_view word) {
  std::u32string plain;
  for (const char32_t c : word) {
    if (c >= 0x05D0 && c <= 0x05EA) plain.push_back(c);  // letters; points and marks dropped
  }
  for (const auto& entry : kHebrewLexicon)
    if (entry.hebrew == plain) return std::string(entry.latin);
  return hebrew_letters(plain);
}

std::vector<std::string> romanize_hangul(std::u32string_view word) {
  std::vector<std::string> out;
  for (const char32_t c : word) {
    if (c < 0xAC00 || c > 0xD7A3) {
      out.emplace_back();
      continue;
    }
    const std::uint32_t index = c - 0xAC00;
    const std::uint32_t initial = index / (21 * 28);
    const std::uint32_t vowel = (index / 28) % 21;
    const std::uint32_t final = index % 28;
    std::string syllable;
    // The surname 이/리 is Ri in the North, Lee in the South: "ri" keeps the consonant that both
    // write.
    if (out.empty() && (c == U'이' || c == U'리')) {
      syllable = "ri";
    } else {
      syllable = std::string(kHangulInitials[initial]) + std::string(kHangulVowels[vowel]) +
                 std::string(kHangulFinals[final]);
    }
    out.push_back(std::move(syllable));
  }
  return out;
}

std::string foreign_cyrillic_reading(std::u32string_view word) {
  std::string out;
  for (std::size_t i = 0; i < word.size(); ++i) {
    const char32_t c = cyrillic_lower(word[i]);
    const char32_t next = i + 1 < word.size() ? cyrillic_lower(word[i + 1]) : U'\0';
    if (c == U'д' && next == U'ж') {
      out += "j";
      ++i;
      continue;
    }
    if (c == U'е' && i > 0) {
      const char32_t before = cyrillic_lower(word[i - 1]);
      if (before == U'ч' || before == U'ж' || before == U'ш' || before == U'щ') {
        out += "o";
        continue;
      }
    }
    const auto letter = cyrillic_letter(c);
    if (!letter.empty()) out += letter;
  }
  return out;
}

}  // namespace echri::text::internal

namespace echri::text {
namespace {

struct KoreanPart {
  std::string_view spelling;
  std::string_view key;
};

// Longest spellings first within each table.
constexpr KoreanPart kKoreanInitials[] = {
    {"kk", "k"}, {"tt", "t"}, {"pp", "p"}, {"ss", "s"}, {"jj", "c"}, {"ch", "c"},
    {"sh", "s"}, {"zh", "c"}, {"g", "k"},  {"k", "k"},  {"n", "n"},  {"d", "t"},
    {"t", "t"},  {"r", "l"},  {"l", "l"},  {"m", "m"},  {"b", "p"},  {"p", "p"},
    {"s", "s"},  {"j", "c"},  {"h", "h"},  {"c", "c"},  {"", ""},
};
// McCune-Reischauer without its breves writes ㅓ and ㅗ as o, ㅡ and ㅜ as u: those are the
// classes; Revised Romanisation's eo and eu fall into them.
constexpr KoreanPart kKoreanVowels[] = {
    {"yae", "e"}, {"wae", "oe"}, {"yeo", "yo"}, {"weo", "wo"}, {"ae", "e"},
    {"ya", "ya"}, {"eo", "o"},   {"ye", "e"},   {"wa", "wa"},  {"oe", "oe"},
    {"oi", "oe"}, {"yo", "yo"},  {"wo", "wo"},  {"we", "oe"},  {"wi", "wi"},
    {"yu", "yu"}, {"eu", "u"},   {"ui", "ui"},  {"oo", "u"},   {"ee", "i"},
    {"a", "a"},   {"e", "e"},    {"o", "o"},    {"u", "u"},    {"i", "i"},
};
constexpr KoreanPart kKoreanFinals[] = {
    {"ng", "n"}, {"k", "k"}, {"g", "k"}, {"n", "n"}, {"t", "t"}, {"d", "t"}, {"l", "l"},
    {"r", "l"},  {"m", "m"}, {"p", "p"}, {"b", "p"}, {"s", "t"}, {"h", ""},  {"", ""},
};

// Surnames whose usual spellings the syllable rules cannot reach.
constexpr KoreanPart kKoreanSurnames[] = {
    {"park", "pak"},
    {"lee", "li"},
    {"yi", "li"},
    {"rhee", "li"},
    {"rhie", "li"},
    {"ri", "li"},
    {"li", "li"},
    {"choi", "coe"},
    {"oh", "o"},
    {"roh", "no"},
    {"rhyu", "yu"},
    {"ryu", "yu"},
    {"yoo", "yu"},
    {"yu", "yu"},
    {"kang", "kan"},
    {"gang", "kan"},
    {"yoon", "yun"},
    {"lim", "im"},
    {"rim", "im"},
    // South Korean spellings of ㅓ syllables written with u.
    {"sung", "son"},
    {"jung", "con"},
    {"chung", "con"},
    {"hyun", "hyon"},
};

}  // namespace

std::string korean_syllable_key(std::string_view token, Script script) {
  if (token.empty() || token.size() > 6) return {};
  for (const auto& surname : kKoreanSurnames)
    if (surname.spelling == token) return std::string(surname.key);
  // Cyrillic through BGN/PCGN: "y" stands for ы (ŭ), "e" after a hushing consonant for ё.
  std::string text(token);
  if (script == Script::cyrillic) {
    for (std::size_t i = 0; i < text.size(); ++i) {
      if (text[i] == 'y' && i > 0 && i + 1 < text.size() && text[i + 1] != 'a' &&
          text[i + 1] != 'e' && text[i + 1] != 'o' && text[i + 1] != 'u')
        text[i] = 'u';
      if (text[i] == 'y' && i == 0 && text.size() > 1 && text[1] != 'a' && text[1] != 'e' &&
          text[1] != 'o' && text[1] != 'u')
        text[i] = 'u';
      if (text[i] == 'e' && i >= 2 && text[i - 1] == 'h' &&
          (text[i - 2] == 'c' || text[i - 2] == 'z' || text[i - 2] == 's'))
        text[i] = 'o';
    }
  }
  // initial consonants, then the vowel with its glides (w, y), then the final consonants
  const auto vowel_like = [](char c) {
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'w' || c == 'y';
  };
  const std::string_view view(text);
  std::size_t vowel_start = 0;
  while (vowel_start < view.size() && !vowel_like(view[vowel_start])) ++vowel_start;
  std::size_t final_start = vowel_start;
  while (final_start < view.size() && vowel_like(view[final_start])) ++final_start;
  if (final_start == vowel_start) return {};
  const auto find = [](const auto& table, std::string_view part) -> const KoreanPart* {
    for (const auto& entry : table)
      if (entry.spelling == part) return &entry;
    return nullptr;
  };
  const KoreanPart* initial = find(kKoreanInitials, view.substr(0, vowel_start));
  const KoreanPart* vowel =
      find(kKoreanVowels, view.substr(vowel_start, final_start - vowel_start));
  const KoreanPart* final = find(kKoreanFinals, view.substr(final_start));
  if (initial == nullptr || vowel == nullptr || final == nullptr) return {};
  std::string key(initial->key);
  key += vowel->key;
  key += final->key;
  return key;
}

}  // namespace echri::text

namespace echri::text {
namespace {

// Chinese syllables in pinyin and in Wade-Giles (apostrophes and umlauts dropped), each read as
// a pair of classes: initials that differ only in aspiration or system (b/p, d/t, g/k, z/c/ts/tz,
// zh/ch, j/q and Wade-Giles ch before i, x/hs, r and Wade-Giles j) and finals that the two
// systems spell differently (ong/ung, ian/ien, ie/ieh, the empty vowel i/ih/u after z c s).
struct ChineseInitial {
  std::string_view spelling;
  std::string_view key;
  bool wade_giles_only;
};
constexpr ChineseInitial kChineseInitials[] = {
    {"zh", "C", false}, {"ch", "C", false}, {"sh", "S", false}, {"hs", "X", true},
    {"ts", "Z", true},  {"tz", "Z", true},  {"ss", "s", true},  {"sz", "s", true},
    {"b", "p", false},  {"p", "p", false},  {"m", "m", false},  {"f", "f", false},
    {"d", "t", false},  {"t", "t", false},  {"n", "n", false},  {"l", "l", false},
    {"g", "k", false},  {"k", "k", false},  {"h", "h", false},  {"j", "J", false},
    {"q", "J", false},  {"x", "X", false},  {"r", "r", false},  {"z", "Z", false},
    {"c", "Z", false},  {"s", "s", false},  {"y", "y", false},  {"w", "w", false},
    {"", "", false},
};
struct ChineseFinal {
  std::string_view spelling;
  std::string_view key;
  bool wade_giles_only;
  bool pinyin_only;
};
constexpr ChineseFinal kChineseFinals[] = {
    {"iang", "iang", false, false}, {"iong", "iong", false, true}, {"iung", "iong", true, false},
    {"uang", "uang", false, false}, {"ueng", "ong", false, true},  {"ieh", "ie", true, false},
    {"ien", "ian", true, false},    {"ian", "ian", false, true},   {"iao", "iao", false, false},
    {"ing", "ing", false, false},   {"ang", "ang", false, false},  {"eng", "eng", false, false},
    {"ong", "ong", false, true},    {"ung", "ong", true, false},   {"uai", "uai", false, false},
    {"uan", "uan", false, false},   {"erh", "er", true, false},    {"ai", "ai", false, false},
    {"ei", "ei", false, false},     {"ui", "ui", false, false},    {"ao", "ao", false, false},
    {"ou", "ou", false, false},     {"iu", "iu", false, false},    {"ie", "ie", false, false},
    {"ue", "ue", false, false},     {"ua", "ua", false, false},    {"uo", "uo", false, false},
    {"an", "an", false, false},     {"en", "en", false, false},    {"in", "in", false, false},
    {"un", "un", false, false},     {"ia", "ia", false, false},    {"er", "er", false, true},
    {"ih", "i", true, false},       {"a", "a", false, false},      {"o", "o", false, false},
    {"e", "e", false, false},       {"i", "i", false, false},      {"u", "u", false, false},
};

bool starts_with_i(std::string_view final) {
  return !final.empty() && final.front() == 'i';
}

struct ChineseSyllable {
  std::size_t length = 0;
  std::string key;
  bool wade_giles_only = false;
  bool pinyin_valid = false;
};

// Every reading of a syllable at the start of `text`, longest first.
std::vector<ChineseSyllable> chinese_syllables_at(std::string_view text) {
  std::vector<ChineseSyllable> found;
  for (const auto& initial : kChineseInitials) {
    if (!text.starts_with(initial.spelling)) continue;
    const std::string_view rest = text.substr(initial.spelling.size());
    for (const auto& final : kChineseFinals) {
      if (!rest.starts_with(final.spelling)) continue;
      if (initial.spelling.empty() && (final.spelling.size() < 2 && final.spelling != "a" &&
                                       final.spelling != "e" && final.spelling != "o"))
        continue;
      ChineseSyllable syllable;
      syllable.length = initial.spelling.size() + final.spelling.size();
      const bool i_final = starts_with_i(final.spelling);
      std::string_view initial_key = initial.key;
      std::string_view final_key = final.key;
      // Wade-Giles ch before i is pinyin j/q; Wade-Giles j is pinyin r.
      if (initial.spelling == "ch" && i_final && final.spelling != "ih") initial_key = "J";
      if (initial.spelling == "j" && !i_final && final.spelling != "u" && final.spelling != "ue" &&
          final.spelling != "uan" && final.spelling != "un")
        initial_key = "r";
      // The empty vowel: pinyin zi ci si zhi chi shi ri; Wade-Giles tzu ssu szu chih shih jih.
      if ((initial_key == "Z" || initial_key == "s") && final.spelling == "u" &&
          (initial.wade_giles_only))
        final_key = "i";
      // Wade-Giles o after k, h (ko, ho) is pinyin e (ge, he).
      if ((initial_key == "k" || initial_key == "h") && final.spelling == "o") final_key = "e";
      syllable.key = std::string(initial_key) + std::string(final_key);
      syllable.wade_giles_only = initial.wade_giles_only || final.wade_giles_only;
      bool pinyin = !initial.wade_giles_only && !final.wade_giles_only;
      // Pinyin j q x only before i and u; zh ch sh z c s r never before i + vowel or i + n.
      if ((initial.spelling == "j" || initial.spelling == "q" || initial.spelling == "x") &&
          !i_final && final.spelling.front() != 'u')
        pinyin = false;
      if ((initial.spelling == "zh" || initial.spelling == "ch" || initial.spelling == "sh" ||
           initial.spelling == "z" || initial.spelling == "c" || initial.spelling == "s" ||
           initial.spelling == "r") &&
          i_final && final.spelling != "i")
        pinyin = false;
      syllable.pinyin_valid = pinyin;
      if (!pinyin && !syllable.wade_giles_only) {
        // Not pinyin, so read as Wade-Giles ("chin", "shih").
        syllable.wade_giles_only = true;
      }
      found.push_back(std::move(syllable));
    }
  }
  std::stable_sort(found.begin(), found.end(),
                   [](const auto& a, const auto& b) { return a.length > b.length; });
  return found;
}

bool segment_chinese(std::string_view text, std::string& key, bool& wade_giles, int depth) {
  if (text.empty()) return true;
  if (depth > 5) return false;
  for (const auto& syllable : chinese_syllables_at(text)) {
    std::string rest_key;
    bool rest_wade_giles = false;
    if (!segment_chinese(text.substr(syllable.length), rest_key, rest_wade_giles, depth + 1))
      continue;
    key = syllable.key + (rest_key.empty() ? "" : "." + rest_key);
    wade_giles = syllable.wade_giles_only || rest_wade_giles;
    return true;
  }
  return false;
}

}  // namespace

namespace {

bool is_latin_vowel(char c) {
  return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

// Cheap test that rules out most words that are not Chinese syllables: two consonants meet only
// in an initial digraph (zh ch sh hs ts tz ss sz), after a final n or ng, or in a Wade-Giles final
// h (ih, ieh, erh); a word ends in a vowel, n, ng or that h.
bool could_be_chinese(std::string_view token) {
  for (const char c : token)
    if (c < 'a' || c > 'z' || c == 'v') return false;
  for (std::size_t i = 0; i + 1 < token.size(); ++i) {
    const char a = token[i];
    const char b = token[i + 1];
    if (is_latin_vowel(a) || is_latin_vowel(b)) continue;
    if (b == 'h' && (a == 'z' || a == 'c' || a == 's' || a == 'i' || a == 'r' || a == 'e'))
      continue;
    if ((a == 'h' && b == 's') || (a == 't' && (b == 's' || b == 'z')) ||
        (a == 's' && (b == 's' || b == 'z')) || a == 'n' ||
        (a == 'g' && i > 0 && token[i - 1] == 'n') ||
        (a == 'h' && i > 0 && (token[i - 1] == 'i' || token[i - 1] == 'e')))
      continue;
    return false;
  }
  const char last = token.back();
  return is_latin_vowel(last) || last == 'n' || last == 'g' || last == 'h' || last == 'r';
}

}  // namespace

namespace {

ChineseReading read_chinese(std::string_view token);

}  // namespace

ChineseReading chinese_reading(std::string_view token) {
  if (token.empty() || token.size() > 18 || !could_be_chinese(token)) return {};
  // Segmenting is the costly part of tokenising and names repeat their words: remember the
  // readings of the words seen (bounded). One memory for the process, so that a server's workers
  // and a batch's threads learn from each other; sharded, so that they seldom wait on a lock.
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view text) const noexcept {
      return std::hash<std::string_view>{}(text);
    }
  };
  struct Shard {
    std::shared_mutex mutex;
    std::unordered_map<std::string, ChineseReading, Hash, std::equal_to<>> seen;  // GUARDED_BY
  };
  constexpr std::size_t kShards = 32;
  constexpr std::size_t kPerShard = 200000 / kShards;
  static std::array<Shard, kShards> shards;
  Shard& shard = shards[Hash{}(token) % kShards];
  {
    const std::shared_lock lock(shard.mutex);
    if (auto found = shard.seen.find(token); found != shard.seen.end()) return found->second;
  }
  ChineseReading reading = read_chinese(token);
  const std::unique_lock lock(shard.mutex);
  if (shard.seen.size() >= kPerShard) shard.seen.clear();
  shard.seen.emplace(std::string(token), reading);
  return reading;
}

namespace {

ChineseReading read_chinese(std::string_view token) {
  ChineseReading reading;
  std::string key;
  bool wade_giles = false;
  if (!segment_chinese(token, key, wade_giles, 0)) return reading;
  reading.key = std::move(key);
  reading.wade_giles = wade_giles;
  return reading;
}

}  // namespace

}  // namespace echri::text

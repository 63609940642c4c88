#include "screening/screening_index.hpp"

#include <algorithm>
#include <functional>
#include <iterator>
#include <string_view>
#include <unordered_map>

#include "screening/internal/index_data.hpp"
#include "screening/name_model.hpp"

namespace echri::screening {
namespace {

using internal::BuildMap;
using internal::IndexData;
using internal::Variant;

// Retrieval keeps a name when its retrieved query weight `a` reaches a share of the query's
// weight W. With every left-over query token costing only the lowest rate c (a missing token of
// a person's name), a name scores at most a / (a + c (W - a)), which is below the threshold t
// unless a >= W t c / (1 - t + t c). The margin covers joins and initials that retrieval credits
// less than the scorer does.
constexpr double kRetrievalMargin = 0.8;

double retrieval_share(double threshold) {
  const double t = std::clamp(threshold, 0.0, 1.0);
  return kRetrievalMargin * t * kMissingPersonCost / (1.0 - t + t * kMissingPersonCost);
}
// At most this many names are scored in full per query: the best by retrieved weight.
constexpr std::size_t kMaxCandidates = 400;
// Japanese readings of a name in kanji (add_japanese_readings): family and given names of up to
// three characters each, and no run with more spellings than this (a run of common characters
// has a few hundred). A one-letter spelling ("e", "i") is no name.
constexpr std::size_t kMaxJapaneseRun = 3;
constexpr std::size_t kMaxJapaneseSpellings = 4096;
constexpr std::size_t kMinJapaneseSpelling = 2;
// Fuzzy keys (single deletions) only for tokens this long: shorter ones are matched exactly or
// phonetically.
constexpr std::size_t kMinFuzzyLength = 4;

bool retrieves(text::TokenKind kind) {
  return kind == text::TokenKind::word || kind == text::TokenKind::number;
}

template <class Callback>
void for_each_deletion(std::string_view token, Callback&& callback) {
  std::string deletion;
  for (std::size_t i = 0; i < token.size(); ++i) {
    if (i > 0 && token[i] == token[i - 1]) continue;  // same deletion as the previous one
    deletion.assign(token.substr(0, i));
    deletion.append(token.substr(i + 1));
    callback(std::string_view(deletion));
  }
}

// Per-thread accumulators for retrieval, reused across queries without clearing.
struct Scratch {
  const void* owner = nullptr;
  std::vector<float> weight;
  std::vector<std::uint32_t> stamp;
  std::vector<std::uint32_t> touched;
  std::uint32_t epoch = 0;

  void begin(const void* index, std::size_t size) {
    if (owner != index || weight.size() != size) {
      owner = index;
      weight.assign(size, 0.0F);
      stamp.assign(size, 0);
      epoch = 0;
    }
    touched.clear();
    if (++epoch == 0) {  // wrapped: forget every old stamp
      std::fill(stamp.begin(), stamp.end(), 0);
      epoch = 1;
    }
  }
  void add(std::uint32_t id, float amount) {
    if (stamp[id] != epoch) {
      stamp[id] = epoch;
      weight[id] = 0.0F;
      touched.push_back(id);
    }
    weight[id] += amount;
  }
};

// --- One party on several lists ---------------------------------------------------------------

// Identifiers this short recur across issuing countries and kinds of number: they join nobody.
constexpr std::size_t kMinMergeIdentifier = 6;

bool has_digit(std::string_view text) {
  return std::any_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool types_agree(const core::ListedEntity& a, const core::ListedEntity& b) {
  return a.type == b.type || a.type == core::EntityType::unknown ||
         b.type == core::EntityType::unknown;
}

// Birth years that cannot be one person's: both listings give years and none is shared.
bool births_contradict(const core::ListedEntity& a, const core::ListedEntity& b) {
  if (a.dates_of_birth.empty() || b.dates_of_birth.empty()) return false;
  for (const auto& x : a.dates_of_birth)
    for (const auto& y : b.dates_of_birth)
      if (x.substr(0, 4) == y.substr(0, 4)) return false;
  return true;
}

bool share_country(const core::ListedEntity& a, const core::ListedEntity& b) {
  return std::any_of(a.countries.begin(), a.countries.end(), [&](const std::string& country) {
    return std::find(b.countries.begin(), b.countries.end(), country) != b.countries.end();
  });
}

// The Consolidated Screening List republishes Treasury's entries under OFAC's own entry number.
bool republishes_ofac(const core::ListedEntity& csl, const core::ListedEntity& ofac) {
  return csl.list == "us-csl" && csl.list_section.ends_with("Treasury Department") &&
         (ofac.list == "us-ofac-sdn" || ofac.list == "us-ofac-cons") && !csl.source_id.empty() &&
         csl.source_id == ofac.source_id;
}

// Why two listings are one party, or nothing. Conservative: a shared name alone never joins two
// persons (common names are shared by many people), and a contradiction vetoes any evidence.
std::string same_party(const core::ListedEntity& a, const core::ListedEntity& b,
                       std::string_view name_a, std::string_view name_b) {
  if (!types_agree(a, b) || births_contradict(a, b)) return {};
  if (republishes_ofac(a, b) || republishes_ofac(b, a)) {
    if (!name_a.empty() && name_a == name_b) return "OFAC entry number " + a.source_id;
  }
  for (const auto& x : a.identifiers) {
    const std::string key = normalize_identifier(x.value);
    if (key.size() < kMinMergeIdentifier || !has_digit(key)) continue;
    for (const auto& y : b.identifiers) {
      if (normalize_identifier(y.value) != key) continue;
      // The same number issued by two countries is two documents.
      if (!x.country.empty() && !y.country.empty() && x.country != y.country) continue;
      return "identifier " + (x.type.empty() ? std::string() : x.type + " ") + x.value;
    }
  }
  if (name_a.empty() || name_a != name_b || a.type != b.type || a.type == core::EntityType::unknown)
    return {};
  if (a.type == core::EntityType::person) {
    // A day of birth is rare enough to tell namesakes apart; a year is not, unless a country
    // agrees as well.
    for (const auto& date : a.dates_of_birth) {
      if (std::find(b.dates_of_birth.begin(), b.dates_of_birth.end(), date) ==
          b.dates_of_birth.end())
        continue;
      if (date.size() == 10) return "name and date of birth " + date;
    }
    if (!a.dates_of_birth.empty() && a.dates_of_birth == b.dates_of_birth && share_country(a, b))
      return "name, year of birth and country";
    return {};
  }
  // Organisations, vessels and aircraft have no birth: the same name in the same country.
  if (share_country(a, b)) return "name, type and country";
  return {};
}

// Folds the matches (sorted best first) that are one party into the best of them.
std::vector<ScreeningMatch> merge_parties(std::vector<ScreeningMatch> matches,
                                          const internal::LazyTable<core::ListedEntity>& entities,
                                          const internal::FlatStrings& name_keys) {
  const std::size_t n = matches.size();
  std::vector<std::size_t> group(n);
  for (std::size_t i = 0; i < n; ++i) group[i] = i;
  const auto root = [&](std::size_t i) {
    while (group[i] != i) i = group[i] = group[group[i]];
    return i;
  };
  std::vector<std::string> reasons(n);
  // Listings on one list (or one section of a combined list) are distinct by that list's own
  // account, whatever they share.
  const auto section = [&](std::size_t i) {
    const auto& entity = entities[matches[i].entity_index];
    return entity.list + '\n' + entity.list_section;
  };
  const auto join = [&](std::size_t i, std::size_t j) {
    const std::size_t ri = root(i);
    const std::size_t rj = root(j);
    if (ri == rj) return;
    std::vector<std::string> sections_i;
    std::vector<std::string> sections_j;
    for (std::size_t k = 0; k < n; ++k) {
      if (root(k) == ri) sections_i.push_back(section(k));
      if (root(k) == rj) sections_j.push_back(section(k));
    }
    for (const auto& s : sections_i)
      if (std::find(sections_j.begin(), sections_j.end(), s) != sections_j.end()) return;
    const auto& a = entities[matches[i].entity_index];
    const auto& b = entities[matches[j].entity_index];
    std::string reason =
        same_party(a, b, name_keys[matches[i].entity_index], name_keys[matches[j].entity_index]);
    if (reason.empty()) return;
    // The better listing roots the group: it stays the match's face.
    const std::size_t keep = std::min(ri, rj);
    const std::size_t drop = std::max(ri, rj);
    group[drop] = keep;
    std::string& merged = reasons[keep];
    for (const std::string* part : {&reasons[drop], &reason}) {
      if (part->empty() || merged.find(*part) != std::string::npos) continue;
      merged += (merged.empty() ? "" : "; ") + *part;
    }
  };
  // Candidates share a normalised identifier or a name key: other pairs cannot be one party.
  std::unordered_map<std::string, std::vector<std::size_t>> buckets;
  for (std::size_t i = 0; i < n; ++i) {
    const auto entity = matches[i].entity_index;
    for (const auto& id : entities[entity].identifiers) {
      std::string key = normalize_identifier(id.value);
      if (key.size() >= kMinMergeIdentifier) buckets["i:" + key].push_back(i);
    }
    if (!name_keys[entity].empty()) buckets["n:" + std::string(name_keys[entity])].push_back(i);
  }
  for (const auto& [key, members] : buckets)
    for (std::size_t x = 0; x < members.size(); ++x)
      for (std::size_t y = x + 1; y < members.size(); ++y) join(members[x], members[y]);

  std::vector<ScreeningMatch> merged;
  std::vector<std::size_t> position(n, n);
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t r = root(i);
    if (r == i) {
      position[i] = merged.size();
      merged.push_back(std::move(matches[i]));
      merged.back().merged_on = std::move(reasons[i]);
      merged.back().sources = {{merged.back().entity_index, merged.back().score}};
    } else {
      merged[position[r]].sources.emplace_back(matches[i].entity_index, matches[i].score);
    }
  }
  return merged;
}

// Builds the tables from the entities: hash maps while names are added, flat tables at the end.
class IndexBuilder {
 public:
  IndexData build(std::vector<core::ListedEntity> entities) && {
    entities_ = std::move(entities);
    std::vector<std::string> name_keys;
    name_keys.reserve(entities_.size());
    for (std::uint32_t e = 0; e < entities_.size(); ++e) {
      const auto& entity = entities_[e];
      const NameSchema schema = schema_for(entity.type);
      add_variant(e, entity.name, false, false, schema);
      std::string& name_key = name_keys.emplace_back();
      if (!variants_.empty() && variants_.back().entity == e) {
        // Sorted, so that "LAST, First" on one list meets "First Last" on another.
        std::vector<std::string_view> tokens;
        for (const auto& token : variants_.back().name.tokens) tokens.emplace_back(token.text);
        std::sort(tokens.begin(), tokens.end());
        for (const auto token : tokens) name_key.append(name_key.empty() ? "" : " ").append(token);
      }
      for (const auto& alias : entity.aliases)
        add_variant(e, alias.name, true, alias.strength == core::AliasStrength::weak, schema);
      for (const auto& id : entity.identifiers) {
        const std::string key = normalize_identifier(id.value);
        if (key.size() >= 4) identifiers_[key].push_back(e);
      }
    }
    data_.name_keys = internal::FlatStrings(name_keys);
    build_key_maps();
    data_.entities = internal::LazyTable<core::ListedEntity>(std::move(entities_));
    data_.variants = internal::LazyTable<Variant>(std::move(variants_));
    data_.key_tokens = internal::LazyTable<NameToken>(std::move(key_tokens_));
    return std::move(data_);
  }

 private:
  std::uint32_t key_id(const NameToken& token) {
    auto [found, inserted] = keys_.try_emplace(
        token.text, std::vector<std::uint32_t>{static_cast<std::uint32_t>(key_tokens_.size())});
    if (inserted) {
      // A key stands for every token spelt this way, whatever script each came from: it keeps
      // the Latin spelling and its keys only, so that retrieval never rules a candidate out by
      // another list entry's script.
      NameToken key = token;
      key.script = text::Script::latin;
      key.native.clear();
      key.alternate.clear();
      if (key.korean.find('.') == std::string::npos)
        key.korean = key.kind == text::TokenKind::word
                         ? text::korean_syllable_key(key.text, text::Script::latin)
                         : std::string();
      key_tokens_.push_back(std::move(key));
      postings_.emplace_back();
    }
    return found->second.front();
  }

  void post(std::uint32_t key, std::uint32_t variant) {
    auto& list = postings_[key];
    if (list.empty() || list.back() != variant) list.push_back(variant);
  }

  void add_variant(std::uint32_t entity, const std::string& name, bool alias, bool weak,
                   NameSchema schema) {
    auto& variants = variants_;
    PreparedName prepared = prepare_name(name, schema);
    if (prepared.tokens.empty()) return;
    // Lists repeat a name as an alias with other punctuation or case: index it once.
    for (std::size_t k = variants.size(); k > 0 && variants[k - 1].entity == entity; --k) {
      const auto& other = variants[k - 1].name.tokens;
      if (other.size() == prepared.tokens.size() &&
          std::equal(other.begin(), other.end(), prepared.tokens.begin(),
                     [](const NameToken& a, const NameToken& b) { return a.text == b.text; }))
        return;
    }
    const auto id = static_cast<std::uint32_t>(variants.size());
    const auto& tokens = prepared.tokens;
    for (const auto& token : tokens) {
      post(key_id(token), id);
      if (!token.alternate.empty()) {
        NameToken alternate = token;
        alternate.text = token.alternate;
        alternate.phonetic = text::phonetic_key(alternate.text);
        alternate.skeleton = text::consonant_skeleton(alternate.text);
        post(key_id(alternate), id);
      }
    }
    for (std::size_t j = 0; j + 1 < tokens.size(); ++j) {
      if (tokens[j].kind == text::TokenKind::number ||
          tokens[j + 1].kind == text::TokenKind::number)
        continue;
      NameToken joined;
      joined.text = tokens[j].text + tokens[j + 1].text;
      joined.phonetic = text::phonetic_key(joined.text);
      joined.skeleton = text::consonant_skeleton(joined.text);
      joined.chinese = text::chinese_reading(joined.text).key;
      if (!tokens[j].korean.empty() && !tokens[j + 1].korean.empty())
        joined.korean = tokens[j].korean + "." + tokens[j + 1].korean;
      joined.weight = std::max(tokens[j].weight, tokens[j + 1].weight);
      post(key_id(joined), id);
    }
    variants.push_back(Variant{entity, alias, weak, schema, std::move(prepared)});
  }

  void build_key_maps() {
    BuildMap deletions;
    BuildMap phonetics;
    BuildMap skeletons;
    BuildMap chinese;
    BuildMap korean;
    const auto& key_tokens = key_tokens_;
    for (std::uint32_t key = 0; key < key_tokens.size(); ++key) {
      const auto& token = key_tokens[key];
      if (token.text.size() >= kMinFuzzyLength && token.kind == text::TokenKind::word) {
        for_each_deletion(token.text, [&](std::string_view deletion) {
          auto [found, inserted] = deletions.try_emplace(std::string(deletion));
          found->second.push_back(key);
        });
      }
      if (!token.phonetic.empty() && token.text.size() >= 3)
        phonetics[token.phonetic].push_back(key);
      // Three consonants for queries in Thai (name_score.cpp), four for everything else.
      if (token.skeleton.size() >= 3) skeletons[token.skeleton].push_back(key);
      if (!token.chinese.empty()) chinese[token.chinese].push_back(key);
      if (!token.korean.empty()) korean[token.korean].push_back(key);
    }
    data_.keys = internal::FlatMultimap(keys_);
    data_.postings = internal::FlatLists(postings_);
    data_.deletions = internal::FlatMultimap(deletions);
    data_.phonetics = internal::FlatMultimap(phonetics);
    data_.skeletons = internal::FlatMultimap(skeletons);
    data_.chinese = internal::FlatMultimap(chinese);
    data_.korean = internal::FlatMultimap(korean);
    data_.identifiers = internal::FlatMultimap(identifiers_);
  }

  IndexData data_;
  std::vector<core::ListedEntity> entities_;
  std::vector<Variant> variants_;
  std::vector<NameToken> key_tokens_;
  BuildMap keys_;
  std::vector<std::vector<std::uint32_t>> postings_;
  BuildMap identifiers_;
};

}  // namespace

struct ScreeningIndex::Impl {
  IndexData data;
  // Shorthands for the query code below.
  const internal::LazyTable<core::ListedEntity>& entities = data.entities;
  const internal::LazyTable<Variant>& variants = data.variants;
  const internal::LazyTable<NameToken>& key_tokens = data.key_tokens;

  explicit Impl(IndexData built) : data(std::move(built)) {}
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;
  Impl(Impl&&) = delete;
  Impl& operator=(Impl&&) = delete;
  ~Impl() = default;

  // Keys similar to a query token, with their similarity.
  void similar_keys(const NameToken& token,
                    std::vector<std::pair<std::uint32_t, double>>& out) const {
    out.clear();
    const auto consider = [&](std::uint32_t key) {
      for (const auto& [seen, similarity] : out)
        if (seen == key) return;
      const double similarity = token_similarity(token, key_tokens[key]);
      if (similarity > 0) out.emplace_back(key, similarity);
    };
    const auto consider_all = [&](const internal::FlatMultimap& map, std::string_view text) {
      for (const auto key : map.find(text)) consider(key);
    };
    consider_all(data.keys, token.text);
    if (token.kind == text::TokenKind::word && token.text.size() >= kMinFuzzyLength) {
      consider_all(data.deletions, token.text);
      for_each_deletion(token.text, [&](std::string_view deletion) {
        consider_all(data.keys, deletion);
        consider_all(data.deletions, deletion);
      });
    }
    if (!token.phonetic.empty() && token.text.size() >= 3)
      consider_all(data.phonetics, token.phonetic);
    if (token.skeleton.size() >= kMinSkeletonLength ||
        (token.skeleton.size() == 3 && token.script == text::Script::thai))
      consider_all(data.skeletons, token.skeleton);
    if (!token.chinese.empty() && (token.wade_giles || token.script == text::Script::han))
      consider_all(data.chinese, token.chinese);
    if (!token.korean.empty() && token.script != text::Script::latin)
      consider_all(data.korean, token.korean);
    if (!token.alternate.empty()) consider_all(data.keys, token.alternate);
  }

  struct QueryNames {
    PreparedName person;
    PreparedName organization;
    [[nodiscard]] const PreparedName& for_schema(NameSchema schema) const {
      return schema == NameSchema::person ? person : organization;
    }
  };

  // Best name score per entity, from the given variants.
  template <class VariantRange>
  std::vector<std::pair<std::uint32_t, double>> best_per_entity(const QueryNames& names,
                                                                const VariantRange& ids) const {
    std::vector<std::pair<std::uint32_t, double>> scored;  // variant, score
    scored.reserve(ids.size());
    for (const std::uint32_t id : ids) {
      const auto& variant = variants[id];
      scored.emplace_back(
          id, score_value(names.for_schema(variant.schema), variant.name, variant.schema));
    }
    // Per entity keep the best variant; the primary name wins ties because it comes first.
    std::stable_sort(scored.begin(), scored.end(), [&](const auto& a, const auto& b) {
      if (variants[a.first].entity != variants[b.first].entity)
        return variants[a.first].entity < variants[b.first].entity;
      return a.second > b.second;
    });
    std::vector<std::pair<std::uint32_t, double>> best;
    for (const auto& entry : scored) {
      if (best.empty() || variants[best.back().first].entity != variants[entry.first].entity)
        best.push_back(entry);
    }
    return best;
  }

  ScreeningResult finish(const ScreeningQuery& query, const QueryNames& names,
                         const std::vector<std::pair<std::uint32_t, double>>& best,
                         const ScreeningOptions& options) const {
    std::vector<ScreeningMatch> matches;
    const auto consider = [&](std::uint32_t entity, const Variant* variant, double name_score) {
      QualifierResult qualifiers = apply_qualifiers(query, entities[entity]);
      const double score = qualifiers.decisive ? 1.0 : name_score * qualifiers.factor;
      if (score < options.threshold) return;
      ScreeningMatch match;
      match.entity_index = entity;
      match.score = score;
      match.explanation.name_score = name_score;
      match.explanation.qualifiers = std::move(qualifiers.effects);
      if (variant != nullptr) {
        match.explanation.matched_name = variant->name.original;
        match.explanation.alias = variant->alias;
        match.explanation.weak_alias = variant->weak;
      }
      matches.push_back(std::move(match));
    };
    std::vector<std::uint32_t> seen;
    for (const auto& [variant_id, name_score] : best) {
      const auto& variant = variants[variant_id];
      seen.push_back(variant.entity);
      consider(variant.entity, &variant, name_score);
    }
    if (!query.identifier.empty()) {
      for (const auto entity : data.identifiers.find(normalize_identifier(query.identifier))) {
        if (std::find(seen.begin(), seen.end(), entity) == seen.end())
          consider(entity, nullptr, 0.0);
      }
    }
    std::sort(matches.begin(), matches.end(), [&](const auto& a, const auto& b) {
      if (a.score != b.score) return a.score > b.score;
      const auto& ea = entities[a.entity_index];
      const auto& eb = entities[b.entity_index];
      if (ea.list != eb.list) return ea.list < eb.list;
      return ea.source_id < eb.source_id;
    });
    matches = merge_parties(std::move(matches), entities, data.name_keys);
    const std::size_t total = matches.size();
    if (matches.size() > options.limit) matches.resize(options.limit);
    // Explanations only for what is returned.
    for (auto& match : matches) {
      const Variant* variant = nullptr;
      for (const auto& [variant_id, name_score] : best)
        if (variants[variant_id].entity == match.entity_index) variant = &variants[variant_id];
      if (variant == nullptr) {
        match.explanation.matched_name = entities[match.entity_index].name;
        continue;
      }
      if (!options.explain) continue;
      match.explanation.name =
          score_names(names.for_schema(variant->schema), variant->name, variant->schema);
    }
    return ScreeningResult{std::move(matches), total};
  }

  // A name in kanji, read in Japanese (score_names' rule), against names of a family and a given
  // name: for each place the characters may divide into two runs, the names that have a word
  // spelling the first run (text::japanese_spellings) and a word spelling the second are
  // candidates, with the query's whole weight. Both runs must be found: one common reading
  // ("kin", "san") is in too many names to retrieve by.
  void add_japanese_readings(const PreparedName& name, double query_weight,
                             Scratch& scratch) const {
    const std::u32string characters = japanese_kanji(name);
    if (characters.empty()) return;
    const std::u32string_view all(characters);
    const auto named_by = [&](std::u32string_view run) {
      std::vector<std::uint32_t> named;
      for (const auto& spelling : text::japanese_spellings(run, kMaxJapaneseSpellings)) {
        if (spelling.size() < kMinJapaneseSpelling) continue;
        for (const auto key : data.keys.find(spelling))
          for (const auto variant : data.postings[key]) named.push_back(variant);
      }
      std::sort(named.begin(), named.end());
      named.erase(std::unique(named.begin(), named.end()), named.end());
      return named;
    };
    const auto amount = static_cast<float>(query_weight);
    for (std::size_t split = 1; split < all.size(); ++split) {
      if (split > kMaxJapaneseRun || all.size() - split > kMaxJapaneseRun) continue;
      const auto first = named_by(all.substr(0, split));
      if (first.empty()) continue;
      const auto second = named_by(all.substr(split));
      std::vector<std::uint32_t> both;
      std::set_intersection(first.begin(), first.end(), second.begin(), second.end(),
                            std::back_inserter(both));
      for (const auto variant : both) scratch.add(variant, amount);
    }
  }

  static QueryNames prepare_query(const ScreeningQuery& query) {
    return QueryNames{prepare_name(query.name, NameSchema::person),
                      prepare_name(query.name, NameSchema::organization)};
  }

  ScreeningResult screen(const ScreeningQuery& query, const ScreeningOptions& options) const {
    const QueryNames names = prepare_query(query);
    thread_local Scratch scratch;
    thread_local std::vector<std::pair<std::uint32_t, double>> similar;
    scratch.begin(this, variants.size());

    // Both tokenisations contribute: they differ only in legal forms.
    std::vector<const NameToken*> tokens;
    for (const auto* name : {&names.person, &names.organization}) {
      for (const auto& token : name->tokens) {
        const bool duplicate = std::any_of(tokens.begin(), tokens.end(), [&](const NameToken* t) {
          return t->text == token.text;
        });
        if (!duplicate) tokens.push_back(&token);
      }
    }
    const bool any_content = std::any_of(tokens.begin(), tokens.end(),
                                         [](const NameToken* t) { return retrieves(t->kind); });
    double query_weight = 0;
    for (const NameToken* token : tokens) {
      if (any_content && !retrieves(token->kind)) continue;
      query_weight += token->weight;
      similar_keys(*token, similar);
      for (const auto& [key, similarity] : similar) {
        const auto amount = static_cast<float>(token->weight * similarity);
        for (const auto variant : data.postings[key]) scratch.add(variant, amount);
      }
    }
    // Adjacent query tokens joined, against names that write them as one token.
    const auto& person_tokens = names.person.tokens;
    for (std::size_t j = 0; j + 1 < person_tokens.size(); ++j) {
      if (!retrieves(person_tokens[j].kind) && !retrieves(person_tokens[j + 1].kind)) continue;
      NameToken joined;
      joined.text = person_tokens[j].text + person_tokens[j + 1].text;
      // "Abd al" is what lists write "Abdul" (name_score.cpp scores the pair so).
      if (joined.text == "abdal") joined.text = "abdul";
      joined.phonetic = text::phonetic_key(joined.text);
      joined.skeleton = text::consonant_skeleton(joined.text);
      joined.script = person_tokens[j].script;
      auto reading = text::chinese_reading(joined.text);
      joined.chinese = std::move(reading.key);
      joined.wade_giles = reading.wade_giles;
      similar_keys(joined, similar);
      const float weight = std::max(person_tokens[j].weight, person_tokens[j + 1].weight);
      for (const auto& [key, similarity] : similar) {
        const auto amount = static_cast<float>(weight * similarity);
        for (const auto variant : data.postings[key]) scratch.add(variant, amount);
      }
    }

    add_japanese_readings(names.person, query_weight, scratch);

    const auto minimum = static_cast<float>(query_weight * retrieval_share(options.threshold));
    std::vector<std::uint32_t> candidates;
    for (const auto variant : scratch.touched)
      if (scratch.weight[variant] >= minimum) candidates.push_back(variant);
    if (candidates.size() > kMaxCandidates) {
      std::nth_element(candidates.begin(), candidates.begin() + kMaxCandidates, candidates.end(),
                       [&](std::uint32_t a, std::uint32_t b) {
                         if (scratch.weight[a] != scratch.weight[b])
                           return scratch.weight[a] > scratch.weight[b];
                         return a < b;
                       });
      candidates.resize(kMaxCandidates);
    }
    std::sort(candidates.begin(), candidates.end());
    return finish(query, names, best_per_entity(names, candidates), options);
  }

  ScreeningResult screen_exhaustive(const ScreeningQuery& query,
                                    const ScreeningOptions& options) const {
    const QueryNames names = prepare_query(query);
    std::vector<std::uint32_t> all(variants.size());
    for (std::uint32_t i = 0; i < all.size(); ++i) all[i] = i;
    return finish(query, names, best_per_entity(names, all), options);
  }
};

ScreeningIndex::ScreeningIndex(std::vector<core::ListedEntity> entities)
    : impl_(std::make_unique<Impl>(IndexBuilder().build(std::move(entities)))) {}

ScreeningIndex::ScreeningIndex(internal::IndexData data)
    : impl_(std::make_unique<Impl>(std::move(data))) {}

ScreeningIndex::~ScreeningIndex() = default;
ScreeningIndex::ScreeningIndex(ScreeningIndex&&) noexcept = default;
ScreeningIndex& ScreeningIndex::operator=(ScreeningIndex&&) noexcept = default;

std::vector<ScreeningMatch> ScreeningIndex::screen(const ScreeningQuery& query,
                                                   const ScreeningOptions& options) const {
  return impl_->screen(query, options).matches;
}

ScreeningResult ScreeningIndex::screen_counted(const ScreeningQuery& query,
                                               const ScreeningOptions& options) const {
  return impl_->screen(query, options);
}

std::vector<ScreeningMatch> ScreeningIndex::screen_exhaustive(
    const ScreeningQuery& query, const ScreeningOptions& options) const {
  return impl_->screen_exhaustive(query, options).matches;
}

const core::ListedEntity& ScreeningIndex::entity(std::uint32_t index) const {
  return impl_->entities[index];
}

std::size_t ScreeningIndex::entity_count() const {
  return impl_->entities.size();
}

IndexStats ScreeningIndex::stats() const {
  return IndexStats{impl_->entities.size(), impl_->variants.size(), impl_->key_tokens.size(),
                    impl_->data.deletions.size()};
}

const internal::IndexData& ScreeningIndex::data() const {
  return impl_->data;
}

}  // namespace echri::screening

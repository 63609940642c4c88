#include "cases/screening_hits.hpp"

#include "core/digest.hpp"
#include "core/enum_names.hpp"

namespace echri::cases {

using nlohmann::json;

namespace {
constexpr std::size_t kHitIdDigits = 16;
constexpr char kSeparator = '\x1f';  // no list id, source id or digest holds it
constexpr core::EnumNames<HitDisposition, 3> kDispositionNames{
    {{HitDisposition::open, "open"},
     {HitDisposition::confirmed, "confirmed"},
     {HitDisposition::dismissed, "dismissed"}}};
}  // namespace

std::string_view to_string(HitDisposition disposition) {
  return core::name_of(kDispositionNames, disposition);
}

std::optional<HitDisposition> parse_decided_disposition(std::string_view text) {
  const auto disposition = core::value_of(kDispositionNames, text);
  // "open" is where a hit starts, not a judgement an officer records.
  if (disposition == HitDisposition::open) return std::nullopt;
  return disposition;
}

std::string hit_id(std::size_t party_index, std::string_view list, std::string_view source_id,
                   std::string_view entity_digest) {
  std::string text = std::to_string(party_index);
  text.append(1, kSeparator).append(list).append(1, kSeparator).append(source_id);
  text.append(1, kSeparator).append(entity_digest);
  return core::sha256_hex(text).substr(0, kHitIdDigits);
}

void show_dispositions(json& hits, const json& dispositions) {
  for (auto& hit : hits) {
    const auto id = hit.value("id", "");
    const json* decided = nullptr;
    if (dispositions.is_object()) {
      const auto found = dispositions.find(id);
      if (found != dispositions.end() && found->is_object()) decided = &*found;
    }
    if (decided == nullptr) {
      hit["disposition"] = to_string(HitDisposition::open);
      hit["reason"] = nullptr;
      hit["by"] = nullptr;
      hit["at"] = nullptr;
      continue;
    }
    for (const auto* key : {"disposition", "reason", "by", "at"})
      hit[key] = decided->value(key, json());
  }
}

}  // namespace echri::cases

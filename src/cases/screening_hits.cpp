#include "cases/screening_hits.hpp"

#include "core/digest.hpp"

namespace echri::cases {

using nlohmann::json;

namespace {
constexpr std::size_t kHitIdDigits = 16;
constexpr char kSeparator = '\x1f';  // no list id, source id or digest holds it
}  // namespace

std::string_view to_string(HitDisposition disposition) {
  switch (disposition) {
    case HitDisposition::confirmed:
      return "confirmed";
    case HitDisposition::dismissed:
      return "dismissed";
    case HitDisposition::open:
      break;
  }
  return "open";
}

std::optional<HitDisposition> parse_decided_disposition(std::string_view text) {
  if (text == "confirmed") return HitDisposition::confirmed;
  if (text == "dismissed") return HitDisposition::dismissed;
  return std::nullopt;
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

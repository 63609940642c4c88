#pragma once
// Officers' judgements of screening hits: each hit of a case has a stable id, and a disposition
// (open, confirmed or dismissed, with a reason, who and when) that survives re-screening and
// re-assessment for as long as the listed entity is what it was when it was judged.
//
// A hit's id is the first 16 hex digits of the SHA-256 of its party index, list id, the list's
// source id and the entity digest (party_screening.hpp's entity_digest), separated by a unit
// separator. So the id is URL-safe whatever the list's ids hold, the same for the same party and
// entity content on every screening, and another id when the entity's record changed at the next
// import: a judgement of the old entry does not carry over to the new one. Dispositions are kept in
// the application's body under `hit_dispositions`, by hit id, and copied onto each hit of
// `screening.hits` whenever the hits are written (staff read the stored body as it is).

#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace echri::cases {

enum class HitDisposition { open, confirmed, dismissed };
std::string_view to_string(HitDisposition disposition);
// confirmed or dismissed: what an officer may decide ("open" is no decision).
std::optional<HitDisposition> parse_decided_disposition(std::string_view text);

std::string hit_id(std::size_t party_index, std::string_view list, std::string_view source_id,
                   std::string_view entity_digest);

// Gives every hit of `hits` (the `screening.hits` array of an application) its disposition from
// `dispositions` (the body's `hit_dispositions` object; null or absent means none): `disposition`,
// `reason`, `by` and `at`, "open" and nulls for a hit nobody judged.
void show_dispositions(nlohmann::json& hits, const nlohmann::json& dispositions);

}  // namespace echri::cases

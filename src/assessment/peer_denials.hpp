#pragma once
// Denials by other Subscribing States, as input to the assessment. Until the exchange module
// delivers them, they come from a JSON file (`echri assess --denials FILE`):
//   {"denials": [{"state": "NL", "reference": "DN-NL-2025-014", "date": "2025-11-02",
//                 "control_entry": "5A001.j", "end_user": "...", "destination": "EG",
//                 "reason": "..."}]}

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "assessment/assess.hpp"
#include "core/application.hpp"
#include "core/result.hpp"

namespace echri::assessment {

// Strict: unknown fields, bad country codes and dates are errors naming the JSON path.
Result<std::vector<PeerDenial>> parse_peer_denials(std::string_view text, const std::string& file);

// Similarity of two party names in [0, 1]; the caller brings the screening engine's matcher.
using NameSimilarity = std::function<double(std::string_view, std::string_view)>;

// The denials of essentially identical transactions: the same destination, an item under the
// same control entry (one entry a sub-item of the other counts), and an end user whose name is
// at least `min_similarity` like the denied end user's.
std::vector<PeerDenial> essentially_identical(const std::vector<PeerDenial>& denials,
                                              const core::Application& application,
                                              const NameSimilarity& similarity,
                                              double min_similarity);

}  // namespace echri::assessment

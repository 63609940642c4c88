#pragma once
// The assessment as JSON: the shape of `echri assess --format json` and of the HTTP API.
// Keys keep a fixed order and numbers are rounded, so the same assessment gives the same bytes.

#include <nlohmann/json_fwd.hpp>

#include "assessment/assess.hpp"

namespace echri::assessment {

// risk.level, risk.score, recommendation, conditions[], factors[], missing_information[],
// red_flags[], screening[] (one entry per party), items[], destination, peer_denials[],
// data_warnings[], and the policy and catalogue versions.
nlohmann::ordered_json to_json(const Assessment& assessment, const core::Application& application);

}  // namespace echri::assessment

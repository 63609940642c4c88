#pragma once
// JSON mapping of listed entities: the shape of list snapshots on disk and of API/CLI output.

#include <nlohmann/json_fwd.hpp>

#include "core/entity.hpp"
#include "core/result.hpp"

namespace echri::core {

nlohmann::json to_json(const ListedEntity& entity);
// `where` prefixes error locations, e.g. "snapshot.json: $.entities[12]".
Result<ListedEntity> entity_from_json(const nlohmann::json& json, const std::string& where);

}  // namespace echri::core

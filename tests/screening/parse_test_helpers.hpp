#pragma once
// Helpers shared by the list parser tests.

#include <gtest/gtest.h>

#include <algorithm>
#include <stdexcept>
#include <string>

#include "screening/list_format.hpp"

namespace echri::screening::testing_helpers {

inline ParsedList parse_one(const std::filesystem::path& path,
                            ListFormat format = ListFormat::auto_detect) {
  auto lists = parse_list_files({path}, format);
  EXPECT_TRUE(lists.has_value()) << lists.error().describe();
  if (!lists) return {};
  EXPECT_EQ(lists->size(), 1u);
  return lists->front();
}

inline const core::ListedEntity& by_id(const ParsedList& list, const std::string& id) {
  const auto it = std::find_if(list.entities.begin(), list.entities.end(),
                               [&](const auto& e) { return e.source_id == id; });
  if (it == list.entities.end()) throw std::runtime_error("no entity " + id);
  return *it;
}

inline bool has_alias(const core::ListedEntity& e, const std::string& name,
                      core::AliasStrength strength) {
  return std::any_of(e.aliases.begin(), e.aliases.end(), [&](const core::Alias& a) {
    return a.name == name && a.strength == strength;
  });
}

inline bool has_identifier(const core::ListedEntity& e, const core::Identifier& id) {
  return std::find(e.identifiers.begin(), e.identifiers.end(), id) != e.identifiers.end();
}

// The error of parsing one file that must fail.
inline Error parse_error(const std::filesystem::path& path, ListFormat format) {
  auto lists = parse_list_files({path}, format);
  EXPECT_FALSE(lists.has_value()) << path << " parsed without error";
  return lists ? Error{} : lists.error();
}

}  // namespace echri::screening::testing_helpers

// The JSON Schema in docs/ is part of the binding format: its vocabularies must be the ones the
// reader accepts, so that the documentation cannot drift from the code.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>

#include "assessment/catalogue.hpp"
#include "core/application.hpp"
#include "support/test_support.hpp"

namespace echri::assessment {
namespace {

using nlohmann::json;

json schema() {
  return json::parse(testing::read_file(std::filesystem::path(ECHRI_SOURCE_DIR) / "docs" /
                                        "schema" / "application.schema.json"));
}

std::set<std::string> words(const json& array) {
  return array.get<std::set<std::string>>();
}

template <class Range>
std::set<std::string> words_of(const Range& range) {
  std::set<std::string> out;
  for (const auto& word : range) out.emplace(word);
  return out;
}

TEST(ApplicationSchema, VocabulariesMatchTheReader) {
  const auto document = schema();
  const auto& defs = document.at("$defs");
  EXPECT_EQ(words(defs.at("party").at("properties").at("role").at("enum")),
            words_of(core::all_party_roles()));
  EXPECT_EQ(words(defs.at("party").at("properties").at("type").at("enum")),
            words_of(core::all_party_types()));
  EXPECT_EQ(
      words(document.at("properties").at("end_use").at("properties").at("category").at("enum")),
      words_of(core::all_end_use_categories()));

  std::set<std::string> capabilities;
  for (const auto& capability : Catalogue::builtin().capabilities())
    capabilities.insert(capability.id);
  EXPECT_EQ(words(defs.at("item").at("properties").at("capabilities").at("items").at("enum")),
            capabilities);

  std::set<std::string> questions;
  for (const auto& question : Catalogue::builtin().questions()) questions.insert(question.id);
  std::set<std::string> answer_keys;
  for (const auto& [key, value] : document.at("properties").at("answers").at("properties").items())
    answer_keys.insert(key);
  EXPECT_EQ(answer_keys, questions);

  std::set<std::string> assurances;
  for (const auto& [key, value] :
       document.at("properties").at("assurances").at("properties").items())
    assurances.insert(key);
  EXPECT_EQ(assurances,
            (std::set<std::string>{"end_use_statement", "no_reexport", "post_shipment_checks",
                                   "end_user_certificate", "human_rights_clause"}));
}

TEST(ApplicationSchema, RequiresWhatTheReaderRequires) {
  const auto document = schema();
  EXPECT_EQ(words(document.at("required")),
            (std::set<std::string>{"reference", "exporter", "destination", "items"}));
  EXPECT_FALSE(document.at("additionalProperties").get<bool>());
}

}  // namespace
}  // namespace echri::assessment

#include "assessment/catalogue.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "support/test_support.hpp"

namespace echri::assessment {
namespace {

// A small valid catalogue; each error test breaks one line of it. Line numbers matter: the
// tests below name the line the parser must report.
constexpr std::string_view kValid = R"([catalogue]
version = "test-1"
description = "test catalogue"

[[capability]]
id = "interception"
title = "Interception"
sensitivity = "critical"
description = "Reads communications"
citation = "test citation"

[[entry]]
id = "5A001.j"
title = "IP surveillance"
regime = "wassenaar"
category = "cyber-surveillance"
sensitivity = "critical"
capabilities = ["interception"]
rationale = "test rationale"
citation = "test citation"

[[question]]
id = "payment_in_cash"
text = "Cash?"
source = "bis-kyc"
citation = "test citation"
human_rights = false
)";

// kValid with the first occurrence of `from` replaced by `to`.
std::string with(std::string_view from, std::string_view to) {
  std::string text(kValid);
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

Error error_of(std::string_view text) {
  auto parsed = parse_catalogue(text, "cat.toml");
  EXPECT_FALSE(parsed.has_value());
  return parsed ? Error{} : parsed.error();
}

const Catalogue& builtin() {
  return Catalogue::builtin();
}

TEST(CatalogueBuiltin, ParsesWithVersionAndAllRecordsCited) {
  // Parsed from the source file as well, so a broken catalogue fails here with its error rather
  // than aborting inside Catalogue::builtin().
  const auto parsed = parse_catalogue(
      testing::read_file(std::string(ECHRI_SOURCE_DIR) + "/data/catalogue/catalogue.toml"),
      "data/catalogue/catalogue.toml");
  ASSERT_TRUE(parsed) << parsed.error().describe();
  EXPECT_EQ(parsed->entries().size(), builtin().entries().size());
  EXPECT_EQ(builtin().version(), "2026-11");
  EXPECT_GE(builtin().entries().size(), 40U);
  for (const auto& entry : builtin().entries()) {
    EXPECT_FALSE(entry.citation.empty()) << entry.id;
    EXPECT_FALSE(entry.rationale.empty()) << entry.id;
    EXPECT_FALSE(entry.title.empty()) << entry.id;
  }
  for (const auto& capability : builtin().capabilities())
    EXPECT_FALSE(capability.citation.empty()) << capability.id;
  for (const auto& question : builtin().questions())
    EXPECT_FALSE(question.citation.empty()) << question.id;
}

TEST(CatalogueBuiltin, EntriesAreSortedAndUnique) {
  const auto& entries = builtin().entries();
  EXPECT_TRUE(std::is_sorted(entries.begin(), entries.end(),
                             [](const auto& a, const auto& b) { return a.id < b.id; }));
  EXPECT_EQ(std::adjacent_find(entries.begin(), entries.end(),
                               [](const auto& a, const auto& b) { return a.id == b.id; }),
            entries.end());
}

TEST(CatalogueBuiltin, HoldsTheRequiredEntries) {
  for (const std::string_view id :
       {"4A005",   "4D004",   "4E001.c", "5A001", "5A001.f", "5A001.j", "5D001.e", "5A002", "5A003",
        "5A004.a", "5A004.b", "5D002",   "6A002", "6A003",   "0A504",   "0A978",   "0A979", "0A982",
        "0A983",   "0E982",   "1A984",   "1A985", "3A980",   "3A981",   "3D980",   "3E980", "4A980",
        "4D980",   "4E980",   "5A980",   "5D980", "5E980",   "9A980",   "EAR99"}) {
    const auto* entry = builtin().find_entry(id);
    ASSERT_NE(entry, nullptr) << id;
    EXPECT_EQ(entry->id, id) << "found a parent instead of " << id;
  }
}

TEST(CatalogueBuiltin, ClassifiesTheKeyEntries) {
  EXPECT_EQ(builtin().find_entry("4A005")->sensitivity, Sensitivity::critical);
  EXPECT_EQ(builtin().find_entry("5A001.j")->sensitivity, Sensitivity::critical);
  EXPECT_EQ(builtin().find_entry("5D001.e")->sensitivity, Sensitivity::critical);
  EXPECT_EQ(builtin().find_entry("6A003")->sensitivity, Sensitivity::moderate);
  EXPECT_EQ(builtin().find_entry("EAR99")->sensitivity, Sensitivity::none);
  EXPECT_EQ(builtin().find_entry("EAR99")->citation, "15 CFR 734.3(c)");
  EXPECT_LT(builtin().find_entry("5A002")->sensitivity, Sensitivity::moderate);
  EXPECT_EQ(builtin().find_entry("5A001.j")->regime, "wassenaar");
  EXPECT_EQ(builtin().find_entry("3A981")->regime, "us-ear");
}

TEST(CatalogueBuiltin, HoldsTheRequiredCapabilities) {
  for (const std::string_view id : {"interception",
                                    "intrusion",
                                    "monitoring_centre",
                                    "location_tracking",
                                    "facial_recognition",
                                    "biometrics",
                                    "data_retention_analysis",
                                    "deep_packet_inspection",
                                    "mobile_forensics",
                                    "social_media_monitoring",
                                    "censorship",
                                    "crowd_control",
                                    "restraint",
                                    "riot_control_agents",
                                    "surveillance_imaging",
                                    "network_monitoring",
                                    "open_source_intelligence",
                                    "predictive_analytics",
                                    "emotion_recognition",
                                    "video_analytics",
                                    "voice_recognition",
                                    "network_management",
                                    "encryption",
                                    "data_storage",
                                    "general_computing"})
    EXPECT_NE(builtin().find_capability(id), nullptr) << id;
  EXPECT_EQ(builtin().find_capability("intrusion")->sensitivity, Sensitivity::critical);
  EXPECT_LE(builtin().find_capability("general_computing")->sensitivity, Sensitivity::low);
  EXPECT_EQ(builtin().find_capability("no_such_capability"), nullptr);
}

TEST(CatalogueBuiltin, EveryEntryCapabilityExists) {
  for (const auto& entry : builtin().entries())
    for (const auto& id : entry.capabilities)
      EXPECT_NE(builtin().find_capability(id), nullptr) << entry.id << " names " << id;
}

TEST(CatalogueBuiltin, HoldsTheQuestionVocabulary) {
  const std::vector<std::string_view> kyc{"customer_reluctant_end_use_info",
                                          "capabilities_mismatch_business",
                                          "incompatible_with_destination_technical_level",
                                          "payment_in_cash",
                                          "little_business_background",
                                          "unfamiliar_with_product",
                                          "declines_installation_training_maintenance",
                                          "vague_delivery_dates",
                                          "freight_forwarder_final_destination",
                                          "abnormal_shipping_route",
                                          "packaging_inconsistent",
                                          "evasive_about_domestic_use_or_reexport"};
  const std::vector<std::string_view> eu{
      "end_user_linked_to_abuses",          "destination_lacks_legal_safeguards",
      "targets_protected_groups",           "customisation_for_surveillance",
      "integration_with_monitoring_centre", "end_user_refuses_human_rights_commitments",
      "ongoing_operational_support",        "mass_scale_deployment",
      "exporter_aware_of_misuse_intent"};
  for (const auto id : kyc) {
    const auto* question = builtin().find_question(id);
    ASSERT_NE(question, nullptr) << id;
    EXPECT_EQ(question->source, "bis-kyc") << id;
    EXPECT_FALSE(question->human_rights) << id;
    EXPECT_NE(question->citation.find("15 CFR Part 732"), std::string::npos) << id;
  }
  for (const auto id : eu) {
    const auto* question = builtin().find_question(id);
    ASSERT_NE(question, nullptr) << id;
    EXPECT_EQ(question->source, "eu-cyber-surveillance") << id;
    EXPECT_TRUE(question->human_rights) << id;
  }
  EXPECT_NE(builtin().find_question("exporter_aware_of_misuse_intent")->citation.find("Art. 5(2)"),
            std::string::npos);
  // The required vocabulary comes first, in this order; additions follow it.
  const auto& questions = builtin().questions();
  ASSERT_GE(questions.size(), kyc.size() + eu.size());
  for (std::size_t i = 0; i < kyc.size(); ++i) EXPECT_EQ(questions[i].id, kyc[i]);
  for (std::size_t i = 0; i < eu.size(); ++i) EXPECT_EQ(questions[kyc.size() + i].id, eu[i]);
}

TEST(CatalogueLookup, FallsBackToTheMostSpecificEntry) {
  EXPECT_EQ(builtin().find_entry("5A001.j.1")->id, "5A001.j");
  EXPECT_EQ(builtin().find_entry("5A001.b")->id, "5A001");
  EXPECT_EQ(builtin().find_entry("5A001.b.3.a")->id, "5A001");
  EXPECT_EQ(builtin().find_entry("5D002.c.3.b")->id, "5D002.c.3.b");
  EXPECT_EQ(builtin().find_entry("5D002.c.1")->id, "5D002");
  EXPECT_EQ(builtin().find_entry("6A003.b.4.b")->id, "6A003.b.4");
}

TEST(CatalogueLookup, IgnoresCaseInTheEntryHeadOnly) {
  ASSERT_NE(builtin().find_entry("5a001.j"), nullptr);
  EXPECT_EQ(builtin().find_entry("5a001.j")->id, "5A001.j");
  EXPECT_EQ(builtin().find_entry("ear99")->id, "EAR99");
  EXPECT_EQ(builtin().find_entry("5A001.J"), nullptr);  // sub-items are lower case
}

TEST(CatalogueLookup, ReturnsNullForUnknownOrMalformedIds) {
  EXPECT_EQ(builtin().find_entry("9Z999"), nullptr);
  EXPECT_EQ(builtin().find_entry("7A003"), nullptr);  // well formed, not in the catalogue
  EXPECT_EQ(builtin().find_entry("none"), nullptr);
  EXPECT_EQ(builtin().find_entry(""), nullptr);
  EXPECT_EQ(builtin().find_question("no_such_question"), nullptr);
}

TEST(CatalogueSyntax, AcceptsControlListEntries) {
  for (const std::string_view id : {"5A001", "5A001.j", "5A001.j.1", "5a001.j", "0A983",
                                    "9E003.a.2.b", "EAR99", "ear99", "3A981", "1C350.d.12"})
    EXPECT_TRUE(is_control_entry_syntax(id)) << id;
}

TEST(CatalogueSyntax, RejectsOtherText) {
  for (const std::string_view id :
       {"", "none", "5A00", "5A0011", "5F001", "AA001", "5A00x", "5A001.", "5A001..j", "5A001.J",
        "5A001.j.", "5A001-j", "5A001 j", "EAR99.a", "EAR9", "ML21", "5A001.é"})
    EXPECT_FALSE(is_control_entry_syntax(id)) << id;
}

TEST(CatalogueParse, ReadsAValidCatalogue) {
  const auto parsed = parse_catalogue(kValid, "cat.toml");
  ASSERT_TRUE(parsed) << parsed.error().describe();
  EXPECT_EQ(parsed->version(), "test-1");
  ASSERT_EQ(parsed->entries().size(), 1U);
  EXPECT_EQ(parsed->entries()[0].capabilities, std::vector<std::string>{"interception"});
  EXPECT_EQ(parsed->find_question("payment_in_cash")->source, "bis-kyc");
}

TEST(CatalogueParse, MalformedTomlGivesFileAndLine) {
  const auto error = error_of(with("rationale = \"test rationale\"", "rationale = \"unclosed"));
  EXPECT_EQ(error.kind, ErrorKind::invalid_input);
  EXPECT_EQ(error.where, "cat.toml:19");
}

TEST(CatalogueParse, UnknownKeyIsAnError) {
  const auto error = error_of(with("rationale = ", "colour = \"red\"\nrationale = "));
  EXPECT_EQ(error.where, "cat.toml:19");
  EXPECT_NE(error.message.find("entry[0].colour"), std::string::npos) << error.message;
}

TEST(CatalogueParse, UnknownTopLevelTableIsAnError) {
  const auto error = error_of(std::string(kValid) + "\n[extra]\nx = 1\n");
  EXPECT_NE(error.message.find("extra"), std::string::npos) << error.message;
}

TEST(CatalogueParse, BadSensitivityNamesFieldAndValues) {
  const auto error = error_of(
      with("sensitivity = \"critical\"\ncapabilities", "sensitivity = \"hgh\"\ncapabilities"));
  EXPECT_EQ(error.where, "cat.toml:17");
  EXPECT_NE(error.message.find("entry[0].sensitivity"), std::string::npos) << error.message;
  EXPECT_NE(error.message.find("\"hgh\""), std::string::npos) << error.message;
  EXPECT_NE(error.message.find("none, low, moderate, high, critical"), std::string::npos)
      << error.message;
}

TEST(CatalogueParse, DuplicateIdIsAnError) {
  const auto error = error_of(std::string(kValid) +
                              "\n[[question]]\nid = \"payment_in_cash\"\ntext = \"Again?\"\n"
                              "source = \"bis-kyc\"\ncitation = \"c\"\nhuman_rights = false\n");
  EXPECT_EQ(error.where, "cat.toml:30");
  EXPECT_NE(error.message.find("question[1].id"), std::string::npos) << error.message;
  EXPECT_NE(error.message.find("duplicate"), std::string::npos) << error.message;
}

TEST(CatalogueParse, DuplicateEntryIsAnError) {
  const std::string second =
      "\n[[entry]]\nid = \"5A001.j\"\ntitle = \"t\"\nregime = \"eu\"\n"
      "category = \"imaging\"\nsensitivity = \"low\"\nrationale = \"r\"\n"
      "citation = \"c\"\n";
  const auto error = error_of(std::string(kValid) + second);
  EXPECT_EQ(error.where, "cat.toml:30");
  EXPECT_NE(error.message.find("entry[1].id"), std::string::npos) << error.message;
}

TEST(CatalogueParse, UnknownCapabilityReferenceIsAnError) {
  const auto error = error_of(with("[\"interception\"]", "[\"interception\", \"telepathy\"]"));
  EXPECT_EQ(error.where, "cat.toml:18");
  EXPECT_NE(error.message.find("entry[0].capabilities"), std::string::npos) << error.message;
  EXPECT_NE(error.message.find("telepathy"), std::string::npos) << error.message;
}

TEST(CatalogueParse, EntryIdMustBeAControlEntry) {
  const auto error = error_of(with("id = \"5A001.j\"", "id = \"5X001\""));
  EXPECT_EQ(error.where, "cat.toml:13");
  EXPECT_NE(error.message.find("entry[0].id"), std::string::npos) << error.message;
}

TEST(CatalogueParse, EntryIdMustBeCanonical) {
  const auto error = error_of(with("id = \"5A001.j\"", "id = \"5a001.j\""));
  EXPECT_EQ(error.where, "cat.toml:13");
  EXPECT_NE(error.message.find("5A001.j"), std::string::npos) << error.message;
}

TEST(CatalogueParse, UnknownRegimeAndSourceAreErrors) {
  auto error = error_of(with("regime = \"wassenaar\"", "regime = \"nato\""));
  EXPECT_EQ(error.where, "cat.toml:15");
  EXPECT_NE(error.message.find("entry[0].regime"), std::string::npos) << error.message;
  error = error_of(with("source = \"bis-kyc\"", "source = \"rumour\""));
  EXPECT_EQ(error.where, "cat.toml:25");
  EXPECT_NE(error.message.find("question[0].source"), std::string::npos) << error.message;
}

TEST(CatalogueParse, MissingFieldNamesTheTable) {
  const auto error = error_of(with("human_rights = false\n", ""));
  EXPECT_EQ(error.where, "cat.toml:22");
  EXPECT_NE(error.message.find("question[0].human_rights"), std::string::npos) << error.message;
}

TEST(CatalogueParse, WrongTypeIsAnError) {
  const auto error = error_of(with("human_rights = false", "human_rights = \"no\""));
  EXPECT_EQ(error.where, "cat.toml:27");
  EXPECT_NE(error.message.find("question[0].human_rights"), std::string::npos) << error.message;
}

}  // namespace
}  // namespace echri::assessment

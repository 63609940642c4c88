#include "exchange/directory.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <stdexcept>
#include <string>

#include "support/result_matchers.hpp"
#include "support/test_support.hpp"

namespace echri::exchange {
namespace {

using echri::testing::FailsWith;
using echri::testing::IsOk;
using nlohmann::json;

std::filesystem::path source_file(const std::string& relative) {
  return std::filesystem::path(ECHRI_SOURCE_DIR) / relative;
}

Directory seed() {
  auto directory = load_directory_seed(source_file("data/exchange/states.json"));
  // GoogleTest reports the exception as the test's failure.
  if (!directory) throw std::runtime_error(directory.error().describe());
  return *std::move(directory);
}

Entry change(std::string issuer, json body) {
  Entry entry;
  entry.issuer = std::move(issuer);
  entry.issued_at = "2026-11-22T10:00:00Z";
  entry.kind = NotificationKind::directory_change;
  entry.body = std::move(body);
  return entry;
}

// Fictional contact and key texts (the .example domain is reserved for examples).
json full_state(const std::string& code, const std::string& name) {
  const std::string host = "authority-" + code + ".example";
  return {{"code", code},
          {"name", name},
          {"endorsed_on", nullptr},
          {"point_of_contact", {{"name", "Exchange desk"}, {"email", "desk@" + host}}},
          {"node_origin", host + "/echri-log"},
          {"log_key", host + "/echri-log+01234567+AQ=="},
          {"witness_key", host + "/witness+89abcdef+BA=="},
          {"encryption_key", "x25519:AAAA"}};
}

TEST(DirectorySeed, LoadsTheTwentyFiveSubscribingStates) {
  const Directory directory = seed();
  EXPECT_EQ(directory.states().size(), 25u);
  EXPECT_EQ(directory.central_contact(), "US");
  for (const auto& [code, state] : directory.states()) {
    SCOPED_TRACE(code);
    EXPECT_EQ(state.code, code);
    EXPECT_FALSE(state.name.empty());
    // Each node announces its own contact, origin and keys.
    EXPECT_EQ(state.point_of_contact, PointOfContact{});
    EXPECT_TRUE(state.node_origin.empty());
    EXPECT_TRUE(state.log_key.empty());
    EXPECT_TRUE(state.witness_key.empty());
    EXPECT_TRUE(state.encryption_key.empty());
    if (code == "CR") {
      EXPECT_FALSE(state.endorsed_on.has_value());
      EXPECT_EQ(state.note, "joined after publication");
    } else {
      EXPECT_EQ(state.endorsed_on, "2023-03-30");
      EXPECT_TRUE(state.note.empty());
    }
  }
  ASSERT_NE(directory.find("XK"), nullptr);
  EXPECT_EQ(directory.find("XK")->name, "Kosovo");
  EXPECT_EQ(directory.find("GB")->name, "United Kingdom");
  EXPECT_EQ(directory.find("CH"), nullptr);
}

TEST(DirectorySeed, AgreesWithTheWebsiteList) {
  const json web = json::parse(
      echri::testing::read_file(source_file("web/src/pages/public/subscribing-states.json")));
  const Directory directory = seed();
  std::set<std::string> web_codes;
  for (const auto& state : web.at("states")) {
    const auto code = state.at("code").get<std::string>();
    web_codes.insert(code);
    const StateRecord* record = directory.find(code);
    ASSERT_NE(record, nullptr) << code;
    EXPECT_EQ(record->name, state.at("name").get<std::string>());
  }
  EXPECT_EQ(web_codes.size(), directory.states().size());
}

TEST(DirectorySeed, RoundTripsThroughToJson) {
  const Directory directory = seed();
  const json out = directory.to_json();
  const json file =
      json::parse(echri::testing::read_file(source_file("data/exchange/states.json")));
  EXPECT_EQ(out.at("central_contact"), file.at("central_contact"));
  EXPECT_EQ(out.at("states"), file.at("states"));
  const auto again = directory_from_json(out, "copy");
  ASSERT_THAT(again, IsOk());
  EXPECT_EQ(*again, directory);
}

TEST(DirectorySeed, ErrorsNameTheFileAndThePath) {
  const json good =
      json::parse(echri::testing::read_file(source_file("data/exchange/states.json")));
  const echri::testing::TempDir dir;
  const auto load = [&](const json& document) {
    const auto path = dir.path() / "states.json";
    std::filesystem::remove(path);
    echri::testing::write_file(path, document.dump(2));
    return load_directory_seed(path);
  };
  const auto expect_where = [&](const json& document, const std::string& path) {
    const auto result = load(document);
    ASSERT_THAT(result, FailsWith(ErrorKind::invalid_input, path));
    EXPECT_NE(result.error().where.find("states.json: "), std::string::npos)
        << result.error().where;
  };
  json bad = good;
  bad["states"][1]["code"] = "au";
  expect_where(bad, "$.states[1].code");
  bad = good;
  bad["states"][2]["code"] = "AL";
  expect_where(bad, "$.states[2].code");
  bad = good;
  bad["states"][0]["endorsed_on"] = "30 March 2023";
  expect_where(bad, "$.states[0].endorsed_on");
  bad = good;
  bad["states"][0]["point_of_contact"]["fax"] = "";
  expect_where(bad, "$.states[0].point_of_contact.fax");
  bad = good;
  bad["states"][0]["log_key"] = "two words";
  expect_where(bad, "$.states[0].log_key");
  bad = good;
  bad["states"][0].erase("witness_key");
  expect_where(bad, "$.states[0].witness_key");
  bad = good;
  bad["central_contact"] = "CH";
  expect_where(bad, "$.central_contact");
  bad = good;
  bad["states"] = json::array();
  expect_where(bad, "$.states");

  const auto not_json = dir.path() / "broken.json";
  echri::testing::write_file(not_json, "{\"states\": [");
  const auto broken = load_directory_seed(not_json);
  ASSERT_THAT(broken, FailsWith(ErrorKind::invalid_input, "broken.json"));
  EXPECT_THAT(load_directory_seed(dir.path() / "absent.json"), FailsWith(ErrorKind::io));
}

TEST(DirectoryApply, AddsAStateOnce) {
  Directory directory = seed();
  const Entry add =
      change("US", {{"action", "add_state"}, {"state", full_state("CH", "Switzerland")}});
  ASSERT_THAT(directory.apply(add), IsOk());
  EXPECT_EQ(directory.states().size(), 26u);
  const StateRecord* added = directory.find("CH");
  ASSERT_NE(added, nullptr);
  EXPECT_EQ(added->name, "Switzerland");
  EXPECT_FALSE(added->endorsed_on.has_value());
  EXPECT_EQ(added->point_of_contact,
            (PointOfContact{"Exchange desk", "desk@authority-CH.example", ""}));
  EXPECT_EQ(added->node_origin, "authority-CH.example/echri-log");
  EXPECT_EQ(added->log_key, "authority-CH.example/echri-log+01234567+AQ==");
  EXPECT_EQ(added->witness_key, "authority-CH.example/witness+89abcdef+BA==");
  EXPECT_EQ(added->encryption_key, "x25519:AAAA");

  const Directory before = directory;
  EXPECT_THAT(directory.apply(add), FailsWith(ErrorKind::conflict, "$.body.state.code"));
  EXPECT_EQ(directory, before);
}

TEST(DirectoryApply, UpdatesOnlyTheFieldsGiven) {
  Directory directory = seed();
  json fields = full_state("DE", "Germany");
  fields.erase("name");
  fields["endorsed_on"] = "2023-03-30";
  fields["point_of_contact"] = {{"email", "desk@bafa.example"}, {"phone", "+49 0 0000"}};
  ASSERT_THAT(directory.apply(change("US", {{"action", "update_state"}, {"state", fields}})),
              IsOk());
  const StateRecord* germany = directory.find("DE");
  ASSERT_NE(germany, nullptr);
  EXPECT_EQ(germany->name, "Germany");
  EXPECT_EQ(germany->endorsed_on, "2023-03-30");
  EXPECT_EQ(germany->point_of_contact, (PointOfContact{"", "desk@bafa.example", "+49 0 0000"}));
  EXPECT_EQ(germany->node_origin, "authority-DE.example/echri-log");

  // A later update replaces the point of contact as a whole and keeps the rest.
  ASSERT_THAT(
      directory.apply(change("US", {{"action", "update_state"},
                                    {"state",
                                     {{"code", "DE"},
                                      {"point_of_contact", {{"email", "other@bafa.example"}}},
                                      {"note", "node moved"}}}})),
      IsOk());
  EXPECT_EQ(directory.find("DE")->point_of_contact, (PointOfContact{"", "other@bafa.example", ""}));
  EXPECT_EQ(directory.find("DE")->note, "node moved");
  EXPECT_EQ(directory.find("DE")->log_key, "authority-DE.example/echri-log+01234567+AQ==");

  // Clearing a recorded endorsement date is an update too.
  ASSERT_THAT(
      directory.apply(change("US", {{"action", "update_state"},
                                    {"state", {{"code", "DE"}, {"endorsed_on", nullptr}}}})),
      IsOk());
  EXPECT_FALSE(directory.find("DE")->endorsed_on.has_value());

  EXPECT_THAT(directory.apply(change("US", {{"action", "update_state"},
                                            {"state", {{"code", "CH"}, {"name", "Switzerland"}}}})),
              FailsWith(ErrorKind::not_found, "$.body.state.code"));
}

TEST(DirectoryApply, RemovesAStateButNotTheCentralContact) {
  Directory directory = seed();
  ASSERT_THAT(
      directory.apply(change("US", {{"action", "remove_state"}, {"state", {{"code", "NO"}}}})),
      IsOk());
  EXPECT_EQ(directory.find("NO"), nullptr);
  EXPECT_EQ(directory.states().size(), 24u);
  EXPECT_THAT(
      directory.apply(change("US", {{"action", "remove_state"}, {"state", {{"code", "NO"}}}})),
      FailsWith(ErrorKind::not_found, "$.body.state.code"));
  EXPECT_THAT(
      directory.apply(change("US", {{"action", "remove_state"}, {"state", {{"code", "US"}}}})),
      FailsWith(ErrorKind::conflict, "$.body.state.code"));
  EXPECT_NE(directory.find("US"), nullptr);
}

TEST(DirectoryApply, DesignatesAnotherCentralContact) {
  Directory directory = seed();
  const json to_germany = {{"action", "designate_central_contact"}, {"state", {{"code", "DE"}}}};
  ASSERT_THAT(directory.apply(change("US", to_germany)), IsOk());
  EXPECT_EQ(directory.central_contact(), "DE");
  // From now on only Germany's entries change the directory.
  EXPECT_THAT(
      directory.apply(change("US", {{"action", "remove_state"}, {"state", {{"code", "NO"}}}})),
      FailsWith(ErrorKind::forbidden, "$.issuer"));
  EXPECT_THAT(
      directory.apply(change("DE", {{"action", "remove_state"}, {"state", {{"code", "US"}}}})),
      IsOk());
  EXPECT_THAT(directory.apply(change(
                  "DE", {{"action", "designate_central_contact"}, {"state", {{"code", "CH"}}}})),
              FailsWith(ErrorKind::not_found, "$.body.state.code"));
  EXPECT_EQ(directory.central_contact(), "DE");
}

TEST(DirectoryApply, RefusesEntriesNotFromTheCentralContact) {
  Directory directory = seed();
  const Directory before = directory;
  const auto result = directory.apply(
      change("DE", {{"action", "add_state"}, {"state", full_state("CH", "Switzerland")}}));
  ASSERT_THAT(result, FailsWith(ErrorKind::forbidden, "$.issuer"));
  EXPECT_NE(result.error().message.find("US"), std::string::npos);
  EXPECT_EQ(directory, before);
}

TEST(DirectoryApply, RefusesOtherEntriesAndInvalidBodies) {
  Directory directory = seed();
  const Directory before = directory;
  Entry other = change("US", {{"sequence", 1}, {"hash", std::string(64, 'a')}});
  other.kind = NotificationKind::audit_head;
  EXPECT_THAT(directory.apply(other), FailsWith(ErrorKind::invalid_input, "$.kind"));
  Entry sealed = change("US", nullptr);
  sealed.kind.reset();
  sealed.audience = {"DE"};
  sealed.sealed = json::object();
  EXPECT_THAT(directory.apply(sealed), FailsWith(ErrorKind::invalid_input, "$.kind"));
  json no_keys = full_state("CH", "Switzerland");
  no_keys.erase("encryption_key");
  EXPECT_THAT(directory.apply(change("US", {{"action", "add_state"}, {"state", no_keys}})),
              FailsWith(ErrorKind::invalid_input, "$.body.state.encryption_key"));
  EXPECT_EQ(directory, before);
}

TEST(DirectoryApply, AppliesEntriesReadFromTheLog) {
  Directory directory = seed();
  const auto bytes = encode_entry(
      change("US", {{"action", "add_state"}, {"state", full_state("CH", "Switzerland")}}));
  ASSERT_THAT(bytes, IsOk());
  const auto entry = parse_entry(*bytes);
  ASSERT_THAT(entry, IsOk());
  ASSERT_THAT(directory.apply(*entry), IsOk());
  EXPECT_NE(directory.find("CH"), nullptr);
  // And the directory's own JSON keeps what was applied.
  const auto reloaded = directory_from_json(directory.to_json(), "saved");
  ASSERT_THAT(reloaded, IsOk());
  EXPECT_EQ(*reloaded, directory);
}

}  // namespace
}  // namespace echri::exchange

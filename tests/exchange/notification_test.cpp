#include "exchange/notification.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "support/result_matchers.hpp"
#include "support/test_support.hpp"

namespace echri::exchange {
namespace {

using echri::testing::FailsWith;
using echri::testing::IsOk;
using nlohmann::json;

constexpr std::string_view kHash =
    "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

// A valid body of every kind (fictional parties and states' references).
json valid_body(NotificationKind kind) {
  switch (kind) {
    case NotificationKind::denial:
      return {{"authority_reference", "DN-DE-2026-014"},
              {"decision_date", "2026-11-02"},
              {"expires_on", "2029-11-02"},
              {"control_entries", {"5A001.j", "5D001"}},
              {"capabilities", {"internet_surveillance"}},
              {"item_description", "IP network surveillance system\nwith deep packet inspection"},
              {"end_user",
               {{"name", "Fictional Monitoring Directorate"},
                {"address", "1 Example Street\nExample City"},
                {"country", "EG"}}},
              {"consignee", {{"name", "Example Trading LLC"}, {"country", "AE"}}},
              {"other_parties",
               {{{"role", "intermediate"}, {"name", "Sample Freight"}, {"country", "TR"}}}},
              {"end_use", "monitoring of national internet traffic"},
              {"reasons", {"HR1", "HR3"}}};
    case NotificationKind::denial_amendment:
      return {{"refers_to", {{"origin", "de.example/echri-log"}, {"index", 41}}},
              {"changes",
               {{"end_user",
                 {{"name", "Fictional Monitoring Directorate (renamed)"}, {"country", "EG"}}}}}};
    case NotificationKind::denial_renewal:
      return {{"refers_to", {{"origin", "de.example/echri-log"}, {"index", 41}}},
              {"expires_on", "2032-11-02"}};
    case NotificationKind::denial_revocation:
      return {{"refers_to", {{"origin", "de.example/echri-log"}, {"index", 41}}},
              {"reason", "licence granted on appeal"},
              {"revoked_on", "2027-01-15"}};
    case NotificationKind::threat_report:
      return {{"subject_type", "technology"},
              {"subject", "covert mobile phone intrusion tooling"},
              {"summary", "Offered to security services at a trade fair."},
              {"risk", "high"},
              {"references", {"https://example.org/report"}},
              {"attachments", {{{"sha256", kHash}, {"name", "brochure.pdf"}}}}};
    case NotificationKind::technology_view:
      return {{"title", "Facial recognition in public spaces"},
              {"text", "Our view.\n\tIndented."},
              {"control_entries", {"5A001.j"}}};
    case NotificationKind::best_practice:
      return {{"title", "End-use checks"}, {"text", "What worked for us."}};
    case NotificationKind::meeting_record:
      return {{"title", "Technical working group"},
              {"held_on", "2026-10-20"},
              {"text", "Minutes."},
              {"participants", {"DE", "FR", "XK"}}};
    case NotificationKind::policy_question:
      return {{"title", "Cloud services"}, {"text", "How do you treat remote access?"}};
    case NotificationKind::directory_change:
      return {{"action", "update_state"},
              {"state",
               {{"code", "DE"},
                {"node_origin", "de.example/echri-log"},
                {"point_of_contact", {{"email", "exchange@authority.example"}}}}}};
    case NotificationKind::audit_head:
      return {{"sequence", 7}, {"hash", kHash}};
  }
  return nullptr;
}

std::vector<NotificationKind> every_kind() {
  std::vector<NotificationKind> kinds;
  for (const auto name : all_notification_kinds()) kinds.push_back(*parse_notification_kind(name));
  return kinds;
}

Entry public_entry(NotificationKind kind, json body) {
  Entry entry;
  entry.issuer = "DE";
  entry.issued_at = "2026-11-22T10:00:00Z";
  entry.kind = kind;
  entry.body = std::move(body);
  return entry;
}

Entry sealed_entry(json sealed) {
  Entry entry;
  entry.issuer = "DE";
  entry.issued_at = "2026-11-22T10:00:00Z";
  entry.audience = {"FR", "NL"};
  entry.sealed = std::move(sealed);
  return entry;
}

std::string where_of(const Result<Entry>& result) {
  return result ? std::string("(ok)") : result.error().where;
}

TEST(NotificationKind, NamesRoundTripAndPublicOnlyKinds) {
  const auto names = all_notification_kinds();
  ASSERT_EQ(names.size(), 11u);
  for (const auto name : names) {
    const auto kind = parse_notification_kind(name);
    ASSERT_TRUE(kind.has_value()) << name;
    EXPECT_EQ(to_string(*kind), name);
    EXPECT_EQ(is_public_only(*kind), name == "directory_change" || name == "audit_head") << name;
  }
  EXPECT_FALSE(parse_notification_kind("Denial"));
  EXPECT_FALSE(parse_notification_kind(""));
}

TEST(NotificationEntry, EncodesTheCanonicalBytes) {
  const auto bytes = encode_entry(
      public_entry(NotificationKind::audit_head, valid_body(NotificationKind::audit_head)));
  ASSERT_THAT(bytes, IsOk());
  EXPECT_EQ(*bytes, R"({"audience":"all","body":{"hash":")" + std::string(kHash) +
                        R"(","sequence":7},"issued_at":"2026-11-22T10:00:00Z","issuer":"DE",)"
                        R"("kind":"audit_head","v":1})");
}

TEST(NotificationEntry, EveryKindRoundTripsByteForByte) {
  for (const auto kind : every_kind()) {
    SCOPED_TRACE(std::string(to_string(kind)));
    const Entry entry = public_entry(kind, valid_body(kind));
    EXPECT_THAT(validate_body(kind, entry.body, "$.body"), IsOk());
    const auto bytes = encode_entry(entry);
    ASSERT_THAT(bytes, IsOk());
    const auto parsed = parse_entry(*bytes);
    ASSERT_THAT(parsed, IsOk());
    EXPECT_EQ(*parsed, entry);
    EXPECT_FALSE(parsed->is_sealed());
    EXPECT_EQ(*encode_entry(*parsed), *bytes);
  }
}

TEST(NotificationEntry, SealedEntryRoundTripsAndBindsItsHeader) {
  const Entry entry = sealed_entry({{"alg", "opaque"}, {"keys", {{{"state", "FR"}}}}});
  const auto bytes = encode_entry(entry);
  ASSERT_THAT(bytes, IsOk());
  EXPECT_EQ(*bytes, R"({"audience":["FR","NL"],"issued_at":"2026-11-22T10:00:00Z","issuer":"DE",)"
                    R"("sealed":{"alg":"opaque","keys":[{"state":"FR"}]},"v":1})");
  const auto parsed = parse_entry(*bytes);
  ASSERT_THAT(parsed, IsOk());
  EXPECT_EQ(*parsed, entry);
  EXPECT_TRUE(parsed->is_sealed());
  EXPECT_FALSE(parsed->kind.has_value());
  EXPECT_EQ(entry_header_for_sealing(*parsed),
            R"({"audience":["FR","NL"],"issued_at":"2026-11-22T10:00:00Z","issuer":"DE","v":1})");
  // The issuer may address itself too.
  Entry to_itself = entry;
  to_itself.audience = {"DE", "FR"};
  EXPECT_THAT(encode_entry(to_itself), IsOk());
}

TEST(NotificationEntry, RefusesBytesThatAreNotCanonical) {
  const std::string canonical = *encode_entry(
      public_entry(NotificationKind::audit_head, valid_body(NotificationKind::audit_head)));
  ASSERT_THAT(parse_entry(canonical), IsOk());
  const std::string body = R"("body":{"hash":")" + std::string(kHash) + R"(","sequence":7})";
  for (
      const std::string& bad : std::vector<std::string>{
          canonical + "\n",                                 // trailing newline
          " " + canonical,                                  // leading space
          R"({"audience": "all",)" + canonical.substr(18),  // space after a colon
          R"({"v":1,"audience":"all",)" + body +            // keys out of order
              R"(,"issued_at":"2026-11-22T10:00:00Z","issuer":"DE","kind":"audit_head"})",
          R"({"audience":"all",)" + body +  // a key twice
              R"(,"issued_at":"2026-11-22T10:00:00Z","issuer":"DE","issuer":"DE",)"
              R"("kind":"audit_head","v":1})",
          R"({"audience":"all",)" + body +  // needless escape
              R"(,"issued_at":"2026-11-22T10:00:00Z","issuer":"\u0044E","kind":"audit_head","v":1})",
          R"({"audience":"all",)" + body +  // escaped solidus
              R"(,"issued_at":"2026-11-22T10:00:00Z","issuer":"DE","kind":"audit\/head","v":1})",
      }) {
    const auto result = parse_entry(bad);
    ASSERT_THAT(result, FailsWith(ErrorKind::invalid_input, "$")) << bad;
    EXPECT_NE(result.error().message.find("entry is not canonical JSON"), std::string::npos) << bad;
  }
}

TEST(NotificationEntry, RefusesFloatsWhereverTheyAre) {
  const std::string head = R"({"audience":"all","body":{"hash":")" + std::string(kHash) + R"(",)";
  const std::string tail =
      R"(},"issued_at":"2026-11-22T10:00:00Z","issuer":"DE","kind":"audit_head","v":1})";
  for (const std::string_view number : {"7.0", "7.5", "7e0", "1E2", "18446744073709551616"}) {
    std::string bytes = head;
    bytes.append(R"("sequence":)").append(number).append(tail);
    const auto result = parse_entry(bytes);
    EXPECT_THAT(result, FailsWith(ErrorKind::invalid_input, "$.body.sequence")) << number;
  }
  // In the opaque sealed part too, and when encoding.
  EXPECT_THAT(encode_entry(sealed_entry({{"n", {1, 2.5}}})),
              FailsWith(ErrorKind::invalid_input, "$.sealed.n[1]"));
  EXPECT_THAT(encode_entry(
                  public_entry(NotificationKind::audit_head, {{"sequence", 7.0}, {"hash", kHash}})),
              FailsWith(ErrorKind::invalid_input, "$.body.sequence"));
}

TEST(NotificationEntry, RefusesMoreThan64KiB) {
  // Pads the opaque sealed part to make an entry of exactly `size` bytes.
  const auto entry_of_size = [](std::size_t size) {
    Entry entry = sealed_entry({{"pad", ""}});
    const std::size_t base = encode_entry(entry)->size();
    entry.sealed["pad"] = std::string(size - base, 'x');
    return entry;
  };
  const auto largest = encode_entry(entry_of_size(kMaxEntryBytes));
  ASSERT_THAT(largest, IsOk());
  EXPECT_EQ(largest->size(), 65535u);
  EXPECT_THAT(parse_entry(*largest), IsOk());
  EXPECT_THAT(encode_entry(entry_of_size(kMaxEntryBytes + 1)),
              FailsWith(ErrorKind::invalid_input, "$"));
  const std::string too_large = *largest + " ";
  const auto result = parse_entry(too_large);
  ASSERT_THAT(result, FailsWith(ErrorKind::invalid_input, "$"));
  EXPECT_NE(result.error().message.find("65536 bytes"), std::string::npos);
}

TEST(NotificationEntry, RefusesBadUtf8DeepNestingAndNonJson) {
  EXPECT_THAT(parse_entry("{\"a\":\"\xC3\x28\"}"), FailsWith(ErrorKind::invalid_input, "$"));
  EXPECT_THAT(parse_entry(std::string(40, '[') + std::string(40, ']')),
              FailsWith(ErrorKind::invalid_input, "$"));
  EXPECT_THAT(parse_entry(""), FailsWith(ErrorKind::invalid_input, "$"));
  EXPECT_THAT(parse_entry("[1,2]"), FailsWith(ErrorKind::invalid_input, "$"));
  Entry bad_text =
      public_entry(NotificationKind::best_practice, {{"title", "\xFF"}, {"text", "t"}});
  EXPECT_THAT(encode_entry(bad_text), FailsWith(ErrorKind::invalid_input, "$.body.title"));
}

TEST(NotificationEntry, RefusesBadEnvelopesNamingTheField) {
  const Entry good =
      public_entry(NotificationKind::best_practice, valid_body(NotificationKind::best_practice));
  ASSERT_THAT(encode_entry(good), IsOk());
  struct Case {
    std::string name;
    Entry entry;
    std::string where;
  };
  std::vector<Case> cases;
  const auto with = [&](std::string name, std::string where, auto change) {
    Entry entry = good;
    change(entry);
    cases.push_back({std::move(name), std::move(entry), std::move(where)});
  };
  with("version", "$.v", [](Entry& e) { e.version = 2; });
  with("lower-case issuer", "$.issuer", [](Entry& e) { e.issuer = "de"; });
  with("no such country", "$.issuer", [](Entry& e) { e.issuer = "ZZ"; });
  with("date only", "$.issued_at", [](Entry& e) { e.issued_at = "2026-11-22"; });
  with("offset", "$.issued_at", [](Entry& e) { e.issued_at = "2026-11-22T10:00:00+01:00"; });
  with("hour 24", "$.issued_at", [](Entry& e) { e.issued_at = "2026-11-22T24:00:00Z"; });
  with("no such day", "$.issued_at", [](Entry& e) { e.issued_at = "2026-02-29T10:00:00Z"; });
  with("no kind", "$.kind", [](Entry& e) { e.kind.reset(); });
  with("public but sealed", "$.sealed", [](Entry& e) { e.sealed = json::object(); });
  with("named but public", "$.kind", [](Entry& e) { e.audience = {"FR"}; });
  with("unsorted audience", "$.audience[1]", [](Entry& e) {
    e.audience = {"NL", "FR"};
    e.kind.reset();
    e.body = nullptr;
    e.sealed = json::object();
  });
  with("audience twice", "$.audience[1]", [](Entry& e) {
    e.audience = {"FR", "FR"};
    e.kind.reset();
    e.body = nullptr;
    e.sealed = json::object();
  });
  with("sealed not an object", "$.sealed", [](Entry& e) {
    e.audience = {"FR"};
    e.kind.reset();
    e.body = nullptr;
    e.sealed = "ciphertext";
  });
  for (const auto& c : cases) {
    const auto bytes = encode_entry(c.entry);
    ASSERT_FALSE(bytes.has_value()) << c.name;
    EXPECT_EQ(bytes.error().kind, ErrorKind::invalid_input) << c.name;
    EXPECT_EQ(bytes.error().where, c.where) << c.name << ": " << bytes.error().describe();
  }
  // Fields the envelope does not know, and missing ones, in parsed bytes.
  json document = json::parse(*encode_entry(good));
  document["extra"] = 1;
  EXPECT_EQ(where_of(parse_entry(document.dump())), "$.extra");
  document.erase("extra");
  document.erase("issued_at");
  EXPECT_EQ(where_of(parse_entry(document.dump())), "$.issued_at");
}

// One invalid variant per rule: a JSON pointer into the valid body, the value put there (or
// nullopt to remove the field), and the path the error must name.
struct BodyCase {
  NotificationKind kind;
  std::string pointer;
  std::optional<json> value;
  std::string where;
};

std::vector<BodyCase> body_cases() {
  using K = NotificationKind;
  const std::string long_name(501, 'x');
  return {
      {K::denial, "/end_user/country", "de", "$.body.end_user.country"},
      {K::denial, "/end_user/country", "Germany", "$.body.end_user.country"},
      {K::denial, "/end_user/name", "  ", "$.body.end_user.name"},
      {K::denial, "/end_user/name", long_name, "$.body.end_user.name"},
      {K::denial, "/end_user/name", "two\nlines", "$.body.end_user.name"},
      {K::denial, "/consignee/phone", "1", "$.body.consignee.phone"},
      {K::denial, "/other_parties/0/role", "friend", "$.body.other_parties[0].role"},
      {K::denial, "/other_parties", json::array(), "$.body.other_parties"},
      {K::denial, "/decision_date", "2026-02-29", "$.body.decision_date"},
      {K::denial, "/expires_on", "2026-11-02", "$.body.expires_on"},
      {K::denial, "/control_entries", json::array(), "$.body.control_entries"},
      {K::denial, "/control_entries/1", "5A001.j", "$.body.control_entries[1]"},
      {K::denial, "/capabilities", "internet_surveillance", "$.body.capabilities"},
      {K::denial, "/reasons/0", "human rights", "$.body.reasons[0]"},
      {K::denial, "/item_description", 42, "$.body.item_description"},
      {K::denial, "/end_use", std::nullopt, "$.body.end_use"},
      {K::denial, "/end_user", std::nullopt, "$.body.end_user"},
      {K::denial, "/surprise", true, "$.body.surprise"},
      {K::denial_amendment, "/changes", json::object(), "$.body.changes"},
      {K::denial_amendment, "/changes/end_user/country", "XX", "$.body.changes.end_user.country"},
      {K::denial_amendment, "/changes/colour", "red", "$.body.changes.colour"},
      {K::denial_amendment, "/refers_to/index", -1, "$.body.refers_to.index"},
      {K::denial_amendment, "/refers_to/origin", "de example", "$.body.refers_to.origin"},
      {K::denial_amendment, "/refers_to", std::nullopt, "$.body.refers_to"},
      {K::denial_renewal, "/expires_on", "soon", "$.body.expires_on"},
      {K::denial_renewal, "/refers_to/origin", "log+1", "$.body.refers_to.origin"},
      {K::denial_revocation, "/reason", std::nullopt, "$.body.reason"},
      {K::denial_revocation, "/revoked_on", "15/01/2027", "$.body.revoked_on"},
      {K::threat_report, "/risk", "extreme", "$.body.risk"},
      {K::threat_report, "/subject_type", "person", "$.body.subject_type"},
      {K::threat_report, "/subject_type", "destination", "$.body.subject"},
      {K::threat_report, "/references", json::array(), "$.body.references"},
      {K::threat_report, "/attachments/0/sha256", "ABC", "$.body.attachments[0].sha256"},
      {K::threat_report, "/attachments/0/size", 3, "$.body.attachments[0].size"},
      {K::technology_view, "/text", "bell\x07", "$.body.text"},
      {K::technology_view, "/control_entries", json::array(), "$.body.control_entries"},
      {K::technology_view, "/text", std::string(20001, 't'), "$.body.text"},
      {K::best_practice, "/control_entries", json::array({"5A001"}), "$.body.control_entries"},
      {K::best_practice, "/title", "", "$.body.title"},
      {K::policy_question, "/title", std::nullopt, "$.body.title"},
      {K::meeting_record, "/participants/2", "DE", "$.body.participants[2]"},
      {K::meeting_record, "/participants", json::array(), "$.body.participants"},
      {K::meeting_record, "/held_on", "2026-13-01", "$.body.held_on"},
      {K::directory_change, "/action", "rename_state", "$.body.action"},
      {K::directory_change, "/state/code", "EU", "$.body.state.code"},
      {K::directory_change, "/state/log_key", "key with spaces", "$.body.state.log_key"},
      {K::directory_change, "/state/witness_key", "", "$.body.state.witness_key"},
      {K::directory_change, "/state/point_of_contact/email", "nobody",
       "$.body.state.point_of_contact.email"},
      {K::directory_change, "/state/point_of_contact/email", std::nullopt,
       "$.body.state.point_of_contact.email"},
      {K::directory_change, "/state/endorsed_on", "2023", "$.body.state.endorsed_on"},
      {K::directory_change, "/action", "add_state", "$.body.state.name"},
      {K::directory_change, "/action", "remove_state", "$.body.state.node_origin"},
      {K::directory_change, "/state", json{{"code", "DE"}}, "$.body.state"},
      {K::audit_head, "/hash", std::string(64, 'A'), "$.body.hash"},
      {K::audit_head, "/hash", std::string(63, 'a'), "$.body.hash"},
      {K::audit_head, "/sequence", -3, "$.body.sequence"},
      {K::audit_head, "/sequence", "7", "$.body.sequence"},
  };
}

TEST(NotificationBody, EveryKindRefusesInvalidBodiesNamingThePath) {
  std::set<NotificationKind> covered;
  for (const auto& c : body_cases()) {
    SCOPED_TRACE(std::string(to_string(c.kind)) + " " + c.pointer);
    json body = valid_body(c.kind);
    const json::json_pointer pointer(c.pointer);
    if (c.value) {
      body[pointer] = *c.value;
    } else {
      body.at(pointer.parent_pointer()).erase(pointer.back());
    }
    const auto result = validate_body(c.kind, body, "$.body");
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(result.error().kind, ErrorKind::invalid_input);
    EXPECT_EQ(result.error().where, c.where) << result.error().describe();
    // The same error when the body travels in an entry.
    const auto encoded = encode_entry(public_entry(c.kind, body));
    ASSERT_FALSE(encoded.has_value());
    EXPECT_EQ(encoded.error().where, c.where);
    covered.insert(c.kind);
  }
  EXPECT_EQ(covered.size(), all_notification_kinds().size());
}

TEST(NotificationBody, AcceptsOptionalFieldsAbsentAndDirectoryActions) {
  json denial = valid_body(NotificationKind::denial);
  denial.erase("consignee");
  denial.erase("other_parties");
  denial["capabilities"] = json::array();
  denial["end_user"].erase("address");
  EXPECT_THAT(validate_body(NotificationKind::denial, denial, "$.body"), IsOk());

  const json add = {{"action", "add_state"},
                    {"state",
                     {{"code", "CH"},
                      {"name", "Switzerland"},
                      {"endorsed_on", nullptr},
                      {"point_of_contact",
                       {{"name", "Exchange desk"},
                        {"email", "desk@authority.example"},
                        {"phone", "+41 00 000 00 00"}}},
                      {"node_origin", "ch.example/echri-log"},
                      {"log_key", "ch.example/echri-log+01234567+AQ=="},
                      {"witness_key", "ch.example/witness+89abcdef+BA=="},
                      {"encryption_key", "x25519:AAAA"}}}};
  EXPECT_THAT(validate_body(NotificationKind::directory_change, add, "$.body"), IsOk());
  for (const char* action : {"remove_state", "designate_central_contact"}) {
    EXPECT_THAT(validate_body(NotificationKind::directory_change,
                              {{"action", action}, {"state", {{"code", "XK"}}}}, "$.body"),
                IsOk())
        << action;
  }
  json destination = valid_body(NotificationKind::threat_report);
  destination["subject_type"] = "destination";
  destination["subject"] = "MM";
  EXPECT_THAT(validate_body(NotificationKind::threat_report, destination, "$.body"), IsOk());
  // The path prefix is the caller's.
  EXPECT_THAT(validate_body(NotificationKind::audit_head, json::array(), "$.x"),
              FailsWith(ErrorKind::invalid_input, "$.x"));
}

TEST(NotificationSealedPlaintext, RoundTripsAndRefusesWhatAnEntryRefuses) {
  const json body = valid_body(NotificationKind::denial);
  const auto bytes = encode_sealed_plaintext(NotificationKind::denial, body);
  ASSERT_THAT(bytes, IsOk());
  EXPECT_TRUE(bytes->starts_with(R"({"body":{"authority_reference":"DN-DE-2026-014",)"));
  EXPECT_TRUE(bytes->ends_with(R"(,"kind":"denial"})"));
  const auto parsed = parse_sealed_plaintext(*bytes);
  ASSERT_THAT(parsed, IsOk());
  EXPECT_EQ(parsed->first, NotificationKind::denial);
  EXPECT_EQ(parsed->second, body);

  EXPECT_THAT(parse_sealed_plaintext(*bytes + " "), FailsWith(ErrorKind::invalid_input, "$"));
  EXPECT_THAT(parse_sealed_plaintext(R"({"kind":"denial","body":{}})"),
              FailsWith(ErrorKind::invalid_input, "$"));
  EXPECT_THAT(parse_sealed_plaintext(R"({"body":{},"kind":"gossip"})"),
              FailsWith(ErrorKind::invalid_input, "$.kind"));
  json bad = valid_body(NotificationKind::threat_report);
  bad["risk"] = "extreme";
  EXPECT_THAT(encode_sealed_plaintext(NotificationKind::threat_report, bad),
              FailsWith(ErrorKind::invalid_input, "$.body.risk"));
  // Directory changes and audit heads concern every peer: never sealed.
  EXPECT_THAT(encode_sealed_plaintext(NotificationKind::audit_head,
                                      valid_body(NotificationKind::audit_head)),
              FailsWith(ErrorKind::invalid_input, "$.kind"));
  const std::string audit =
      R"({"body":{"hash":")" + std::string(kHash) + R"(","sequence":7},"kind":"audit_head"})";
  EXPECT_THAT(parse_sealed_plaintext(audit), FailsWith(ErrorKind::invalid_input, "$.kind"));
}

TEST(NotificationDenial, DefaultExpiryIsThreeYearsLater) {
  EXPECT_EQ(*default_denial_expiry("2023-03-30"), "2026-03-30");
  EXPECT_EQ(*default_denial_expiry("2024-02-29"), "2027-02-28");
  EXPECT_EQ(*default_denial_expiry("2025-02-28"), "2028-02-28");
  EXPECT_EQ(*default_denial_expiry("0999-12-31"), "1002-12-31");
  EXPECT_THAT(default_denial_expiry("2023-02-29"), FailsWith(ErrorKind::invalid_input));
  EXPECT_THAT(default_denial_expiry("30.03.2023"), FailsWith(ErrorKind::invalid_input));
  EXPECT_THAT(default_denial_expiry("9998-01-01"), FailsWith(ErrorKind::invalid_input));
  // The default makes a valid denial.
  json denial = valid_body(NotificationKind::denial);
  denial["expires_on"] = *default_denial_expiry(denial["decision_date"].get<std::string>());
  EXPECT_THAT(validate_body(NotificationKind::denial, denial, "$.body"), IsOk());
}

TEST(NotificationSchema, KindsAndBodiesMatchTheEnum) {
  const auto file =
      std::filesystem::path(ECHRI_SOURCE_DIR) / "docs/schema/exchange-entry.schema.json";
  const json schema = json::parse(echri::testing::read_file(file));
  EXPECT_EQ(schema.at("$schema"), "https://json-schema.org/draft/2020-12/schema");
  const json& defs = schema.at("$defs");
  std::vector<std::string> listed;
  for (const auto& name : defs.at("kind").at("enum")) listed.push_back(name.get<std::string>());
  std::vector<std::string> kinds;
  for (const auto name : all_notification_kinds()) kinds.emplace_back(name);
  EXPECT_EQ(listed, kinds);
  // Every kind has its body, and the kind-to-body dispatch names each kind once.
  std::vector<std::string> dispatched;
  for (const auto& rule : defs.at("kind_and_body").at("allOf")) {
    const auto kind = rule.at("if").at("properties").at("kind").at("const").get<std::string>();
    dispatched.push_back(kind);
    EXPECT_EQ(rule.at("then").at("properties").at("body").at("$ref"), "#/$defs/body_" + kind);
  }
  EXPECT_EQ(dispatched, kinds);
  for (const auto& kind : kinds) EXPECT_TRUE(defs.contains("body_" + kind)) << kind;
}

}  // namespace
}  // namespace echri::exchange

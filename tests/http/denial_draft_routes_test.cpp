// GET /api/v1/applications/{id}/denial-draft (issue 11): the denial a refusal yields, for an
// officer to review and publish through the exchange.

#include <gtest/gtest.h>
#include <httplib.h>

#include <nlohmann/json.hpp>
#include <string>

#include "exchange/notification.hpp"
#include "http/case_api_fixture.hpp"

namespace echri::http {
namespace {

using nlohmann::json;

class DenialDraftRoutesTest : public testing::CaseApiFixture,
                              public ::testing::WithParamInterface<std::string> {
 protected:
  void SetUp() override {
    ECHRI_STORE_URL_OR_SKIP(url, GetParam(), dir_.path(), "denials");
    serve_case_api(url);
    if (HasFatalFailure()) return;
    seed_demo_cases();
    if (HasFatalFailure()) return;
    // The demo's recommended refusal, approved research case and incomplete case.
    refusal_ = applications_[0];
    approval_ = applications_[1];
    undecided_ = applications_[2];
  }

  struct Answer {
    int status = 0;
    json body;
    std::string raw;
  };

  Answer call(const std::string& method, const std::string& path, const std::string& user,
              const json& body = json::object()) {
    httplib::Headers headers;
    if (!user.empty()) headers.emplace("Authorization", "Bearer " + tokens_.at(user));
    auto result = method == "GET" ? client_->Get(path, headers)
                                  : client_->Post(path, headers, body.dump(), "application/json");
    Answer answer;
    if (!result) {
      ADD_FAILURE() << method << " " << path << ": no answer";
      return answer;
    }
    answer.status = result->status;
    answer.raw = result->body;
    answer.body = json::parse(result->body, nullptr, false);
    return answer;
  }

  static std::string draft_path(const std::string& id) {
    return "/api/v1/applications/" + id + "/denial-draft";
  }

  std::string refusal_;
  std::string approval_;
  std::string undecided_;
};

TEST_P(DenialDraftRoutesTest, ARefusedCaseYieldsAValidDenialWithTheDecisionsReasons) {
  const auto decided =
      call("POST", "/api/v1/applications/" + refusal_ + "/decision", "sam.senior",
           json{{"outcome", "refused"}, {"reasons", {"HR3", "EU1"}}, {"explanation", "Listed."}});
  ASSERT_EQ(decided.status, 200) << decided.raw;
  ASSERT_EQ(decided.body["state"], "decided");

  for (const std::string user : {"olga.officer", "sam.senior"}) {
    const auto draft = call("GET", draft_path(refusal_), user);
    ASSERT_EQ(draft.status, 200) << user << ": " << draft.raw;
    EXPECT_EQ(draft.body["kind"], "denial");
    EXPECT_EQ(draft.body["audience"], "all");
    const auto& body = draft.body["body"];
    const auto valid = exchange::validate_body(exchange::NotificationKind::denial, body, "$.body");
    EXPECT_TRUE(valid) << valid.error().describe();
    EXPECT_EQ(body["authority_reference"], refusal_);
    EXPECT_EQ(body["reasons"], json::array({"HR3", "EU1"}));
    EXPECT_EQ(body["decision_date"],
              decided.body["decision"]["at"].get<std::string>().substr(0, 10));
    EXPECT_EQ(body["control_entries"], json::array({"5A001.j"}));
  }
}

TEST_P(DenialDraftRoutesTest, OnlyARefusalYieldsADraft) {
  const auto approved = call("GET", draft_path(approval_), "olga.officer");
  EXPECT_EQ(approved.status, 409) << approved.raw;
  EXPECT_EQ(approved.body["status"], 409);
  const auto undecided = call("GET", draft_path(undecided_), "olga.officer");
  EXPECT_EQ(undecided.status, 409) << undecided.raw;
  // Recommended but not yet decided is undecided too.
  EXPECT_EQ(call("GET", draft_path(refusal_), "olga.officer").status, 409);
  EXPECT_EQ(call("GET", draft_path("APP-2026-999999"), "olga.officer").status, 404);
}

TEST_P(DenialDraftRoutesTest, OnlyOfficersDraftDenials) {
  EXPECT_EQ(call("GET", draft_path(refusal_), "").status, 401);
  for (const std::string user : {"erik.exporter", "aude.auditor", "cora.watch", "admin"}) {
    const auto refused = call("GET", draft_path(refusal_), user);
    EXPECT_EQ(refused.status, 403) << user << ": " << refused.raw;
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, DenialDraftRoutesTest, ::testing::Values("sqlite", "postgres"),
                         [](const ::testing::TestParamInfo<std::string>& backend) {
                           return backend.param;
                         });

}  // namespace
}  // namespace echri::http

// Throttling of failed authentications and enrolment tokens in the router, without a database:
// requests are handed to Router::handle with the client address set as httplib sets it.

#include "http/throttle.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>

#include "http/router.hpp"

namespace echri::http {
namespace {

using cases::Role;
using cases::TokenLookup;
using nlohmann::json;

// Token ids look like the real ones so that the router can throttle by them.
const std::string kWarmId = "00000000000000aa";  // a token the authenticator holds in memory
const std::string kColdId = "00000000000000bb";  // a valid token it would have to read
const std::string kEnrolmentId = "00000000000000cc";

std::string token(const std::string& id, char secret) {
  return "echri_" + id + "_" + std::string(64, secret);
}

class ThrottleTest : public ::testing::Test {
 protected:
  ThrottleTest() : router_(authenticator(), limits()) {
    router_.route(Method::get, "/things", {Role::officer},
                  [](const ApiRequest& request) -> Result<ApiResponse> {
                    return ApiResponse::json({{"user", request.principal.user}});
                  });
    router_.route(Method::post, "/exchange", Access::any_role().with_enrolment(),
                  [](const ApiRequest& request) -> Result<ApiResponse> {
                    return ApiResponse::json({{"enrolment", request.principal.enrolment}});
                  });
  }

  static Limits limits() {
    Limits limits;
    limits.authentication = ThrottleOptions{3, std::chrono::seconds(60), 16};
    return limits;
  }

  Router::Authenticator authenticator() {
    return [this](std::string_view bearer, TokenLookup lookup) -> Result<cases::Principal> {
      lookups_.push_back(lookup);
      const cases::Principal officer{"olga", Role::officer, "authority", kWarmId};
      if (bearer == token(kWarmId, 'a')) return officer;
      if (bearer == token(kColdId, 'a') && lookup == TokenLookup::store)
        return cases::Principal{"otto", Role::officer, "authority", kColdId};
      if (bearer == token(kEnrolmentId, 'a'))
        return cases::Principal{"olga", Role::officer, "authority", kEnrolmentId, true};
      return fail(ErrorKind::not_found, "unknown token");
    };
  }

  Response call(const std::string& method, const std::string& path, const std::string& bearer,
                const std::string& address) {
    Request request;
    request.method = method;
    request.path = path;
    request.remote_address = address;
    request.headers.set("Authorization", "Bearer " + bearer);
    Response response;
    router_.handle(request, response);
    return response;
  }

  std::vector<TokenLookup> lookups_;
  Router router_;
};

TEST_F(ThrottleTest, WrongSecretsFromOneAddressAreThrottledWhileAnotherAddressAuthenticates) {
  const std::string storm = "192.0.2.7";
  // Different token ids, so that only the address reaches the limit.
  for (int i = 0; i < 3; ++i) {
    const auto refused =
        call("GET", "/things", token("000000000000000" + std::to_string(i), 'f'), storm);
    EXPECT_EQ(refused.status, 401) << i;
  }
  // The fourth wrong secret is not looked up at all: 429 with Retry-After.
  lookups_.clear();
  const auto throttled = call("GET", "/things", token("0123456789abcdef", 'f'), storm);
  EXPECT_EQ(throttled.status, 429);
  const auto retry = std::stoi(std::string(throttled.headers.value("Retry-After")));
  EXPECT_GE(retry, 1);
  EXPECT_LE(retry, 60);
  EXPECT_EQ(throttled.headers.value("Content-Type"), "application/problem+json");
  const auto problem = json::parse(throttled.body);
  EXPECT_EQ(problem["type"], "urn:echri:problem:throttled");
  EXPECT_EQ(problem["status"], 429);
  ASSERT_EQ(lookups_.size(), 1U);
  EXPECT_EQ(lookups_[0], TokenLookup::memory_only);

  // From the throttled address, a token held in memory with its right secret still passes; a
  // token that would have to be read from the store does not.
  EXPECT_EQ(call("GET", "/things", token(kWarmId, 'a'), storm).status, 200);
  EXPECT_EQ(call("GET", "/things", token(kColdId, 'a'), storm).status, 429);
  // Another address is not affected, and its token is looked up as usual.
  EXPECT_EQ(call("GET", "/things", token(kColdId, 'a'), "192.0.2.8").status, 200);
  EXPECT_EQ(call("GET", "/things", token("0123456789abcdef", 'e'), "192.0.2.8").status, 401);

  const auto metrics = router_.metrics().render();
  EXPECT_EQ(router_.metrics().failed_authentications(), 4U);
  EXPECT_EQ(router_.metrics().throttled(), 2U);
  EXPECT_NE(metrics.find("echri_http_authentication_failures_total 4\n"), std::string::npos);
  EXPECT_NE(metrics.find("echri_http_authentication_throttled_total 2\n"), std::string::npos);
  EXPECT_NE(metrics.find("# TYPE echri_http_authentication_throttled_total counter"),
            std::string::npos);
}

TEST_F(ThrottleTest, WrongSecretsForOneTokenIdAreThrottledFromEveryAddress) {
  for (int i = 0; i < 3; ++i)
    EXPECT_EQ(call("GET", "/things", token(kColdId, 'f'), "198.51.100." + std::to_string(i)).status,
              401);
  // A fresh address, the same token id: throttled by the id.
  const auto throttled = call("GET", "/things", token(kColdId, 'e'), "198.51.100.99");
  EXPECT_EQ(throttled.status, 429);
  EXPECT_FALSE(throttled.headers.value("Retry-After").empty());
  // The same address with another token id is fine.
  EXPECT_EQ(call("GET", "/things", token(kWarmId, 'a'), "198.51.100.99").status, 200);
}

TEST_F(ThrottleTest, NoTokenIsNeitherAFailureNorThrottled) {
  Request request;
  request.method = "GET";
  request.path = "/things";
  request.remote_address = "192.0.2.9";
  for (int i = 0; i < 10; ++i) {
    Response response;
    router_.handle(request, response);
    EXPECT_EQ(response.status, 401);
  }
  EXPECT_EQ(router_.metrics().failed_authentications(), 0U);
  EXPECT_EQ(router_.throttle().addresses(), 0U);
}

TEST_F(ThrottleTest, ATableFullOfRandomAddressesAndTokenIdsStaysBounded) {
  for (int i = 0; i < 1000; ++i) {
    char id[17];
    std::snprintf(id, sizeof id, "%016x", i);
    call("GET", "/things", token(id, 'f'),
         "10.0." + std::to_string(i / 250) + "." + std::to_string(i % 250));
  }
  EXPECT_LE(router_.throttle().addresses(), 16U);
  EXPECT_LE(router_.throttle().token_ids(), 16U);
  EXPECT_EQ(router_.metrics().failed_authentications() + router_.metrics().throttled(), 1000U);
}

TEST_F(ThrottleTest, EnrolmentTokensReachOnlyTheRoutesThatTakeThem) {
  const auto refused = call("GET", "/things", token(kEnrolmentId, 'a'), "192.0.2.1");
  EXPECT_EQ(refused.status, 403);
  const auto problem = json::parse(refused.body);
  EXPECT_EQ(problem["type"], "urn:echri:problem:enrolment-token");
  EXPECT_NE(problem["detail"].get<std::string>().find("/api/v1/tokens/exchange"),
            std::string::npos);
  const auto exchanged = call("POST", "/exchange", token(kEnrolmentId, 'a'), "192.0.2.1");
  EXPECT_EQ(exchanged.status, 200);
  EXPECT_EQ(json::parse(exchanged.body)["enrolment"], true);
  // Not a failed authentication.
  EXPECT_EQ(router_.metrics().failed_authentications(), 0U);
}

TEST(AuthThrottle, CountsInAWindowAndForgetsAfterIt) {
  AuthThrottle throttle(ThrottleOptions{2, std::chrono::seconds(10), 8});
  const auto start = AuthThrottle::Clock::now();
  EXPECT_FALSE(throttle.wait("a", "t", start));
  throttle.failed("a", "t", start);
  EXPECT_FALSE(throttle.wait("a", "", start));
  throttle.failed("a", "", start + std::chrono::seconds(1));
  const auto wait = throttle.wait("a", "", start + std::chrono::seconds(2));
  ASSERT_TRUE(wait);
  EXPECT_EQ(*wait, std::chrono::seconds(8));  // until the window that began at `start` ends
  EXPECT_FALSE(throttle.wait("b", "", start + std::chrono::seconds(2)));
  EXPECT_FALSE(throttle.wait("b", "t", start + std::chrono::seconds(2)));  // "t" failed once
  // After the window, a new one begins with the next failure.
  EXPECT_FALSE(throttle.wait("a", "", start + std::chrono::seconds(10)));
  throttle.failed("a", "", start + std::chrono::seconds(11));
  EXPECT_FALSE(throttle.wait("a", "", start + std::chrono::seconds(11)));
}

TEST(AuthThrottle, ZeroFailuresTurnsItOff) {
  AuthThrottle throttle(ThrottleOptions{0, std::chrono::seconds(60), 8});
  for (int i = 0; i < 100; ++i) throttle.failed("a", "t");
  EXPECT_FALSE(throttle.wait("a", "t"));
  EXPECT_EQ(throttle.addresses(), 0U);
}

TEST(AuthThrottle, ClientKeys) {
  EXPECT_EQ(client_key("192.0.2.1"), "192.0.2.1");
  EXPECT_EQ(client_key("::ffff:192.0.2.1"), "192.0.2.1");
  // One IPv6 subscriber has a /64: its addresses share one key.
  EXPECT_EQ(client_key("2001:db8:1:2:aaaa::1"), "2001:db8:1:2::/64");
  EXPECT_EQ(client_key("2001:db8:1:2:bbbb::9"), client_key("2001:db8:1:2:aaaa::1"));
  EXPECT_NE(client_key("2001:db8:1:3::1"), client_key("2001:db8:1:2::1"));
  EXPECT_EQ(client_key(""), "");
}

}  // namespace
}  // namespace echri::http

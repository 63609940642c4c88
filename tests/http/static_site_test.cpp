// The built front end's files (http/static_site.hpp) and their routes: what is cached for a year,
// what is revalidated, and what a folder may not hold.

#include "http/static_site.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "http/router.hpp"
#include "http/routes.hpp"
#include "support/test_support.hpp"

namespace echri::http {
namespace {

namespace fs = std::filesystem;
using echri::testing::write_file;

TEST(StaticSite, ContentHashesAreRecognisedAsViteWritesThem) {
  EXPECT_TRUE(has_content_hash("index-B3x9_aQ1.js"));
  EXPECT_TRUE(has_content_hash("index-Bx-9aQ1c.js"));  // a hash may hold '-'
  EXPECT_TRUE(has_content_hash("vendor-preact-D4f00Ab9.css"));
  EXPECT_TRUE(has_content_hash("-A1b2C3d4.js"));
  // Names that only look like a word after a dash are not hashed: they must be revalidated.
  EXPECT_FALSE(has_content_hash("index-component.js"));
  EXPECT_FALSE(has_content_hash("logo-dark-mode.svg"));
  EXPECT_FALSE(has_content_hash("index-abcdefgh.js"));
  EXPECT_FALSE(has_content_hash("app-A1b2C3.js"));  // too short
  EXPECT_FALSE(has_content_hash("logo.svg"));
  EXPECT_FALSE(has_content_hash("index-B3x9_aQ1"));  // no extension
}

TEST(StaticSite, ContentTypesComeFromTheExtension) {
  EXPECT_EQ(content_type_for("index.html"), "text/html; charset=utf-8");
  EXPECT_EQ(content_type_for("a-B3x9_aQ1.JS"), "text/javascript; charset=utf-8");
  EXPECT_EQ(content_type_for("font.woff2"), "font/woff2");
  EXPECT_EQ(content_type_for("notes"), "application/octet-stream");
  EXPECT_EQ(content_type_for("archive.tar"), "application/octet-stream");
}

class StaticSiteFolder : public ::testing::Test {
 protected:
  StaticSiteFolder() {
    write_file(root() / "index.html", "<!doctype html><script src=\"/assets/app-B3x9_aQ1.js\">");
    write_file(root() / "assets" / "app-B3x9_aQ1.js", "console.log('app');");
    write_file(root() / "assets" / "plain.css", "body{}");
    write_file(root() / "favicon.ico", "ico");
    write_file(root() / "images" / "logo.svg", "<svg/>");
    write_file(root() / ".vite" / "manifest.json", "{}");
    write_file(root() / ".DS_Store", "x");
  }
  [[nodiscard]] fs::path root() const { return dir_.path() / "dist"; }

  echri::testing::TempDir dir_;
};

TEST_F(StaticSiteFolder, LoadsEveryFileButHiddenOnesWithTheirCaching) {
  const auto site = StaticSite::load(root());
  ASSERT_TRUE(site) << site.error().describe();
  EXPECT_EQ(site->paths(),
            (std::vector<std::string>{"assets/app-B3x9_aQ1.js", "assets/plain.css", "favicon.ico",
                                      "images/logo.svg", "index.html"}));
  const auto* bundle = site->find("assets/app-B3x9_aQ1.js");
  ASSERT_NE(bundle, nullptr);
  EXPECT_EQ(bundle->content, "console.log('app');");
  EXPECT_EQ(bundle->cache_control, "public, max-age=31536000, immutable");
  EXPECT_EQ(bundle->content_type, "text/javascript; charset=utf-8");
  // Strong, quoted, 32 hex digits, and different for different content.
  EXPECT_EQ(bundle->etag.size(), 34U);
  EXPECT_EQ(bundle->etag.front(), '"');
  EXPECT_NE(bundle->etag, site->find("index.html")->etag);
  EXPECT_EQ(site->find("index.html")->cache_control, "no-cache");
  EXPECT_EQ(site->find("assets/plain.css")->cache_control, "no-cache");  // no hash in its name
  EXPECT_EQ(site->find("favicon.ico")->cache_control, "no-cache");
  EXPECT_EQ(site->find(".vite/manifest.json"), nullptr);
  EXPECT_EQ(site->find("missing.js"), nullptr);
}

TEST_F(StaticSiteFolder, RefusesWhatItCannotServeNamingTheFile) {
  const auto refused = [](const fs::path& folder, const StaticSiteLimits& limits = {}) {
    const auto site = StaticSite::load(folder, limits);
    EXPECT_FALSE(site);
    return site ? Error{} : site.error();
  };
  auto error = refused(dir_.path() / "absent");
  EXPECT_EQ(error.kind, ErrorKind::invalid_input);

  error = refused(root(), {.max_files = 2000, .max_file_bytes = 5, .max_total_bytes = 1 << 20});
  EXPECT_NE(error.where.find("dist/"), std::string::npos) << error.describe();
  EXPECT_NE(error.message.find("larger than 5 bytes"), std::string::npos);

  error = refused(root(), {.max_files = 2000, .max_file_bytes = 1 << 20, .max_total_bytes = 40});
  EXPECT_NE(error.message.find("more than 40 bytes"), std::string::npos) << error.describe();

  write_file(root() / "assets" / "a b.js", "x");
  error = refused(root());
  EXPECT_NE(error.where.find("a b.js"), std::string::npos) << error.describe();
  fs::remove(root() / "assets" / "a b.js");

  fs::create_symlink("/etc/passwd", root() / "passwd");
  error = refused(root());
  EXPECT_NE(error.where.find("passwd"), std::string::npos) << error.describe();
  EXPECT_NE(error.message.find("symbolic link"), std::string::npos);
  fs::remove(root() / "passwd");

  fs::remove(root() / "index.html");
  error = refused(root());
  EXPECT_NE(error.message.find("index.html"), std::string::npos) << error.describe();
}

class StaticRoutesTest : public StaticSiteFolder {
 protected:
  StaticRoutesTest()
      : router_([](std::string_view, cases::TokenLookup) -> Result<cases::Principal> {
          return fail(ErrorKind::not_found, "unknown token");
        }) {
    router_.route(Method::get, "/favicon.ico", Access::public_route(),
                  [](const ApiRequest&) -> Result<ApiResponse> {
                    return ApiResponse::text("the API's own", "text/plain");
                  });
  }

  Response get(const std::string& path, const Headers& headers = {},
               const std::string& method = "GET") {
    Request request;
    request.method = method;
    EXPECT_TRUE(parse_target(path, request));
    request.headers = headers;
    Response response;
    router_.handle(request, response);
    return response;
  }

  Router router_;
};

TEST_F(StaticRoutesTest, ServesTheSiteAndAnswersRevalidationWith304) {
  const auto site = StaticSite::load(root());
  ASSERT_TRUE(site);
  routes::add_static_routes(router_, *site);

  const auto page = get("/");
  EXPECT_EQ(page.status, 200);
  EXPECT_EQ(page.body, site->find("index.html")->content);
  EXPECT_EQ(page.headers.value("Content-Type"), "text/html; charset=utf-8");
  EXPECT_EQ(page.headers.value("Cache-Control"), "no-cache");
  const auto etag = std::string(page.headers.value("ETag"));
  EXPECT_EQ(etag, site->find("index.html")->etag);

  const auto again = get("/", {{"If-None-Match", "\"other\", W/" + etag}});
  EXPECT_EQ(again.status, 304);
  EXPECT_EQ(again.body, "");
  EXPECT_EQ(again.headers.value("ETag"), etag);
  EXPECT_EQ(get("/", {{"If-None-Match", "\"other\""}}).status, 200);

  const auto bundle = get("/assets/app-B3x9_aQ1.js");
  EXPECT_EQ(bundle.status, 200);
  EXPECT_EQ(bundle.body, "console.log('app');");
  EXPECT_EQ(bundle.headers.value("Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(get("/images/logo.svg").body, "<svg/>");
  EXPECT_EQ(get("/assets/missing-B3x9_aQ1.js").status, 404);
  EXPECT_EQ(get("/.vite/manifest.json").status, 404);
  // A path the API already takes stays the API's.
  EXPECT_EQ(get("/favicon.ico").body, "the API's own");
}

TEST_F(StaticRoutesTest, DeepLinksOfTheFrontEndAnswerIndexHtml) {
  const auto site = StaticSite::load(root());
  ASSERT_TRUE(site);
  routes::add_static_routes(router_, *site);
  const auto* index = site->find("index.html");
  const Headers browser{{"Accept", "text/html,application/xhtml+xml,*/*;q=0.8"}};

  for (const std::string path : {"/cases/APP-2026-000042", "/queue", "/cases/APP-1/history"}) {
    const auto page = get(path, browser);
    EXPECT_EQ(page.status, 200) << path;
    EXPECT_EQ(page.body, index->content) << path;
    EXPECT_EQ(page.headers.value("Content-Type"), "text/html; charset=utf-8");
    EXPECT_EQ(page.headers.value("Cache-Control"), "no-cache");
    EXPECT_EQ(page.headers.value("ETag"), index->etag);
  }
  EXPECT_EQ(get("/queue", browser, "HEAD").status, 200);
  EXPECT_EQ(get("/queue", {{"Accept", "TEXT/HTML"}, {"If-None-Match", index->etag}}).status, 304);

  // Not a page of the front end: the API's and the server's paths, files (with a dot in the last
  // segment), and requests that do not ask for HTML stay 404 problems.
  for (const auto& [path, headers] : std::vector<std::pair<std::string, Headers>>{
           {"/cases/APP-1", {}},
           {"/cases/APP-1", {{"Accept", "application/json"}}},
           {"/api/v1/nothing", browser},
           {"/api", browser},
           {"/healthz/more", browser},
           {"/metrics", browser},
           {"/images/missing.svg", browser},
           {"/cases/report.pdf", browser}}) {
    const auto missing = get(path, headers);
    EXPECT_EQ(missing.status, 404) << path;
    EXPECT_EQ(missing.headers.value("Content-Type"), "application/problem+json") << path;
  }
  // Other methods are not navigation.
  EXPECT_EQ(get("/queue", browser, "POST").status, 404);
  // The site's files and the API's own paths keep their answers.
  EXPECT_EQ(get("/images/logo.svg", browser).body, "<svg/>");
  EXPECT_EQ(get("/favicon.ico", browser).body, "the API's own");
}

}  // namespace
}  // namespace echri::http

// The built web front end (http/static_site.hpp): GET / (index.html), GET /assets/{name}, an
// exact route for every other file of the site, and index.html for the front end's own paths
// (deep links such as /cases/APP-2026-000042), which its router resolves in the browser.

#include <set>
#include <string>

#include "core/text_util.hpp"
#include "http/routes.hpp"
#include "http/static_site.hpp"

namespace echri::http::routes {
namespace {

// If-None-Match against the file's ETag, with the weak comparison RFC 9110 asks for there.
bool unchanged(const ApiRequest& request, const StaticFile& file) {
  const auto header = request.header("If-None-Match");
  if (!header) return false;
  for (const auto& listed : core::split_trimmed(*header, ",")) {
    std::string_view tag = listed;
    if (tag == "*") return true;
    if (tag.starts_with("W/")) tag.remove_prefix(2);
    if (tag == file.etag) return true;
  }
  return false;
}

Result<ApiResponse> answer_file(const ApiRequest& request, const StaticFile& file) {
  ApiResponse response;
  if (unchanged(request, file)) {
    response.status = 304;
    response.content_type.clear();
  } else {
    response = ApiResponse::bytes(file.content, file.content_type);
  }
  response.headers.emplace_back("ETag", file.etag);
  response.headers.emplace_back("Cache-Control", file.cache_control);
  return response;
}

// The GET templates the router already serves, read once rather than per file.
std::set<std::string, std::less<>> taken_paths(const Router& router) {
  std::set<std::string, std::less<>> taken;
  for (auto& route : router.routes())
    if (route.method == Method::get) taken.insert(std::move(route.path_template));
  return taken;
}

bool is_under(std::string_view path, std::string_view prefix) {
  return path == prefix || (path.starts_with(prefix) && path[prefix.size()] == '/');
}

// A browser navigating to a page of the front end: not the API's or the server's own paths, not
// a file (a missing script or image stays a 404 rather than becoming a page of HTML), and a
// request for HTML, so that clients of the API get its problem documents.
bool is_deep_link(const Request& request, const StaticSite& site) {
  const std::string_view path = request.path;
  if (!path.starts_with('/')) return false;
  if (is_under(path, "/api") || is_under(path, "/healthz") || is_under(path, "/metrics"))
    return false;
  if (site.find(path.substr(1)) != nullptr) return false;
  const auto last = path.substr(path.rfind('/') + 1);
  if (last.find('.') != std::string_view::npos) return false;
  return core::ascii_lower(request.headers.value("Accept")).find("text/html") != std::string::npos;
}

}  // namespace

void add_static_routes(Router& router, const StaticSite& site) {
  const auto* index = site.find("index.html");
  router.route(Method::get, "/", Access::public_route(),
               [index](const ApiRequest& request) { return answer_file(request, *index); });
  router.route(Method::get, "/assets/{name}", Access::public_route(),
               [&site](const ApiRequest& request) -> Result<ApiResponse> {
                 const auto* file =
                     site.find(std::string(kAssetsFolder) + std::string(request.param("name")));
                 if (file == nullptr)
                   return fail(ErrorKind::not_found, "no such asset", std::string(request.path()));
                 return answer_file(request, *file);
               });
  router.fallback([&site](const Request& request) { return is_deep_link(request, site); },
                  [index](const ApiRequest& request) { return answer_file(request, *index); });
  const auto taken = taken_paths(router);
  for (const auto& path : site.paths()) {
    const bool under_assets = path.starts_with(kAssetsFolder) &&
                              path.find('/', kAssetsFolder.size()) == std::string::npos;
    // The API's paths belong to the API, whatever the build holds.
    const auto path_template = "/" + path;
    if (under_assets || path.starts_with("api/") || taken.contains(path_template)) continue;
    const auto* file = site.find(path);
    router.route(Method::get, path_template, Access::public_route(),
                 [file](const ApiRequest& request) { return answer_file(request, *file); });
  }
}

}  // namespace echri::http::routes

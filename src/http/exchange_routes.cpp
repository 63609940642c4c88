// The node's exchange log as C2SP tlog-tiles under /exchange/v1/log/: the signed checkpoint and
// the hash tiles are public (they reveal only hashes and the log's size); entry bundles are for
// the peers' nodes (role peer_node), and the authority's admins and auditors.

#include "exchange/node_keys.hpp"
#include "exchange/own_log.hpp"
#include "exchange/tiles.hpp"
#include "http/routes.hpp"

namespace echri::http::routes {
namespace {

using cases::Role;

// A full tile never changes; a partial one is replaced once it fills (tlog-tiles).
ApiResponse tile_response(std::string bytes, const exchange::TilePath& path) {
  auto response = ApiResponse::bytes(std::move(bytes), "application/octet-stream");
  response.headers.emplace_back("Cache-Control", path.tile.width == exchange::kTileWidth
                                                     ? "public, max-age=31536000, immutable"
                                                     : "no-cache");
  return response;
}

Result<exchange::TilePath> tile_path(const ApiRequest& request, bool entries) {
  const std::string path =
      std::string(entries ? "tile/entries/" : "tile/") + std::string(request.param("path"));
  auto parsed = exchange::parse_tile_path(path);
  if (!parsed || parsed->entries != entries)
    return fail(ErrorKind::not_found, "no such tile: " + path, "path");
  return parsed;
}

}  // namespace

void add_exchange_routes(Router& router, Services& services) {
  const std::string origin = services.exchange_keys->origin();
  router.route(Method::get, "/exchange/v1/log/checkpoint", Access::public_route(),
               [&services, origin](const ApiRequest&) -> Result<ApiResponse> {
                 ECHRI_ASSIGN_OR_RETURN(auto note,
                                        exchange::published_checkpoint(services.store, origin));
                 auto response = ApiResponse::text(std::move(note), "text/plain; charset=utf-8");
                 response.headers.emplace_back("Cache-Control", "no-cache");
                 return response;
               });
  // Registered before the hash tiles, whose template would take these paths too.
  router.route(Method::get, "/exchange/v1/log/tile/entries/{path...}",
               {Role::peer_node, Role::admin, Role::auditor},
               [&services, origin](const ApiRequest& request) -> Result<ApiResponse> {
                 ECHRI_ASSIGN_OR_RETURN(const auto path, tile_path(request, true));
                 ECHRI_ASSIGN_OR_RETURN(auto bytes,
                                        exchange::published_tile(services.store, origin, path));
                 return tile_response(std::move(bytes), path);
               });
  router.route(Method::get, "/exchange/v1/log/tile/{path...}", Access::public_route(),
               [&services, origin](const ApiRequest& request) -> Result<ApiResponse> {
                 ECHRI_ASSIGN_OR_RETURN(const auto path, tile_path(request, false));
                 ECHRI_ASSIGN_OR_RETURN(auto bytes,
                                        exchange::published_tile(services.store, origin, path));
                 return tile_response(std::move(bytes), path);
               });
}

}  // namespace echri::http::routes

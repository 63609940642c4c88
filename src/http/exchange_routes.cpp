// The exchange between Subscribing States over HTTP.
// - The node's log as C2SP tlog-tiles under /exchange/v1/log/: the signed checkpoint and the hash
//   tiles are public (they reveal only hashes and the log's size); entry bundles are for the
//   peers' nodes (role peer_node), and the authority's admins and auditors.
// - The node as a C2SP tlog-witness for its peers: POST /exchange/v1/witness/add-checkpoint.
// - The officers' routes under /api/v1/exchange/: status, inbox, entries, states, publish, sync.
//   Never for exporters or civil society.

#include <algorithm>

#include "exchange/inbox.hpp"
#include "exchange/node.hpp"
#include "exchange/own_log.hpp"
#include "exchange/tiles.hpp"
#include "exchange/witness_service.hpp"
#include "http/fields.hpp"
#include "http/pagination.hpp"
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

exchange::Actor actor_of(const ApiRequest& request) {
  return {request.principal.user, std::string(cases::to_string(request.principal.role)),
          request.principal.token_id};
}

nlohmann::json entry_json(const exchange::ReceivedEntry& received) {
  nlohmann::json out = {
      {"log", received.log},
      {"index", received.index},
      {"issuer", received.entry.issuer},
      {"issued_at", received.entry.issued_at},
      {"audience", received.entry.audience.empty() ? nlohmann::json("all")
                                                   : nlohmann::json(received.entry.audience)},
      {"sealed", received.entry.is_sealed()},
      {"readable", received.readable}};
  out["kind"] =
      received.kind ? nlohmann::json(exchange::to_string(*received.kind)) : nlohmann::json(nullptr);
  out["body"] = received.readable ? received.body : nlohmann::json(nullptr);
  if (!received.problem.empty()) out["problem"] = received.problem;
  return out;
}

Result<ApiResponse> add_checkpoint(Services& services, const ApiRequest& request) {
  ECHRI_ASSIGN_OR_RETURN(const auto parsed, exchange::parse_add_checkpoint(request.raw_body()));
  ECHRI_ASSIGN_OR_RETURN(const auto answer,
                         services.exchange->witness(parsed, {"peer-witness", "system", ""}));
  if (!answer.cosignature) {
    auto response = ApiResponse::text(std::to_string(answer.known_size) + "\n", "text/x.tlog.size");
    response.status = 409;
    return response;
  }
  return ApiResponse::text(*answer.cosignature, "text/plain; charset=utf-8");
}

// The logs an officer reads: ?log= for one, else this node's own and its peers'.
Result<std::vector<exchange::LogOwner>> logs_to_read(Services& services,
                                                     const ApiRequest& request) {
  ECHRI_ASSIGN_OR_RETURN(auto logs, services.exchange->logs());
  if (const auto only = request.query("log")) {
    std::erase_if(logs, [&](const exchange::LogOwner& log) { return log.origin != *only; });
    if (logs.empty())
      return fail(ErrorKind::not_found, "no log '" + *only + "' on this node", "query:log");
  }
  return logs;
}

Result<ApiResponse> inbox(Services& services, const ApiRequest& request) {
  ECHRI_ASSIGN_OR_RETURN(const auto page, page_request(request));
  std::optional<exchange::NotificationKind> kind;
  if (const auto text = request.query("kind")) {
    kind = exchange::parse_notification_kind(*text);
    if (!kind) return fail(ErrorKind::invalid_input, "unknown kind '" + *text + "'", "query:kind");
  }
  ECHRI_ASSIGN_OR_RETURN(const auto logs, logs_to_read(services, request));
  ECHRI_ASSIGN_OR_RETURN(auto entries, store::read_returning<std::vector<exchange::ReceivedEntry>>(
                                           services.store, [&](store::Transaction& tx) {
                                             return exchange::read_all_entries(
                                                 tx, services.exchange->keys(), logs);
                                           }));
  // An officer's inbox: what this node may read, newest first; audit heads are for machines.
  std::vector<exchange::ReceivedEntry> shown;
  for (auto& entry : entries) {
    if (entry.kind == exchange::NotificationKind::audit_head) continue;
    if (kind && entry.kind != kind) continue;
    if (!kind && !entry.readable && entry.problem.empty()) continue;
    shown.push_back(std::move(entry));
  }
  std::stable_sort(shown.begin(), shown.end(), [](const auto& a, const auto& b) {
    return a.entry.issued_at > b.entry.issued_at;
  });
  auto out = page_of(shown, page, entry_json);
  // Misbehaviour by a peer's log is the first thing an officer must see.
  ECHRI_ASSIGN_OR_RETURN(const auto status, services.exchange->status());
  out["alerts"] = status["alerts"];
  return ApiResponse::json(out);
}

Result<ApiResponse> entries(Services& services, const ApiRequest& request) {
  ECHRI_ASSIGN_OR_RETURN(const auto logs, logs_to_read(services, request));
  const auto& log = logs.front();  // this node's own unless ?log= names another
  ECHRI_ASSIGN_OR_RETURN(const auto page, page_request(request));
  ECHRI_ASSIGN_OR_RETURN(const auto extent, store::read_returning<store::LogExtent>(
                                                services.store, [&](store::Transaction& tx) {
                                                  return tx.log_extent(log.origin);
                                                }));
  ECHRI_ASSIGN_OR_RETURN(const auto slice,
                         store::read_returning<std::vector<exchange::ReceivedEntry>>(
                             services.store, [&](store::Transaction& tx) {
                               return exchange::read_entries(tx, services.exchange->keys(), log,
                                                             page.offset, page.limit);
                             }));
  auto items = nlohmann::json::array();
  for (const auto& entry : slice) items.push_back(entry_json(entry));
  return ApiResponse::json(page_json(std::move(items), extent.entries, page));
}

Result<ApiResponse> publish(Services& services, const ApiRequest& request) {
  return fields::guarded([&]() -> Result<ApiResponse> {
    fields::Object top(request.body, "$");
    const auto kind_text = top.required_string("kind", 100);
    const auto kind = exchange::parse_notification_kind(kind_text);
    if (!kind) fields::reject(top.child("kind"), "unknown kind '" + kind_text + "'");
    if (*kind == exchange::NotificationKind::audit_head)
      fields::reject(top.child("kind"), "audit heads are published by the node itself");
    std::vector<std::string> audience;
    if (const auto* given = top.find("audience"); given != nullptr && *given != "all") {
      if (!given->is_array() || given->empty())
        fields::reject(top.child("audience"), "expected \"all\" or an array of state codes");
      for (const auto& state : *given) {
        if (!state.is_string()) fields::reject(top.child("audience"), "expected state codes");
        audience.push_back(state.get<std::string>());
      }
    }
    const auto* body = top.find("body");
    if (body == nullptr || !body->is_object())
      fields::reject(top.child("body"), "expected an object");
    top.no_other_fields();
    ECHRI_ASSIGN_OR_RETURN(const auto report,
                           services.exchange->publish(*kind, *body, audience, actor_of(request)));
    return ApiResponse::json({{"log", services.exchange->origin()},
                              {"index", report.index},
                              {"size", report.checkpoint.checkpoint.size},
                              {"checkpoint", report.checkpoint.note},
                              {"cosigned_by", report.cosigned_by},
                              {"witness_failures", report.witness_failures}},
                             201);
  });
}

Result<ApiResponse> sync(Services& services, const ApiRequest& request) {
  ECHRI_ASSIGN_OR_RETURN(const auto results, services.exchange->sync_all(actor_of(request)));
  // The node's periodic duty: its audit head goes into its log for the peers to witness.
  ECHRI_TRY(services.exchange->publish_audit_head(actor_of(request)));
  auto items = nlohmann::json::array();
  for (const auto& result : results) {
    nlohmann::json item = {{"peer", result.origin}};
    if (result.report) {
      item["size_before"] = result.report->size_before;
      item["size_after"] = result.report->size_after;
      item["alert"] = result.report->alert
                          ? nlohmann::json(exchange::to_string(*result.report->alert))
                          : nlohmann::json(nullptr);
      if (result.report->alert) item["alert_id"] = result.report->alert_id;
      if (!result.report->detail.empty()) item["detail"] = result.report->detail;
    } else {
      item["error"] = result.error->describe();
    }
    items.push_back(std::move(item));
  }
  return ApiResponse::json({{"peers", std::move(items)}});
}

}  // namespace

void add_exchange_routes(Router& router, Services& services) {
  const std::string origin = services.exchange->origin();
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
  // tlog-witness: no token; what is cosigned is decided by the log keys of the known peers.
  router.route(
      Method::post, "/exchange/v1/witness/add-checkpoint", Access::public_route(),
      [&services](const ApiRequest& request) { return add_checkpoint(services, request); },
      RouteOptions{BodyKind::bytes});

  const auto readers = {Role::officer, Role::senior_officer, Role::admin, Role::auditor};
  router.route(Method::get, "/api/v1/exchange/status", Access::roles(readers),
               [&services](const ApiRequest&) -> Result<ApiResponse> {
                 ECHRI_ASSIGN_OR_RETURN(auto status, services.exchange->status());
                 return ApiResponse::json(status);
               });
  router.route(Method::get, "/api/v1/exchange/states", Access::roles(readers),
               [&services](const ApiRequest&) -> Result<ApiResponse> {
                 ECHRI_ASSIGN_OR_RETURN(auto view, services.exchange->directory());
                 auto out = view.directory.to_json();
                 out["problems"] = view.problems;
                 return ApiResponse::json(out);
               });
  router.route(Method::get, "/api/v1/exchange/entries", Access::roles(readers),
               [&services](const ApiRequest& request) { return entries(services, request); });
  router.route(Method::get, "/api/v1/exchange/inbox", {Role::officer, Role::senior_officer},
               [&services](const ApiRequest& request) { return inbox(services, request); });
  router.route(
      Method::post, "/api/v1/exchange/publish", {Role::officer, Role::senior_officer},
      [&services](const ApiRequest& request) { return publish(services, request); },
      RouteOptions{BodyKind::json, Placement::worker});
  router.route(
      Method::post, "/api/v1/exchange/sync", {Role::officer, Role::senior_officer, Role::admin},
      [&services](const ApiRequest& request) { return sync(services, request); },
      RouteOptions{BodyKind::none, Placement::worker});
}

}  // namespace echri::http::routes

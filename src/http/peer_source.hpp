#pragma once
// Reads a peer node's published log over HTTP(S) (exchange::PeerSource): GET
// <base>/exchange/v1/log/checkpoint and <base>/exchange/v1/log/<tile path>, with the bearer token
// the peer issued to this node (role peer_node) for the entry bundles. One connection is kept
// alive across the requests of a sync.

#include <chrono>
#include <memory>
#include <string>

#include "core/result.hpp"
#include "exchange/peer_sync.hpp"

namespace httplib {
class Client;
}  // namespace httplib

namespace echri::http {

struct PeerSourceOptions {
  std::chrono::seconds connect_timeout{10};
  std::chrono::seconds read_timeout{30};
};

// A client of a node's URL ("https://node.example:8443"; trailing slashes ignored) with the
// options' timeouts, kept alive across requests; invalid_input when it is not an http(s) URL
// without a path beyond "/".
struct NodeClient {
  std::string origin;  // the URL as used, for messages
  std::unique_ptr<httplib::Client> client;
};
Result<NodeClient> connect_node(const std::string& url, const PeerSourceOptions& options);

class HttpPeerSource final : public exchange::PeerSource {
 public:
  // connect_node's errors for a bad `base`.
  static Result<std::unique_ptr<HttpPeerSource>> open(const std::string& base, std::string token,
                                                      PeerSourceOptions options = {});
  HttpPeerSource(NodeClient node, std::string token);
  ~HttpPeerSource() override;
  HttpPeerSource(const HttpPeerSource&) = delete;
  HttpPeerSource& operator=(const HttpPeerSource&) = delete;

  Result<std::string> checkpoint() override;
  Result<std::string> tile(const exchange::TilePath& path) override;
  // How many requests were answered (for the benchmark and the tests).
  [[nodiscard]] std::size_t requests() const { return requests_; }

 private:
  Result<std::string> get(const std::string& path);

  NodeClient node_;
  std::string token_;
  std::size_t requests_ = 0;
};

}  // namespace echri::http

#pragma once
// Who acts on the node's exchange state, as the audit chain names them. cases/ and http/ map
// their principals onto it; the CLI and scheduled syncs act as "system".

#include <string>

namespace echri::exchange {

struct Actor {
  std::string user = "system";
  std::string role = "system";
  std::string token_id;
};

}  // namespace echri::exchange

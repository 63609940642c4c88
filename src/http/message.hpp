#pragma once
// What the router sees of an HTTP exchange, whatever carried it: a transport parses the request
// into a Request and writes the Response back. Nothing here knows about sockets or a library.

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace echri::http {

// Header fields in arrival order; names compare without regard to case, as HTTP says.
class Headers {
 public:
  Headers() = default;
  Headers(std::initializer_list<std::pair<std::string, std::string>> fields) : fields_(fields) {}

  // The first value of the field; nullopt when absent.
  [[nodiscard]] std::optional<std::string_view> find(std::string_view name) const;
  [[nodiscard]] bool contains(std::string_view name) const { return find(name).has_value(); }
  // The first value, "" when absent.
  [[nodiscard]] std::string_view value(std::string_view name) const {
    return find(name).value_or(std::string_view());
  }
  // Replaces every field of that name.
  void set(std::string_view name, std::string_view value);
  void add(std::string_view name, std::string_view value);
  void erase(std::string_view name);

  [[nodiscard]] const std::vector<std::pair<std::string, std::string>>& fields() const {
    return fields_;
  }

 private:
  std::vector<std::pair<std::string, std::string>> fields_;
};

struct Request {
  std::string method;                                      // as sent: "GET", "POST", ...
  std::string path;                                        // percent-decoded, without the query
  std::vector<std::pair<std::string, std::string>> query;  // decoded, in order
  Headers headers;
  std::string body;
  std::string remote_address;  // the peer's IP address, without the port

  // The first value of a query parameter; nullopt when absent.
  [[nodiscard]] std::optional<std::string> query_value(std::string_view name) const;
};

struct Response {
  int status = 200;
  Headers headers;
  std::string body;
};

// Splits a request target ("/a%20b?x=1&y") into the decoded path and query parameters; false
// when the target is not origin-form or a percent escape is malformed.
bool parse_target(std::string_view target, Request& request);

// The headers every answer carries, whoever produced it: `nosniff`, `Referrer-Policy: no-referrer`
// and a Content-Security-Policy. An HTML page may load only its own scripts, styles, images and
// fonts, talk only to its own origin and be framed by no one; anything else (JSON, problem
// documents, downloads) may load nothing at all, so that a document opened in a browser cannot run
// what it holds. A policy the handler set is kept. docs/api.md, "Limits" (headers).
void set_security_headers(Headers& headers);

}  // namespace echri::http

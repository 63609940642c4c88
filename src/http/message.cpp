#include "http/message.hpp"

#include <algorithm>

#include "core/text_util.hpp"

namespace echri::http {
namespace {

bool same_name(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; };
           return lower(x) == lower(y);
         });
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// In a query, '+' stands for a space (HTML forms); in a path it is itself.
bool decode(std::string_view text, bool plus_is_space, std::string& out) {
  out.clear();
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '%') {
      if (i + 2 >= text.size()) return false;
      const int high = hex_value(text[i + 1]);
      const int low = hex_value(text[i + 2]);
      if (high < 0 || low < 0) return false;
      out.push_back(static_cast<char>(high * 16 + low));
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  return true;
}

}  // namespace

std::optional<std::string_view> Headers::find(std::string_view name) const {
  for (const auto& [key, value] : fields_)
    if (same_name(key, name)) return std::string_view(value);
  return std::nullopt;
}

void Headers::set(std::string_view name, std::string_view value) {
  erase(name);
  add(name, value);
}

void Headers::add(std::string_view name, std::string_view value) {
  fields_.emplace_back(std::string(name), std::string(value));
}

void Headers::erase(std::string_view name) {
  std::erase_if(fields_, [name](const auto& field) { return same_name(field.first, name); });
}

std::optional<std::string> Request::query_value(std::string_view name) const {
  for (const auto& [key, value] : query)
    if (key == name) return value;
  return std::nullopt;
}

bool parse_target(std::string_view target, Request& request) {
  if (!target.starts_with('/')) return false;
  const auto question = target.find('?');
  if (!decode(target.substr(0, question), false, request.path)) return false;
  request.query.clear();
  if (question == std::string_view::npos) return true;
  auto rest = target.substr(question + 1);
  std::string key;
  std::string value;
  while (!rest.empty()) {
    const auto amp = rest.find('&');
    const auto pair = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
    if (pair.empty()) continue;
    const auto equals = pair.find('=');
    if (!decode(pair.substr(0, equals), true, key)) return false;
    if (!decode(equals == std::string_view::npos ? std::string_view() : pair.substr(equals + 1),
                true, value))
      return false;
    request.query.emplace_back(key, value);
  }
  return true;
}

void set_security_headers(Headers& headers) {
  headers.set("X-Content-Type-Options", "nosniff");
  headers.set("Referrer-Policy", "no-referrer");
  if (headers.contains("Content-Security-Policy")) return;
  if (core::starts_with_icase(headers.value("Content-Type"), "text/html")) {
    headers.set("Content-Security-Policy",
                "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                "font-src 'self'; connect-src 'self'; manifest-src 'self'; form-action 'self'; "
                "base-uri 'none'; frame-ancestors 'none'");
    headers.set("X-Frame-Options", "DENY");  // for browsers that predate frame-ancestors
    headers.set("Cross-Origin-Opener-Policy", "same-origin");
  } else {
    headers.set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
  }
}

}  // namespace echri::http

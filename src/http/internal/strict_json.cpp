#include "http/internal/strict_json.hpp"

#include <algorithm>
#include <exception>
#include <functional>
#include <utility>
#include <vector>

namespace echri::http::internal {
namespace {

using nlohmann::json;

// Nesting is refused before parsing: nlohmann parses iteratively, but a body of a million '['
// would still cost a frame per level below. Counts brackets outside strings.
bool nested_too_deeply(std::string_view body, std::size_t limit) {
  std::size_t depth = 0;
  bool in_string = false;
  bool escaped = false;
  for (const char c : body) {
    if (in_string) {
      if (escaped)
        escaped = false;
      else if (c == '\\')
        escaped = true;
      else if (c == '"')
        in_string = false;
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > limit) return true;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return false;
}

struct DuplicateKey : std::exception {
  DuplicateKey(std::string at, std::string name) : path(std::move(at)), key(std::move(name)) {}
  std::string path;
  std::string key;
};

// Follows the parser through the document, so that a refusal can name where it happened.
class PathTracker {
 public:
  bool operator()(int /*depth*/, json::parse_event_t event, json& parsed) {
    switch (event) {
      case json::parse_event_t::object_start:
      case json::parse_event_t::array_start:
        enter_element();
        frames_.push_back({event == json::parse_event_t::object_start, {}, 0});
        break;
      case json::parse_event_t::key:
        frames_.back().keys.push_back(parsed.get<std::string>());
        break;
      case json::parse_event_t::value:
        enter_element();
        break;
      case json::parse_event_t::object_end:
        // The parsed object keeps one member per key: fewer members than keys read means a key
        // came twice. Sorting only then keeps the common case linear.
        if (frames_.back().keys.size() != parsed.size()) throw duplicate();
        frames_.pop_back();
        break;
      case json::parse_event_t::array_end:
        frames_.pop_back();
        break;
    }
    return true;
  }

  // Where the parser is: the member or element being read. A scalar the parser refused was never
  // counted in its array, so `pending_scalar` names the element after the last one counted.
  [[nodiscard]] std::string path(bool pending_scalar = false) const {
    std::string out = "$";
    for (std::size_t i = 0; i < frames_.size(); ++i) {
      const auto& frame = frames_[i];
      const bool innermost = i + 1 == frames_.size();
      if (frame.object) {
        if (!frame.keys.empty()) out += "." + frame.keys.back();
      } else if (innermost && pending_scalar) {
        out += "[" + std::to_string(frame.elements) + "]";
      } else if (frame.elements > 0) {
        out += "[" + std::to_string(frame.elements - 1) + "]";
      }
    }
    return out;
  }

 private:
  struct Frame {
    bool object = false;
    std::vector<std::string> keys;  // of an object, in the order read
    std::size_t elements = 0;       // of an array, started so far
  };

  void enter_element() {
    if (!frames_.empty() && !frames_.back().object) ++frames_.back().elements;
  }

  DuplicateKey duplicate() {
    auto keys = frames_.back().keys;
    std::sort(keys.begin(), keys.end());
    const auto twice = std::adjacent_find(keys.begin(), keys.end());
    frames_.back().keys.clear();
    const auto key = twice == keys.end() ? std::string() : *twice;
    return {path() + "." + key, key};
  }

  std::vector<Frame> frames_;
};

}  // namespace

tl::expected<nlohmann::json, JsonRefusal> parse_strict_json(std::string_view body,
                                                            std::size_t max_depth) {
  if (nested_too_deeply(body, max_depth))
    return tl::unexpected(JsonRefusal{
        std::nullopt,
        {},
        "the JSON body is nested more than " + std::to_string(max_depth) + " levels deep"});
  PathTracker tracker;
  try {
    return json::parse(body, std::ref(tracker));
  } catch (const json::parse_error& error) {
    // "[json.exception.parse_error.101] parse error at line 1, column 4: ..." without the prefix.
    std::string_view what = error.what();
    if (const auto end = what.find("] "); what.starts_with("[json.exception") && end != what.npos)
      what.remove_prefix(end + 2);
    return tl::unexpected(JsonRefusal{error.byte > 0 ? error.byte - 1 : 0, {}, std::string(what)});
  } catch (const json::out_of_range&) {
    // The only range error parsing raises: a number a double cannot hold (1e400).
    return tl::unexpected(
        JsonRefusal{std::nullopt, tracker.path(true), "a number beyond the range of a double"});
  } catch (const DuplicateKey& duplicate) {
    return tl::unexpected(
        JsonRefusal{std::nullopt, duplicate.path,
                    "the key \"" + duplicate.key + "\" appears more than once in its object"});
  }
}

}  // namespace echri::http::internal

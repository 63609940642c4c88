#pragma once
// Paged lists: `?limit=` (1..200, default 50) and `?offset=` (default 0) in, and
// `{items, total, limit, offset, next}` out, the same for every list the API serves.

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "http/router.hpp"

namespace echri::http {

inline constexpr std::size_t kDefaultPageLimit = 50;
inline constexpr std::size_t kMaxPageLimit = 200;

struct PageRequest {
  std::size_t limit = kDefaultPageLimit;
  std::size_t offset = 0;
};

// invalid_input naming the parameter ("query:limit") for anything but a whole number in range.
Result<PageRequest> page_request(const ApiRequest& request);

// A whole number from a query parameter within [min, max]; `fallback` when absent.
Result<std::size_t> query_number(const ApiRequest& request, std::string_view name,
                                 std::size_t fallback, std::size_t min, std::size_t max);

// `next` is the offset of the following page, or null on the last one.
nlohmann::json page_json(nlohmann::json items, std::size_t total, const PageRequest& page);
// The same envelope around `count` items that are JSON text already (`items_array`, "[...]").
std::string page_text(std::string_view items_array, std::size_t count, std::size_t total,
                      const PageRequest& page);

// The slice of a whole list that a page asks for.
template <class T, class ToJson>
nlohmann::json page_of(const std::vector<T>& all, const PageRequest& page, ToJson&& to_json) {
  auto items = nlohmann::json::array();
  for (std::size_t i = page.offset; i < all.size() && i < page.offset + page.limit; ++i)
    items.push_back(to_json(all[i]));
  return page_json(std::move(items), all.size(), page);
}

}  // namespace echri::http

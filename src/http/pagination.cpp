#include "http/pagination.hpp"

#include <charconv>

namespace echri::http {

Result<std::size_t> query_number(const ApiRequest& request, std::string_view name,
                                 std::size_t fallback, std::size_t min, std::size_t max) {
  const auto text = request.query(name);
  if (!text) return fallback;
  std::size_t value = 0;
  const auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (text->empty() || error != std::errc() || end != text->data() + text->size() || value < min ||
      value > max)
    return fail(ErrorKind::invalid_input,
                "expected a whole number from " + std::to_string(min) + " to " +
                    std::to_string(max) + ", got '" + *text + "'",
                "query:" + std::string(name));
  return value;
}

Result<PageRequest> page_request(const ApiRequest& request) {
  PageRequest page;
  auto limit = query_number(request, "limit", kDefaultPageLimit, 1, kMaxPageLimit);
  if (!limit) return tl::unexpected(limit.error());
  // Offsets past the end give an empty page, not an error; the bound only keeps the number sane.
  auto offset = query_number(request, "offset", 0, 0, std::size_t{1} << 40);
  if (!offset) return tl::unexpected(offset.error());
  page.limit = *limit;
  page.offset = *offset;
  return page;
}

namespace {

nlohmann::json envelope(std::size_t count, std::size_t total, const PageRequest& page) {
  nlohmann::json out = {{"total", total}, {"limit", page.limit}, {"offset", page.offset}};
  out["next"] = page.offset + count < total && count > 0 ? nlohmann::json(page.offset + count)
                                                         : nlohmann::json(nullptr);
  return out;
}

}  // namespace

nlohmann::json page_json(nlohmann::json items, std::size_t total, const PageRequest& page) {
  auto out = envelope(items.size(), total, page);
  out["items"] = std::move(items);
  return out;
}

std::string page_text(std::string_view items_array, std::size_t count, std::size_t total,
                      const PageRequest& page) {
  const auto rest = envelope(count, total, page).dump();
  std::string text;
  text.reserve(items_array.size() + rest.size() + 10);
  text += "{\"items\":";
  text += items_array;
  text += ',';
  text.append(rest, 1, std::string::npos);
  return text;
}

}  // namespace echri::http

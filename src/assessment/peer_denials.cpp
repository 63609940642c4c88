#include "assessment/peer_denials.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "assessment/internal/json_fields.hpp"

namespace echri::assessment {
namespace {

using detail::field_error;
using detail::ObjectReader;

PeerDenial read_denial(const nlohmann::json& node, const std::string& path) {
  const ObjectReader object(
      node, path,
      {"state", "reference", "date", "control_entry", "end_user", "destination", "reason"});
  PeerDenial denial;
  denial.state = detail::country_at(object.required_string("state"), object.child("state"));
  denial.reference = object.required_string("reference");
  denial.date = object.required_string("date");
  detail::check_date(denial.date, object.child("date"));
  denial.control_entry = object.required_string("control_entry");
  if (denial.control_entry != "none" && !is_control_entry_syntax(denial.control_entry))
    field_error(object.child("control_entry"),
                "\"" + denial.control_entry + "\" is not a control-list entry");
  denial.end_user = object.required_string("end_user", core::kMaxNameBytes);
  denial.destination =
      detail::country_at(object.required_string("destination"), object.child("destination"));
  denial.reason = object.optional_string("reason", core::kMaxDescriptionBytes);
  return denial;
}

// "5A001.j" and "5A001.j.1" describe the same kind of item; "5A001.j" and "5A001.f" do not.
bool same_entry(std::string_view a, std::string_view b) {
  if (a.size() > b.size()) std::swap(a, b);
  if (a.size() < 5 || !b.starts_with(a)) return false;
  return a.size() == b.size() || b[a.size()] == '.';
}

}  // namespace

Result<std::vector<PeerDenial>> parse_peer_denials(std::string_view text, const std::string& file) {
  nlohmann::json document;
  try {
    document = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& error) {
    return fail(ErrorKind::invalid_input, std::string("not valid JSON: ") + error.what(), file);
  }
  try {
    const ObjectReader root(document, "$", {"denials"});
    const auto& list = detail::array_at(root.required("denials"), root.child("denials"));
    std::vector<PeerDenial> denials;
    for (std::size_t i = 0; i < list.size(); ++i)
      denials.push_back(read_denial(list[i], "$.denials[" + std::to_string(i) + "]"));
    return denials;
  } catch (Failure& failure) {
    failure.error.where = file + ": " + failure.error.where;
    return tl::unexpected(std::move(failure.error));
  }
}

std::vector<PeerDenial> essentially_identical(const std::vector<PeerDenial>& denials,
                                              const core::Application& application,
                                              const NameSimilarity& similarity,
                                              double min_similarity) {
  std::vector<PeerDenial> matching;
  for (const auto& denial : denials) {
    if (denial.destination != application.destination) continue;
    const bool same_item = std::any_of(
        application.items.begin(), application.items.end(), [&](const core::Item& item) {
          return same_entry(item.control_entry, denial.control_entry);
        });
    if (!same_item) continue;
    const bool same_end_user = std::any_of(
        application.parties.begin(), application.parties.end(), [&](const core::Party& party) {
          return (party.role == core::PartyRole::end_user ||
                  party.role == core::PartyRole::ultimate_end_user) &&
                 similarity(party.name, denial.end_user) >= min_similarity;
        });
    if (same_end_user) matching.push_back(denial);
  }
  return matching;
}

}  // namespace echri::assessment

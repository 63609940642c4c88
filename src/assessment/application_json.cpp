#include "assessment/application_json.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "assessment/internal/json_fields.hpp"
#include "core/calendar.hpp"

namespace echri::assessment {
namespace {

using detail::field_error;
using detail::ObjectReader;
using nlohmann::json;

std::string indexed(const std::string& path, std::size_t index) {
  return path + "[" + std::to_string(index) + "]";
}

template <class Enum, class Parse, class All>
Enum vocabulary_at(const std::string& value, const std::string& path, Parse parse, All all) {
  if (const auto parsed = parse(value)) return *parsed;
  field_error(path,
              "unknown value \"" + value + "\" (expected one of: " + detail::join(all()) + ")");
}

core::Organisation read_exporter(const json& node, const std::string& path) {
  const ObjectReader object(node, path, {"name", "country"});
  core::Organisation exporter;
  exporter.name = object.required_string("name", core::kMaxNameBytes);
  exporter.country = detail::country_at(object.required_string("country"), object.child("country"));
  return exporter;
}

std::string read_control_entry(const ObjectReader& object, const Catalogue& catalogue) {
  std::string entry = object.required_string("control_entry");
  if (entry == "none") return entry;
  if (!is_control_entry_syntax(entry))
    field_error(
        object.child("control_entry"),
        "\"" + entry + "\" is not a control-list entry (like 5A001.j, 3A981, EAR99) or \"none\"");
  // Canonical case: the entry part upper case, the sub-items as the lists write them.
  if (const auto* known = catalogue.find_entry(entry); known != nullptr && known->id.size() >= 5)
    for (std::size_t i = 0; i < 5 && i < entry.size(); ++i) entry[i] = known->id[i];
  return entry;
}

core::Item read_item(const json& node, const std::string& path, const Catalogue& catalogue) {
  const ObjectReader object(
      node, path,
      {"description", "control_entry", "capabilities", "quantity", "value", "currency"});
  core::Item item;
  item.description = object.required_string("description", core::kMaxDescriptionBytes);
  item.control_entry = read_control_entry(object, catalogue);
  if (const auto* capabilities = object.find("capabilities")) {
    const auto& list = detail::array_at(*capabilities, object.child("capabilities"));
    for (std::size_t i = 0; i < list.size(); ++i) {
      const auto at = indexed(object.child("capabilities"), i);
      auto id = detail::string_at(list[i], at);
      if (catalogue.find_capability(id) == nullptr)
        field_error(at, "unknown capability \"" + id + "\" (docs/control-catalogue.md)");
      item.capabilities.push_back(std::move(id));
    }
  }
  item.quantity = object.optional_number("quantity");
  item.value = object.optional_number("value");
  item.currency = object.optional_string("currency");
  if (!item.currency.empty()) {
    const bool shaped =
        item.currency.size() == 3 && std::all_of(item.currency.begin(), item.currency.end(),
                                                 [](char c) { return c >= 'A' && c <= 'Z'; });
    if (!shaped)
      field_error(object.child("currency"),
                  "expected an ISO 4217 code like EUR, found \"" + item.currency + "\"");
  }
  if (item.value && item.currency.empty())
    field_error(object.child("currency"), "required when a value is given");
  return item;
}

core::Party read_party(const json& node, const std::string& path) {
  const ObjectReader object(
      node, path, {"role", "name", "country", "type", "address", "identifier", "date_of_birth"});
  core::Party party;
  party.role = vocabulary_at<core::PartyRole>(object.required_string("role"), object.child("role"),
                                              core::parse_party_role, core::all_party_roles);
  party.name = object.required_string("name", core::kMaxNameBytes);
  if (auto country = object.optional_string("country"); !country.empty())
    party.country = detail::country_at(country, object.child("country"));
  if (auto type = object.optional_string("type"); !type.empty())
    party.type = vocabulary_at<core::PartyType>(type, object.child("type"), core::parse_party_type,
                                                core::all_party_types);
  party.address = object.optional_string("address");
  party.identifier = object.optional_string("identifier");
  party.date_of_birth = object.optional_string("date_of_birth");
  if (!party.date_of_birth.empty() && !core::is_partial_date(party.date_of_birth))
    field_error(object.child("date_of_birth"),
                "not a date YYYY, YYYY-MM or YYYY-MM-DD naming a real month and day: \"" +
                    party.date_of_birth + "\"");
  return party;
}

core::EndUse read_end_use(const json& node, const std::string& path) {
  const ObjectReader object(node, path, {"description", "category"});
  core::EndUse end_use;
  end_use.description = object.optional_string("description", core::kMaxDescriptionBytes);
  if (auto category = object.optional_string("category"); !category.empty())
    end_use.category = vocabulary_at<core::EndUseCategory>(category, object.child("category"),
                                                           core::parse_end_use_category,
                                                           core::all_end_use_categories);
  return end_use;
}

core::Assurances read_assurances(const json& node, const std::string& path) {
  const ObjectReader object(node, path,
                            {"end_use_statement", "no_reexport", "post_shipment_checks",
                             "end_user_certificate", "human_rights_clause"});
  core::Assurances assurances;
  assurances.end_use_statement = object.optional_bool("end_use_statement");
  assurances.no_reexport = object.optional_bool("no_reexport");
  assurances.post_shipment_checks = object.optional_bool("post_shipment_checks");
  assurances.end_user_certificate = object.optional_bool("end_user_certificate");
  assurances.human_rights_clause = object.optional_bool("human_rights_clause");
  return assurances;
}

std::map<std::string, bool> read_answers(const json& node, const std::string& path,
                                         const Catalogue& catalogue) {
  if (!node.is_object()) field_error(path, "expected an object of true/false answers");
  std::map<std::string, bool> answers;
  for (const auto& [key, value] : node.items()) {
    std::string at = path;
    at.append(".").append(key);
    if (catalogue.find_question(key) == nullptr)
      field_error(at, "unknown question (docs/control-catalogue.md lists the answer keys)");
    if (!value.is_boolean()) field_error(at, "expected true or false");
    answers.emplace(key, value.get<bool>());
  }
  return answers;
}

core::Application read_application(const json& node, const Catalogue& catalogue,
                                   const std::string& at) {
  const ObjectReader object(node, at,
                            {"reference", "submitted_on", "exporter", "destination", "items",
                             "parties", "end_use", "assurances", "answers"});
  core::Application application;
  application.reference = object.required_string("reference");
  if (application.reference.size() > 64)
    field_error(object.child("reference"), "longer than 64 characters");
  application.submitted_on = object.optional_string("submitted_on");
  detail::check_date(application.submitted_on, object.child("submitted_on"));
  application.exporter = read_exporter(object.required("exporter"), object.child("exporter"));
  application.destination =
      detail::country_at(object.required_string("destination"), object.child("destination"));

  const auto& items = detail::array_at(object.required("items"), object.child("items"));
  if (items.empty()) field_error(object.child("items"), "at least one item is required");
  for (std::size_t i = 0; i < items.size(); ++i)
    application.items.push_back(read_item(items[i], indexed(object.child("items"), i), catalogue));

  if (const auto* parties = object.find("parties")) {
    const auto& list = detail::array_at(*parties, object.child("parties"));
    for (std::size_t i = 0; i < list.size(); ++i)
      application.parties.push_back(read_party(list[i], indexed(object.child("parties"), i)));
  }
  if (const auto* end_use = object.find("end_use"))
    application.end_use = read_end_use(*end_use, object.child("end_use"));
  if (const auto* assurances = object.find("assurances"))
    application.assurances = read_assurances(*assurances, object.child("assurances"));
  if (const auto* answers = object.find("answers"))
    application.answers = read_answers(*answers, object.child("answers"), catalogue);
  return application;
}

void put_optional(json& object, const char* key, const std::optional<bool>& value) {
  if (value) object[key] = *value;
}

}  // namespace

Result<core::Application> application_from_json(const json& json_value, const Catalogue& catalogue,
                                                const std::string& file, const std::string& at) {
  try {
    return read_application(json_value, catalogue, at);
  } catch (Failure& failure) {
    if (!file.empty()) failure.error.where = file + ": " + failure.error.where;
    return tl::unexpected(std::move(failure.error));
  }
}

Result<core::Application> parse_application(std::string_view text, const Catalogue& catalogue,
                                            const std::string& file) {
  json document;
  try {
    document = json::parse(text);
  } catch (const json::parse_error& error) {
    return fail(ErrorKind::invalid_input, std::string("not valid JSON: ") + error.what(), file);
  }
  return application_from_json(document, catalogue, file);
}

json to_json(const core::Application& application) {
  json out;
  out["reference"] = application.reference;
  if (!application.submitted_on.empty()) out["submitted_on"] = application.submitted_on;
  out["exporter"] = {{"name", application.exporter.name},
                     {"country", application.exporter.country}};
  out["destination"] = application.destination;
  out["items"] = json::array();
  for (const auto& item : application.items) {
    json node{{"description", item.description}, {"control_entry", item.control_entry}};
    if (!item.capabilities.empty()) node["capabilities"] = item.capabilities;
    if (item.quantity) node["quantity"] = *item.quantity;
    if (item.value) node["value"] = *item.value;
    if (!item.currency.empty()) node["currency"] = item.currency;
    out["items"].push_back(std::move(node));
  }
  out["parties"] = json::array();
  for (const auto& party : application.parties) {
    json node{{"role", core::to_string(party.role)}, {"name", party.name}};
    if (!party.country.empty()) node["country"] = party.country;
    if (party.type) node["type"] = core::to_string(*party.type);
    if (!party.address.empty()) node["address"] = party.address;
    if (!party.identifier.empty()) node["identifier"] = party.identifier;
    if (!party.date_of_birth.empty()) node["date_of_birth"] = party.date_of_birth;
    out["parties"].push_back(std::move(node));
  }
  json end_use = json::object();
  if (!application.end_use.description.empty())
    end_use["description"] = application.end_use.description;
  if (application.end_use.category)
    end_use["category"] = core::to_string(*application.end_use.category);
  out["end_use"] = std::move(end_use);
  json assurances = json::object();
  put_optional(assurances, "end_use_statement", application.assurances.end_use_statement);
  put_optional(assurances, "no_reexport", application.assurances.no_reexport);
  put_optional(assurances, "post_shipment_checks", application.assurances.post_shipment_checks);
  put_optional(assurances, "end_user_certificate", application.assurances.end_user_certificate);
  put_optional(assurances, "human_rights_clause", application.assurances.human_rights_clause);
  out["assurances"] = std::move(assurances);
  out["answers"] = application.answers;
  return out;
}

}  // namespace echri::assessment

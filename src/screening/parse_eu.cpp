// EU Financial Sanctions Files, "xmlFullSanctionsList_1_1": <export generationDate=...> with one
// <sanctionEntity> per listed party. Elements are matched by local name, whatever the namespace
// prefix.

#include <cstring>
#include <pugixml.hpp>
#include <unordered_set>

#include "core/country.hpp"
#include "core/text_util.hpp"
#include "screening/list_parsers.hpp"
#include "screening/parse_util.hpp"

namespace echri::screening::detail {
namespace {

constexpr std::string_view kListId = "eu-fsf";

std::string_view local_name(const pugi::xml_node& node) {
  std::string_view name = node.name();
  if (const auto colon = name.find(':'); colon != std::string_view::npos)
    name.remove_prefix(colon + 1);
  return name;
}

template <class Fn>
void for_children(const pugi::xml_node& node, std::string_view name, Fn&& fn) {
  for (const auto child : node.children()) {
    if (child.type() == pugi::node_element && local_name(child) == name) fn(child);
  }
}

std::string attr(const pugi::xml_node& node, const char* name) {
  return clean(node.attribute(name).value());
}

// "00" is the file's unknown country.
std::string country_code_of(const pugi::xml_node& node) {
  std::string code = attr(node, "countryIso2Code");
  return code == "00" ? std::string{} : code;
}

std::string country_text_of(const pugi::xml_node& node) {
  std::string description = attr(node, "countryDescription");
  return description == "UNKNOWN" ? std::string{} : description;
}

class EuParser {
 public:
  explicit EuParser(const std::filesystem::path& path) : path_(path), file_(path.string()) {}

  ParsedList parse() {
    const std::string raw = read_list_file(path_);
    content_ = require_utf8(raw, file_);
    pugi::xml_document doc;
    load_xml(doc, content_, file_);
    const auto root = doc.document_element();
    if (local_name(root) != "export")
      fail_at(location(file_, line_of(root)),
              "expected an <export> root element (EU xmlFullSanctionsList_1_1)");

    ParsedList list;
    list.list_id = std::string(kListId);
    list.title = "EU Consolidated Financial Sanctions List";
    list.format = ListFormat::eu_xml;
    list.source_files.push_back(path_);
    if (auto date = normalise_date(root.attribute("generationDate").value()))
      list.published = *date;
    for_children(root, "sanctionEntity",
                 [&](const pugi::xml_node& node) { list.entities.push_back(entity(node)); });
    return list;
  }

 private:
  std::size_t line_of(const pugi::xml_node& node) const {
    const auto offset = node.offset_debug();
    return offset < 0 ? 0 : line_at(content_, static_cast<std::size_t>(offset));
  }

  core::ListedEntity entity(const pugi::xml_node& node) {
    core::ListedEntity e;
    e.list = std::string(kListId);
    e.source_id = attr(node, "logicalId");
    if (e.source_id.empty())
      fail_at(location(file_, line_of(node), "logicalId"), "missing sanctionEntity logicalId");
    if (!seen_.insert(e.source_id).second)
      fail_at(location(file_, line_of(node), "logicalId"), "duplicate logicalId " + e.source_id);

    std::string code;
    for_children(node, "subjectType", [&](const pugi::xml_node& n) { code = attr(n, "code"); });
    if (code == "person") {
      e.type = core::EntityType::person;
    } else if (code == "enterprise") {
      e.type = core::EntityType::organization;
    } else if (auto type = core::parse_entity_type(code)) {
      e.type = *type;
    } else {
      fail_at(location(file_, line_of(node), "subjectType"), "unknown subject type '" + code + "'");
    }

    for_children(node, "nameAlias", [&](const pugi::xml_node& n) {
      std::string name = attr(n, "wholeName");
      if (name.empty()) {
        for (const char* part : {"firstName", "middleName", "lastName"}) {
          if (const std::string value = attr(n, part); !value.empty())
            name += (name.empty() ? "" : " ") + value;
        }
      }
      if (name.empty()) return;
      // The first name alias is the primary name; strong="false" marks a weak alias.
      if (e.name.empty()) {
        e.name = name;
      } else {
        add_alias(e, name,
                  std::strcmp(n.attribute("strong").value(), "false") == 0
                      ? core::AliasStrength::weak
                      : core::AliasStrength::strong);
      }
    });
    if (e.name.empty())
      fail_at(location(file_, line_of(node), "nameAlias"), "no nameAlias with a name");

    for_children(node, "citizenship", [&](const pugi::xml_node& n) {
      if (!add_country(e, country_code_of(n))) add_country(e, country_text_of(n));
    });
    for_children(node, "birthdate", [&](const pugi::xml_node& n) {
      if (auto date = normalise_date(attr(n, "birthdate"))) {
        add_date_of_birth(e, *date);
        return;
      }
      const std::string year = attr(n, "year");
      if (year.empty()) return;
      std::string text = year;
      const std::string month = attr(n, "monthOfYear");
      if (!month.empty() && month != "0") {
        text += "-" + std::string(month.size() == 1 ? "0" : "") + month;
        const std::string day = attr(n, "dayOfMonth");
        if (!day.empty() && day != "0") text += "-" + std::string(day.size() == 1 ? "0" : "") + day;
      }
      if (auto date = normalise_date(text)) add_date_of_birth(e, *date);
    });
    for_children(node, "identification", [&](const pugi::xml_node& n) {
      std::string type = attr(n, "identificationTypeDescription");
      if (type.empty()) type = attr(n, "identificationTypeCode");
      std::string country = country_code_of(n);
      if (country.empty()) country = country_text_of(n);
      std::string number = attr(n, "number");
      if (number == "-") return;
      add_identifier(e, {type, number, country});
    });
    for_children(node, "address", [&](const pugi::xml_node& n) {
      core::Address address;
      address.street = attr(n, "street");
      if (const std::string po_box = attr(n, "poBox"); !po_box.empty())
        address.street += (address.street.empty() ? "P.O. Box " : ", P.O. Box ") + po_box;
      address.city = attr(n, "city");
      if (address.city.empty()) address.city = attr(n, "place");
      address.region = attr(n, "region");
      address.postal_code = attr(n, "zipCode");
      address.country = country_text_of(n);
      if (const std::string iso = country_code_of(n); !iso.empty()) {
        if (const auto country = core::country_by_code(iso)) address.country_code = country->alpha2;
        if (address.country.empty()) address.country = iso;
      }
      add_address(e, std::move(address));
    });
    for_children(node, "regulation",
                 [&](const pugi::xml_node& n) { add_unique(e.programs, attr(n, "programme")); });
    for_children(node, "remark",
                 [&](const pugi::xml_node& n) { append_remark(e.remarks, n.child_value()); });
    if (const std::string reference = attr(node, "euReferenceNumber"); !reference.empty())
      append_remark(e.remarks, "EU reference " + reference);
    if (const std::string un_id = attr(node, "unitedNationId"); !un_id.empty())
      append_remark(e.remarks, "UN reference " + un_id);
    if (auto date = normalise_date(attr(node, "designationDate"))) e.listed_on = *date;
    e.source_url =
        "https://webgate.ec.europa.eu/fsd/fsf/public/files/xmlFullSanctionsList_1_1/"
        "content?token=dG9rZW4tMjAxNw";
    return e;
  }

  std::filesystem::path path_;
  std::string file_;
  std::string_view content_;
  std::unordered_set<std::string> seen_;
};

}  // namespace

ParsedList parse_eu_xml(const std::filesystem::path& path) {
  return EuParser(path).parse();
}

}  // namespace echri::screening::detail

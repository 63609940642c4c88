// UN Security Council Consolidated List XML (CONSOLIDATED_LIST with INDIVIDUALS and ENTITIES).

#include <pugixml.hpp>
#include <unordered_set>

#include "core/text_util.hpp"
#include "screening/list_parsers.hpp"
#include "screening/parse_util.hpp"

namespace echri::screening::detail {
namespace {

constexpr std::string_view kListId = "un-sc";

std::string text_of(const pugi::xml_node& node, const char* child) {
  return clean(node.child(child).child_value());
}

// UN alias qualities: "Good", "Low", and for entities "a.k.a."/"f.k.a."; only Low is weak.
core::AliasStrength strength_of(std::string_view quality) {
  const std::string lower = core::ascii_lower(core::trim(quality));
  return lower == "low" || lower.find("weak") != std::string::npos ? core::AliasStrength::weak
                                                                   : core::AliasStrength::strong;
}

void add_aliases(core::ListedEntity& e, const pugi::xml_node& node, const char* element) {
  for (const auto alias : node.children(element)) {
    add_alias(e, alias.child_value("ALIAS_NAME"), strength_of(alias.child_value("QUALITY")));
    // A date of birth attached to an alias is a date the person is listed with.
    if (auto date = normalise_date(alias.child_value("DATE_OF_BIRTH"))) add_date_of_birth(e, *date);
  }
}

void add_addresses(core::ListedEntity& e, const pugi::xml_node& node, const char* element) {
  for (const auto a : node.children(element)) {
    core::Address address;
    address.street = text_of(a, "STREET");
    address.city = text_of(a, "CITY");
    address.region = text_of(a, "STATE_PROVINCE");
    address.postal_code = text_of(a, "ZIP_CODE");
    address.country = text_of(a, "COUNTRY");
    add_address(e, std::move(address));
  }
}

void add_dates_of_birth(core::ListedEntity& e, const pugi::xml_node& individual) {
  for (const auto dob : individual.children("INDIVIDUAL_DATE_OF_BIRTH")) {
    std::vector<std::string> dates;
    if (auto date = normalise_date(dob.child_value("DATE"))) {
      dates.push_back(*date);
    } else if (auto year = normalise_date(dob.child_value("YEAR"))) {
      dates.push_back(*year);
    } else if (const auto from = normalise_date(dob.child_value("FROM_YEAR")),
               to = normalise_date(dob.child_value("TO_YEAR"));
               from && to) {
      dates = years_between(std::stoi(from->substr(0, 4)), std::stoi(to->substr(0, 4)));
    } else {
      // Some dates are only written in the note: "Nov. 1973".
      dates = parse_date_expression(dob.child_value("NOTE"));
    }
    for (auto& date : dates) add_date_of_birth(e, std::move(date));
  }
}

void add_documents(core::ListedEntity& e, const pugi::xml_node& individual) {
  for (const auto doc : individual.children("INDIVIDUAL_DOCUMENT")) {
    std::string type = text_of(doc, "TYPE_OF_DOCUMENT");
    if (const std::string detail = text_of(doc, "TYPE_OF_DOCUMENT2"); !detail.empty())
      type += type.empty() ? detail : " (" + detail + ")";
    std::string country = text_of(doc, "ISSUING_COUNTRY");
    if (country.empty()) country = text_of(doc, "COUNTRY_OF_ISSUE");
    add_identifier(e, {type, text_of(doc, "NUMBER"), country});
  }
}

std::string place_of_birth(const pugi::xml_node& individual) {
  std::string places;
  for (const auto pob : individual.children("INDIVIDUAL_PLACE_OF_BIRTH")) {
    std::string place;
    for (const char* part : {"CITY", "STATE_PROVINCE", "COUNTRY"}) {
      if (const std::string value = text_of(pob, part); !value.empty())
        place += (place.empty() ? "" : ", ") + value;
    }
    if (!place.empty()) append_remark(places, "POB " + place);
  }
  return places;
}

std::string values_of(const pugi::xml_node& node, const char* child) {
  std::string out;
  for (const auto value : node.child(child).children("VALUE")) {
    if (const std::string text = clean(value.child_value()); !text.empty())
      out += (out.empty() ? "" : ", ") + text;
  }
  return out;
}

class UnParser {
 public:
  explicit UnParser(const std::filesystem::path& path) : path_(path), file_(path.string()) {}

  ParsedList parse() {
    const std::string raw = read_list_file(path_);
    content_ = require_utf8(raw, file_);
    pugi::xml_document doc;
    load_xml(doc, content_, file_);
    const auto root = doc.child("CONSOLIDATED_LIST");
    if (!root) fail_at(location(file_, 1), "expected a CONSOLIDATED_LIST root element (UN XML)");

    ParsedList list;
    list.list_id = std::string(kListId);
    list.title = "UN Security Council Consolidated List";
    list.format = ListFormat::un_xml;
    list.source_files.push_back(path_);
    if (auto date = normalise_date(root.attribute("dateGenerated").value())) list.published = *date;

    for (const auto node : root.child("INDIVIDUALS").children("INDIVIDUAL")) {
      auto e = common(node, core::EntityType::person);
      std::string name;
      for (const char* part : {"FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME"}) {
        if (const std::string value = text_of(node, part); !value.empty())
          name += (name.empty() ? "" : " ") + value;
      }
      e.name = name;
      require_name(node, e);
      add_alias(e, node.child_value("NAME_ORIGINAL_SCRIPT"), core::AliasStrength::strong);
      add_aliases(e, node, "INDIVIDUAL_ALIAS");
      for (const auto value : node.child("NATIONALITY").children("VALUE")) {
        if (!add_country(e, value.child_value()) && *value.child_value() != '\0')
          append_remark(e.remarks, std::string("Nationality: ") + value.child_value());
      }
      add_dates_of_birth(e, node);
      add_documents(e, node);
      add_addresses(e, node, "INDIVIDUAL_ADDRESS");
      std::string extra;
      if (const auto titles = values_of(node, "TITLE"); !titles.empty())
        append_remark(extra, "Title: " + titles);
      if (const auto designations = values_of(node, "DESIGNATION"); !designations.empty())
        append_remark(extra, "Designation: " + designations);
      append_remark(extra, place_of_birth(node));
      append_remark(e.remarks, extra);
      list.entities.push_back(std::move(e));
    }
    for (const auto node : root.child("ENTITIES").children("ENTITY")) {
      auto e = common(node, core::EntityType::organization);
      e.name = text_of(node, "FIRST_NAME");
      require_name(node, e);
      add_aliases(e, node, "ENTITY_ALIAS");
      add_addresses(e, node, "ENTITY_ADDRESS");
      list.entities.push_back(std::move(e));
    }
    return list;
  }

 private:
  std::size_t line_of(const pugi::xml_node& node) const {
    const auto offset = node.offset_debug();
    return offset < 0 ? 0 : line_at(content_, static_cast<std::size_t>(offset));
  }

  core::ListedEntity common(const pugi::xml_node& node, core::EntityType type) {
    core::ListedEntity e;
    e.list = std::string(kListId);
    e.type = type;
    e.source_id = text_of(node, "REFERENCE_NUMBER");
    if (e.source_id.empty())
      fail_at(location(file_, line_of(node), "REFERENCE_NUMBER"), "missing reference number");
    if (!seen_.insert(e.source_id).second)
      fail_at(location(file_, line_of(node.child("REFERENCE_NUMBER")), "REFERENCE_NUMBER"),
              "duplicate reference number " + e.source_id);
    add_unique(e.programs, text_of(node, "UN_LIST_TYPE"));
    e.remarks = text_of(node, "COMMENTS1");
    if (auto date = normalise_date(node.child_value("LISTED_ON"))) e.listed_on = *date;
    e.source_url = "https://scsanctions.un.org/resources/xml/en/consolidated.xml";
    return e;
  }

  void require_name(const pugi::xml_node& node, const core::ListedEntity& e) const {
    if (e.name.empty()) fail_at(location(file_, line_of(node), "FIRST_NAME"), "missing name");
  }

  std::filesystem::path path_;
  std::string file_;
  std::string_view content_;
  std::unordered_set<std::string> seen_;
};

}  // namespace

ParsedList parse_un_xml(const std::filesystem::path& path) {
  return UnParser(path).parse();
}

}  // namespace echri::screening::detail

#include "cases/denial_draft.hpp"

#include <algorithm>

#include "assessment/application_json.hpp"
#include "cases/case_service.hpp"
#include "cases/internal/case_records.hpp"
#include "cases/internal/case_steps.hpp"
#include "core/calendar.hpp"
#include "core/field_limits.hpp"
#include "core/text_util.hpp"
#include "exchange/notification.hpp"

namespace echri::cases {
namespace {

using nlohmann::json;
using namespace detail;  // NOLINT(google-build-using-namespace): this module's own helpers

enum class Lines { one, many };

// The exchange format refuses control characters (line feeds and tabs only in prose), which the
// application format lets through; a space keeps the words apart.
std::string exchange_text(std::string_view text, Lines lines) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    const bool control = byte < 0x20 || byte == 0x7f;
    const bool kept = lines == Lines::many && (c == '\n' || c == '\t');
    out.push_back(control && !kept ? ' ' : c);
  }
  return std::string(core::trim(out));
}

// At most `max_bytes`, cut before a UTF-8 sequence rather than inside it.
std::string cut_utf8(std::string text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  std::size_t end = max_bytes;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0U) == 0x80U) --end;
  text.resize(end);
  return text;
}

void add_once(std::vector<std::string>& values, const std::string& value) {
  if (std::find(values.begin(), values.end(), value) == values.end()) values.push_back(value);
}

// The party as the exchange writes it; nullopt when it has no country and none can stand in.
std::optional<json> party_json(const core::Party& party, std::string_view fallback_country,
                               bool with_role) {
  const std::string country = party.country.empty() ? std::string(fallback_country) : party.country;
  if (country.empty()) return std::nullopt;
  json out{{"name", exchange_text(party.name, Lines::one)}, {"country", country}};
  if (with_role) out["role"] = std::string(core::to_string(party.role));
  if (const auto address = exchange_text(party.address, Lines::many); !address.empty())
    out["address"] = address;
  return out;
}

// The ultimate end user when named: it is the party the assessment judged, and the one another
// state must recognise.
const core::Party* denied_end_user(const core::Application& application) {
  const core::Party* end_user = nullptr;
  for (const auto& party : application.parties) {
    if (party.role == core::PartyRole::ultimate_end_user) return &party;
    if (party.role == core::PartyRole::end_user && end_user == nullptr) end_user = &party;
  }
  return end_user;
}

std::string item_description(const core::Application& application) {
  std::string text;
  if (application.items.size() == 1) {
    text = exchange_text(application.items.front().description, Lines::many);
  } else {
    // Several items: each on its line with its entry, so that the officer can redact by line.
    for (const auto& item : application.items) {
      if (!text.empty()) text += '\n';
      text += item.control_entry + ": " + exchange_text(item.description, Lines::one);
    }
  }
  return cut_utf8(std::move(text), core::kMaxDescriptionBytes);
}

std::string end_use(const core::EndUse& end_use) {
  if (auto text = exchange_text(end_use.description, Lines::many); !text.empty()) return text;
  if (end_use.category) return std::string(core::to_string(*end_use.category));
  return "not stated by the applicant";
}

}  // namespace

Result<json> denial_body(std::string_view id, const core::Application& application,
                         std::string_view decision_date, const std::vector<std::string>& reasons) {
  const core::Party* end_user = denied_end_user(application);
  auto end_user_json =
      end_user != nullptr ? party_json(*end_user, application.destination, false) : std::nullopt;
  if (!end_user_json)
    return fail(ErrorKind::conflict,
                std::string(id) + " names no end user, and a denial must: write it by hand");
  auto expires = exchange::default_denial_expiry(decision_date);
  if (!expires) return tl::unexpected(expires.error());

  std::vector<std::string> entries;
  std::vector<std::string> capabilities;
  for (const auto& item : application.items) {
    add_once(entries, item.control_entry);
    for (const auto& capability : item.capabilities) add_once(capabilities, capability);
  }
  std::vector<std::string> codes;
  for (const auto& reason : reasons) add_once(codes, reason);

  json body{{"authority_reference", std::string(id)},
            {"decision_date", std::string(decision_date)},
            {"expires_on", *expires},
            {"control_entries", entries},
            {"capabilities", capabilities},
            {"item_description", item_description(application)},
            {"end_user", std::move(*end_user_json)},
            {"end_use", end_use(application.end_use)},
            {"reasons", codes}};
  const core::Party* consignee = nullptr;
  json others = json::array();
  for (const auto& party : application.parties) {
    if (&party == end_user) continue;
    if (party.role == core::PartyRole::consignee && consignee == nullptr) {
      consignee = &party;
      if (auto named = party_json(party, application.destination, false))
        body["consignee"] = std::move(*named);
    } else if (auto other = party_json(party, "", true)) {
      others.push_back(std::move(*other));
    }
  }
  // The format spells an absent list one way: absent, never empty.
  if (!others.empty()) body["other_parties"] = std::move(others);

  if (auto valid = exchange::validate_body(exchange::NotificationKind::denial, body, "$.body");
      !valid) {
    return fail(ErrorKind::conflict,
                std::string(id) + " does not make a valid denial: " + valid.error().message,
                valid.error().where);
  }
  return body;
}

DenialDrafts::DenialDrafts(store::Store& store, const assessment::Catalogue& catalogue)
    : store_(store), catalogue_(catalogue) {}

Result<json> DenialDrafts::draft(const Principal& actor, std::string_view id) const {
  return store::read_returning<json>(store_, [&](store::Transaction& tx) {
    return catch_failure([&]() -> Result<json> {
      require_officer(actor, "draft denials");
      const auto record = load(tx, actor, kApplication, id);
      const auto body = body_of(record);
      const auto decision = body.value("decision", json::object());
      const auto outcome = decision.value("outcome", "");
      if (state_of(record) != CaseState::decided)
        raise(ErrorKind::conflict,
              "only a refusal yields a denial; " + record.id + " is " + record.state);
      if (outcome != to_string(Outcome::refused))
        raise(ErrorKind::conflict,
              "only a refusal yields a denial; " + record.id + " was decided '" + outcome + "'");
      const auto application = value_or_raise(assessment::application_from_json(
          body.value("application", json::object()), catalogue_, "", "$.application"));
      const auto decided_at = decision.value("at", "");
      const auto date = decided_at.substr(0, std::min<std::size_t>(10, decided_at.size()));
      if (!core::is_calendar_date(date))
        raise(ErrorKind::internal, record.id + " has a decision without its date");
      auto denial = value_or_raise(denial_body(
          record.id, application, date, decision.value("reasons", std::vector<std::string>{})));
      return json{{"kind", "denial"}, {"audience", "all"}, {"body", std::move(denial)}};
    });
  });
}

}  // namespace echri::cases

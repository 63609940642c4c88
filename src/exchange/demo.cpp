#include "exchange/demo.hpp"

#include <nlohmann/json.hpp>

namespace echri::exchange {

Result<std::size_t> seed_exchange_demo(ExchangeNode& node, store::Store& store) {
  ECHRI_ASSIGN_OR_RETURN(const auto extent, store::read_returning<store::LogExtent>(
                                                store, [&](store::Transaction& tx) {
                                                  return tx.log_extent(node.origin());
                                                }));
  if (extent.entries > 0) return std::size_t{0};
  const Actor demo{"demo", "system", ""};
  const std::vector<std::pair<NotificationKind, nlohmann::json>> notifications{
      {NotificationKind::threat_report,
       {{"subject_type", "technology"},
        {"subject", "Fictional IMSI-catcher kit \"Pretend-Grabber 3\""},
        {"summary",
         "Demo data (fictional): the kit was offered through a reseller in a third country to a "
         "security service with a record of arbitrary detention of journalists."},
        {"risk", "high"}}},
      {NotificationKind::best_practice,
       {{"title", "Asking for end-user assurances on surveillance software (demo, fictional)"},
        {"text",
         "Demo data (fictional): require a signed end-use statement naming the lawful-interception "
         "framework, the oversight body and the retention period before any licence for "
         "intrusion software is considered."}}},
      {NotificationKind::meeting_record,
       {{"title", "Demo plenary of the Subscribing States (fictional)"},
        {"held_on", "2026-06-15"},
        {"text",
         "Demo data (fictional): the states discussed sharing views on facial-recognition "
         "systems and agreed to publish denials within 30 days."},
        {"participants", nlohmann::json::array({"DE", "FR", "NL", "US"})}}},
  };
  std::size_t published = 0;
  for (const auto& [kind, body] : notifications) {
    ECHRI_TRY(node.publish(kind, body, {}, demo));
    ++published;
  }
  return published;
}

}  // namespace echri::exchange

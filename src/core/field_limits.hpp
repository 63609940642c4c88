#pragma once
// The longest strings and lists echri takes from outside, whoever reads them (the application and
// peer-denial readers, the API's routes, the case services). docs/api.md, "Limits", lists them;
// bounded input is what keeps screening and assessment time bounded.

#include <cstddef>

namespace echri::core {

// A name that is screened: a party, an exporter, a denied end user, a POST /api/v1/screen query.
inline constexpr std::size_t kMaxNameBytes = 500;
// Codes, references, addresses, identifiers: any string no other limit names.
inline constexpr std::size_t kMaxFieldBytes = 1000;
// The descriptions of items and end uses, the reason of a peer denial.
inline constexpr std::size_t kMaxDescriptionBytes = 10000;
// What people write to each other on a case: notes, questions, answers, explanations, reasons.
inline constexpr std::size_t kMaxFreeTextBytes = 20000;
// The entries of a list in a document: items, parties, capabilities.
inline constexpr std::size_t kMaxListEntries = 200;

}  // namespace echri::core

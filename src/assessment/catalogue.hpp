#pragma once
// The control catalogue: the control-list entries that matter for human rights (Wassenaar/EU
// categories 4 and 5, US crime-control ECCNs, restraints and riot-control items), the capability
// vocabulary for unlisted cyber-surveillance items (Regulation 2021/821 Article 5), and the
// due-diligence questions an application answers. The project writes it
// (data/catalogue/catalogue.toml, compiled into the binary); every record cites its source.

#include <string>
#include <string_view>
#include <vector>

#include "assessment/risk.hpp"
#include "core/result.hpp"

namespace echri::assessment {

struct ControlEntry {
  std::string id;        // "5A001.j", "3A981"
  std::string title;     // the list's own heading, shortened
  std::string regime;    // "wassenaar", "eu", "us-ear", "eu-anti-torture"
  std::string category;  // "cyber-surveillance", "telecommunications", "crime-control", ...
  Sensitivity sensitivity = Sensitivity::none;
  std::vector<std::string> capabilities;  // capability ids the entry implies
  std::string rationale;                  // why this sensitivity, for the officer
  std::string citation;                   // where the entry is defined
};

struct Capability {
  std::string id;  // "interception"
  std::string title;
  Sensitivity sensitivity = Sensitivity::none;
  std::string description;
  std::string citation;
};

// A due-diligence question. Answers are phrased so that `true` means the concern applies.
struct Question {
  std::string id;      // "payment_in_cash"
  std::string text;    // the question as asked
  std::string source;  // "bis-kyc" or "eu-cyber-surveillance"
  std::string citation;
  bool human_rights = false;  // about misuse against people rather than diversion
};

class Catalogue {
 public:
  // The catalogue compiled into the binary from data/catalogue/catalogue.toml.
  static const Catalogue& builtin();

  // Most specific entry first: "5A001.j.1" falls back to "5A001.j", then "5A001". Case-sensitive
  // on the sub-items (lower case) and insensitive on the entry ("5a001.j" is "5A001.j").
  [[nodiscard]] const ControlEntry* find_entry(std::string_view id) const;
  [[nodiscard]] const Capability* find_capability(std::string_view id) const;
  [[nodiscard]] const Question* find_question(std::string_view id) const;

  [[nodiscard]] const std::vector<ControlEntry>& entries() const { return entries_; }
  [[nodiscard]] const std::vector<Capability>& capabilities() const { return capabilities_; }
  [[nodiscard]] const std::vector<Question>& questions() const { return questions_; }
  [[nodiscard]] const std::string& version() const { return version_; }

 private:
  friend Result<Catalogue> parse_catalogue(std::string_view, const std::string&);
  std::string version_;
  std::vector<ControlEntry> entries_;  // sorted by id
  std::vector<Capability> capabilities_;
  std::vector<Question> questions_;
};

// Parses the TOML catalogue; errors name file:line and the field. Capabilities an entry names must
// exist; ids are unique.
Result<Catalogue> parse_catalogue(std::string_view toml_text, const std::string& file);

// Whether `id` is written like a control-list entry: "5A001", "5A001.j", "5A001.j.1", "EAR99".
// Case-insensitive in the first five characters. "none" is not an entry.
bool is_control_entry_syntax(std::string_view id);

}  // namespace echri::assessment

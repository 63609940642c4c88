#include "assessment/report_render.hpp"

#include <cmath>
#include <sstream>

namespace echri::assessment {
namespace {

std::string number(double value) {
  std::ostringstream out;
  out << value;
  return out.str();
}

// Markdown table cells may not hold pipes or line breaks.
std::string cell(std::string_view text) {
  std::string out;
  for (const char c : text) {
    if (c == '|')
      out += "\\|";
    else if (c == '\n' || c == '\r')
      out += ' ';
    else
      out += c;
  }
  return out;
}

// "100", or "100 (sum 163, capped at 100)" when the factors add up to more.
std::string total_text(const Assessment& assessment) {
  double sum = 0;
  for (const auto& factor : assessment.factors) sum += factor.points;
  sum = std::round(sum * 10) / 10;
  if (sum <= assessment.score) return number(assessment.score);
  return number(assessment.score) + " (sum " + number(sum) + ", capped at 100)";
}

std::string party_label(const core::Party& party) {
  std::string label = party.name + " (" + std::string(core::to_string(party.role));
  if (party.type) label += ", " + std::string(core::to_string(*party.type));
  if (!party.country.empty()) label += ", " + party.country;
  return label + ")";
}

std::string screening_summary(const Assessment& assessment, std::size_t party_index) {
  if (!assessment.screening.performed) return "not screened";
  for (const auto& screened : assessment.screening.parties) {
    if (screened.party_index != party_index || screened.hits.empty()) continue;
    std::string text;
    for (const auto& hit : screened.hits) {
      if (!text.empty()) text += "; ";
      text += hit.listed_name + " on " + hit.list + " (" + hit.source_id + "), score " +
              number(std::round(hit.score * 1000) / 1000) +
              (hit.identifier_match ? ", identifier matches" : "");
    }
    return "potential match: " + text;
  }
  return "clear";
}

}  // namespace

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string render_markdown(const Assessment& assessment, const core::Application& application) {
  std::ostringstream out;
  out << "# Human-rights risk assessment: " << cell(assessment.reference) << "\n\n";
  out << "- **Risk:** " << to_string(assessment.level) << " (" << number(assessment.score)
      << " of 100)\n";
  out << "- **Recommendation:** " << to_string(assessment.recommendation) << " (rule `"
      << assessment.decisive_rule.trigger << "`: " << assessment.decisive_rule.citation << ")\n";
  out << "- **Exporter:** " << application.exporter.name << " (" << application.exporter.country
      << "); **destination:** " << application.destination << "\n";
  out << "- **Assessed as of** " << assessment.as_of << " under " << assessment.policy_name << " "
      << assessment.policy_version << ", catalogue " << assessment.catalogue_version << "\n\n";

  out << "## Factors\n\n| factor | points | evidence | citation |\n|---|---:|---|---|\n";
  for (const auto& factor : assessment.factors)
    out << "| `" << factor.id << "` | " << number(factor.points) << " | " << cell(factor.evidence)
        << " | " << cell(factor.citation) << " |\n";
  out << "| **total** | **" << total_text(assessment) << "** | | |\n\n";

  if (!assessment.conditions.empty()) {
    out << "## Conditions\n\n";
    for (const auto& condition : assessment.conditions)
      out << "- " << condition.text << " (`" << condition.id << "`; " << condition.citation
          << ")\n";
    out << "\n";
  }
  if (!assessment.missing_information.empty()) {
    out << "## Missing information\n\n";
    for (const auto& missing : assessment.missing_information)
      out << "- `" << missing.path << "`: " << missing.what << "\n";
    out << "\n";
  }
  if (!assessment.red_flags.empty()) {
    out << "## Red flags\n\n";
    for (const auto& flag : assessment.red_flags)
      out << "- `" << flag.id << "`: " << flag.question << " (" << flag.citation << ")\n";
    out << "\n";
  }
  out << "## Items\n\n| # | entry | sensitivity | basis |\n|---:|---|---|---|\n";
  for (const auto& item : assessment.items)
    out << "| " << item.index + 1 << " | " << cell(item.control_entry) << " | "
        << to_string(item.sensitivity) << " | " << cell(item.basis) << " |\n";
  out << "\n## Parties and screening\n\n| party | screening |\n|---|---|\n";
  for (std::size_t i = 0; i < application.parties.size(); ++i)
    out << "| " << cell(party_label(application.parties[i])) << " | "
        << cell(screening_summary(assessment, i)) << " |\n";
  if (assessment.screening.performed) {
    out << "\nScreened against:";
    for (const auto& list : assessment.screening.lists) out << " `" << list << "`";
    out << "\n";
  }
  if (!assessment.peer_denials.empty()) {
    out << "\n## Denials by other Subscribing States\n\n";
    for (const auto& denial : assessment.peer_denials)
      out << "- " << denial.state << " " << denial.reference << " (" << denial.date
          << "): " << denial.control_entry << " to " << denial.end_user << ", " << denial.reason
          << "\n";
  }
  if (!assessment.data_warnings.empty()) {
    out << "\n## Data warnings\n\n";
    for (const auto& warning : assessment.data_warnings) out << "- " << warning << "\n";
  }
  return out.str();
}

std::string render_html(const Assessment& assessment, const core::Application& application) {
  const auto e = [](std::string_view text) { return html_escape(text); };
  std::ostringstream out;
  out << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      << "<title>Assessment " << e(assessment.reference) << "</title>\n"
      << "<style>\n"
      << "body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;"
         "color:#1a1a1a;line-height:1.45}\n"
      << "table{border-collapse:collapse;width:100%;margin:0.5rem 0 1.5rem}\n"
      << "th,td{border:1px solid #bbb;padding:0.3rem 0.5rem;text-align:left;vertical-align:top}\n"
      << "th{background:#eee}td.num{text-align:right}\n"
      << ".level{display:inline-block;padding:0.2rem "
         "0.6rem;border-radius:0.3rem;font-weight:bold}\n"
      << ".low{background:#d7f0d7}.medium{background:#fff1c2}.high{background:#ffd6b0}"
         ".severe{background:#f6b3b3}\n"
      << "code{font-size:0.9em}footer{color:#555;font-size:0.85em;margin-top:2rem}\n"
      << "@media print{body{margin:0;max-width:none}}\n"
      << "</style>\n</head>\n<body>\n";
  out << "<h1>Human-rights risk assessment: " << e(assessment.reference) << "</h1>\n";
  out << "<p><span class=\"level " << to_string(assessment.level) << "\">Risk "
      << to_string(assessment.level) << " &middot; " << number(assessment.score)
      << "/100</span> &nbsp; Recommendation: <strong>" << to_string(assessment.recommendation)
      << "</strong> (rule <code>" << e(assessment.decisive_rule.trigger)
      << "</code>: " << e(assessment.decisive_rule.citation) << ")</p>\n";
  out << "<p>Exporter: " << e(application.exporter.name) << " (" << e(application.exporter.country)
      << "). Destination: " << e(application.destination) << ". Assessed as of "
      << e(assessment.as_of) << " under " << e(assessment.policy_name) << " "
      << e(assessment.policy_version) << ".</p>\n";

  out << "<h2>Factors</h2>\n<table>\n<tr><th>Factor</th><th>Points</th><th>Evidence</th>"
         "<th>Citation</th></tr>\n";
  for (const auto& factor : assessment.factors)
    out << "<tr><td><code>" << e(factor.id) << "</code></td><td class=\"num\">"
        << number(factor.points) << "</td><td>" << e(factor.evidence) << "</td><td>"
        << e(factor.citation) << "</td></tr>\n";
  out << "<tr><th>Total</th><th class=\"num\">" << total_text(assessment)
      << "</th><th></th><th></th></tr>\n</table>\n";

  const auto list = [&](const char* title, const auto& entries, auto&& line) {
    if (entries.empty()) return;
    out << "<h2>" << title << "</h2>\n<ul>\n";
    for (const auto& entry : entries) out << "<li>" << line(entry) << "</li>\n";
    out << "</ul>\n";
  };
  list("Conditions", assessment.conditions, [&](const Condition& condition) {
    return e(condition.text) + " <small>(" + e(condition.citation) + ")</small>";
  });
  list("Missing information", assessment.missing_information,
       [&](const MissingInformation& m) { return "<code>" + e(m.path) + "</code>: " + e(m.what); });
  list("Red flags", assessment.red_flags, [&](const RedFlag& flag) {
    return e(flag.question) + " <small>(" + e(flag.citation) + ")</small>";
  });

  out << "<h2>Items</h2>\n<table>\n<tr><th>#</th><th>Entry</th><th>Sensitivity</th>"
         "<th>Basis</th></tr>\n";
  for (const auto& item : assessment.items)
    out << "<tr><td class=\"num\">" << item.index + 1 << "</td><td>" << e(item.control_entry)
        << "</td><td>" << to_string(item.sensitivity) << "</td><td>" << e(item.basis)
        << "</td></tr>\n";
  out << "</table>\n<h2>Parties and screening</h2>\n<table>\n<tr><th>Party</th>"
         "<th>Screening</th></tr>\n";
  for (std::size_t i = 0; i < application.parties.size(); ++i)
    out << "<tr><td>" << e(party_label(application.parties[i])) << "</td><td>"
        << e(screening_summary(assessment, i)) << "</td></tr>\n";
  out << "</table>\n";
  list("Denials by other Subscribing States", assessment.peer_denials,
       [&](const PeerDenial& denial) {
         return e(denial.state + " " + denial.reference + " (" + denial.date +
                  "): " + denial.control_entry + " to " + denial.end_user + ", " + denial.reason);
       });
  list("Data warnings", assessment.data_warnings,
       [&](const std::string& warning) { return e(warning); });
  out << "<footer>echri assessment; catalogue " << e(assessment.catalogue_version);
  if (assessment.screening.performed) {
    out << "; screened against";
    for (const auto& version : assessment.screening.lists) out << " " << e(version);
  }
  out << ".</footer>\n</body>\n</html>\n";
  return out.str();
}

}  // namespace echri::assessment

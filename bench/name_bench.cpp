// Name-matching quality on OpenSanctions' name_bench (826 labelled pairs): precision, recall and
// F1 at the operating threshold, overall, per schema and per case group, beside logic-v2's frozen
// results on the same pairs. Also the cross-script pairs with their minimum expected scores.
//
// Usage: echri_name_bench [--threshold X] [--errors]

#include <chrono>
#include <cstdio>
#include <iostream>
#include <map>
#include <pugixml.hpp>
#include <string>

#include "bench_support.hpp"
#include "screening/name_score.hpp"
#include "screening/screening_index.hpp"

namespace {

using echri::screening::compare_names;

struct Counts {
  int tp = 0, fp = 0, tn = 0, fn = 0;
  void add(bool truth, bool predicted) {
    if (truth && predicted)
      ++tp;
    else if (!truth && predicted)
      ++fp;
    else if (truth)
      ++fn;
    else
      ++tn;
  }
  [[nodiscard]] double precision() const { return tp + fp == 0 ? 0 : double(tp) / (tp + fp); }
  [[nodiscard]] double recall() const { return tp + fn == 0 ? 0 : double(tp) / (tp + fn); }
  [[nodiscard]] double f1() const {
    const double p = precision(), r = recall();
    return p + r == 0 ? 0 : 2 * p * r / (p + r);
  }
};

void print_row(const std::string& label, const Counts& c) {
  std::printf("  %-22s n=%4d  P=%.3f  R=%.3f  F1=%.3f  (tp %d fp %d fn %d tn %d)\n", label.c_str(),
              c.tp + c.fp + c.tn + c.fn, c.precision(), c.recall(), c.f1(), c.tp, c.fp, c.fn, c.tn);
}

std::optional<echri::core::EntityType> type_of_schema(const std::string& schema) {
  if (schema == "Person") return echri::core::EntityType::person;
  if (schema == "Vessel") return echri::core::EntityType::vessel;
  return echri::core::EntityType::organization;
}

}  // namespace

int main(int argc, char** argv) {
  double threshold = echri::screening::kDefaultThreshold;
  bool show_errors = false;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--threshold" && i + 1 < argc)
      threshold = std::stod(argv[++i]);
    else if (arg == "--errors")
      show_errors = true;
    else {
      std::cerr << "usage: echri_name_bench [--threshold X] [--errors]\n";
      return 2;
    }
  }
  const auto data = echri::bench::shared_data_or_exit();
  const auto cases = echri::bench::read_csv_rows(data / "matching" / "name_bench_cases.csv");

  Counts overall;
  std::map<std::string, Counts> per_schema, per_group;
  std::vector<std::pair<double, bool>> scored;
  for (const auto& row : cases) {
    const bool truth = row.at("is_match") == "true";
    const double score =
        compare_names(row.at("name1"), row.at("name2"), type_of_schema(row.at("schema")))
            .name.score;
    const bool predicted = score >= threshold;
    overall.add(truth, predicted);
    per_schema[row.at("schema")].add(truth, predicted);
    per_group[row.at("case_group")].add(truth, predicted);
    scored.emplace_back(score, truth);
    if (show_errors && truth != predicted) {
      std::printf("  %s %.3f  %-10s %s | %s   [%s]\n", truth ? "FN" : "FP", score,
                  row.at("schema").c_str(), row.at("name1").c_str(), row.at("name2").c_str(),
                  row.at("notes").c_str());
    }
  }
  std::printf("name_bench: %zu labelled pairs, threshold %.2f\n", cases.size(), threshold);
  {
    // Time of one comparison from raw strings, normalisation of both included: each pair 50
    // times, the per-pair mean, then the median and p90 over pairs.
    constexpr int kRounds = 50;
    std::vector<double> micros;
    double sink = 0;
    for (const auto& row : cases) {
      const auto type = type_of_schema(row.at("schema"));
      const auto start = std::chrono::steady_clock::now();
      for (int r = 0; r < kRounds; ++r)
        sink += compare_names(row.at("name1"), row.at("name2"), type).name.score;
      micros.push_back(
          std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start)
              .count() /
          kRounds);
    }
    std::printf("  raw pair comparison (both names normalised): median %.2f us, p90 %.2f us%s\n",
                echri::bench::median(micros), echri::bench::percentile(micros, 0.9),
                sink < 0 ? "!" : "");
  }
  print_row("echri overall", overall);
  for (const auto& [schema, counts] : per_schema) print_row("schema " + schema, counts);
  for (const auto& [group, counts] : per_group) print_row("group " + group, counts);

  // The best threshold on this data, for information only: the operating threshold is fixed.
  double best_f1 = 0, best_threshold = 0;
  for (int t = 50; t <= 95; ++t) {
    Counts c;
    for (const auto& [score, truth] : scored) c.add(truth, score >= t / 100.0);
    if (c.f1() > best_f1) best_f1 = c.f1(), best_threshold = t / 100.0;
  }
  std::printf("  (best F1 on this data would be %.3f at threshold %.2f)\n", best_f1,
              best_threshold);

  const auto frozen_path = data / "matching" / "name_bench_logicv2_frozen.csv";
  if (std::filesystem::exists(frozen_path)) {
    Counts logic;
    for (const auto& row : echri::bench::read_csv_rows(frozen_path))
      logic.add(row.at("is_match") == "true", row.at("predicted_match") == "true");
    print_row("logic-v2 (frozen)", logic);
  }

  const auto cross_path = data / "matching" / "cross_script_pairs.csv";
  if (std::filesystem::exists(cross_path)) {
    int passed = 0, total = 0;
    // The file has no header row, only a comment naming the columns.
    for (const auto& row : echri::bench::read_csv_rows(
             cross_path, {"Query", "Expected Match", "Min Score", "Description"})) {
      const auto q = row.find("Query"), e = row.find("Expected Match"), m = row.find("Min Score");
      if (q == row.end() || e == row.end() || m == row.end()) continue;
      const double score =
          compare_names(q->second, e->second, echri::core::EntityType::person).name.score;
      const double minimum = std::stod(m->second);
      ++total;
      if (score >= minimum) ++passed;
      if (show_errors && score < minimum)
        std::printf("  cross-script below minimum: %.3f < %.2f  %s | %s\n", score, minimum,
                    q->second.c_str(), e->second.c_str());
    }
    std::printf("cross_script_pairs: %d of %d pairs at or above their minimum score\n", passed,
                total);
  }

  // Real list entries: the UN list's individuals whose name it also gives in Arabic script,
  // original against the Latin name, at the threshold.
  const auto un_path = data / "lists" / "un" / "UN_consolidated.xml";
  if (std::filesystem::exists(un_path)) {
    pugi::xml_document document;
    if (document.load_file(un_path.c_str())) {
      int pairs = 0, met = 0;
      for (const auto& node : document.select_nodes("//INDIVIDUAL[NAME_ORIGINAL_SCRIPT != '']")) {
        const auto individual = node.node();
        const std::string original = individual.child_value("NAME_ORIGINAL_SCRIPT");
        const auto lead = static_cast<unsigned char>(original.empty() ? 0 : original[0]);
        if (lead < 0xD8 || lead > 0xDB) continue;  // Arabic-script letters only
        std::string latin;
        for (const char* part : {"FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME"}) {
          const std::string value = individual.child_value(part);
          if (!value.empty()) latin += (latin.empty() ? "" : " ") + value;
        }
        ++pairs;
        const double score =
            compare_names(original, latin, echri::core::EntityType::person).name.score;
        if (score >= threshold)
          ++met;
        else if (show_errors)
          std::printf("  UN original script below threshold: %.3f  %s | %s\n", score,
                      original.c_str(), latin.c_str());
      }
      std::printf(
          "UN original-script names (Arabic script) against their Latin names: %d of %d "
          "at or above %.2f\n",
          met, pairs, threshold);
    }
  }
  return 0;
}
